import { describe, expect, it } from 'vitest';
import {
  ESCORT_ROLES,
  isEscortRole,
  isGunnerRole,
  isNpcRole,
  isPlayerRole,
  NPC_ROLES,
  PLAYER_ROLES,
  ROLE_NAMES,
  type Role,
} from '../../../shared/roles.js';

/** The roles of GAME.md and the predicates over them. */

const ALL = Object.keys(ROLE_NAMES) as Role[];

describe('roles', () => {
  it('every role is a player role or an NPC role, never both', () => {
    for (const r of ALL) expect(isPlayerRole(r)).toBe(!isNpcRole(r));
    expect(ALL.filter(isPlayerRole)).toEqual(PLAYER_ROLES);
    expect(ALL.filter(isNpcRole)).toEqual(NPC_ROLES);
  });

  it('the escort is every player role but the T-1000', () => {
    expect(ALL.filter(isEscortRole)).toEqual(ESCORT_ROLES);
  });

  it('the gunners are Sarah and the T-800', () => {
    expect(ALL.filter(isGunnerRole)).toEqual(['sarah', 't800']);
    expect(isGunnerRole(null)).toBe(false);
  });
});
