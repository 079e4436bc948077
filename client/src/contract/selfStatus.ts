import type { PlayerRole } from '../../../shared/roles.js';
import { type Look, type Truth, truthOf } from '../../../shared/sim/look.js';
import type { Entity } from '../../../shared/sim/types.js';
import { HITS_TO_DOWN } from '../../../shared/tuning.js';
import type { SelfStatus } from './frame.js';

/** The own character's numbers, as its source knows them (the simulation's entity, the server's private state). */
export type OwnNumbers = Omit<
  SelfStatus,
  'role' | 'hitsToDown' | 'life' | 'action' | 'mimicRole' | 'mimicName'
>;

/**
 * The player's own status for the HUD, built here for every match source:
 * its numbers, plus what its entity shows (`look`) and, for the hunter, the
 * disguise it wears (`truth`; null for escorts, who wear none).
 */
export function selfStatus(
  role: PlayerRole,
  look: Pick<Look, 'life' | 'action'>,
  truth: Pick<Truth, 'mimicRole' | 'mimicName'> | null,
  own: OwnNumbers,
): SelfStatus {
  return {
    ...own,
    role,
    life: look.life,
    action: look.action,
    hitsToDown: role === 't1000' ? 0 : HITS_TO_DOWN[role],
    mimicRole: truth?.mimicRole ?? '',
    mimicName: truth?.mimicName ?? '',
  };
}

/** The own status from the simulation's own entity (a match run in the page). */
export function selfStatusOfEntity(role: PlayerRole, e: Entity): SelfStatus {
  return selfStatus(role, e, truthOf(e), {
    hits: e.hits,
    cooldown: e.cooldown,
    sprintLeft: e.sprintLeft,
    sprintCooldown: e.sprintCooldown,
    ammo: e.ammo,
    stun: e.stun,
    slow: e.slow,
    liquid: e.liquid,
    morph: e.morph,
    mimicLeft: e.mimicLeft,
    mimicCooldown: e.mimicCooldown,
    actionProgress: e.actionTime > 0 ? e.actionProgress / e.actionTime : 0,
    actionTime: e.actionTime,
    downedFor: e.downedFor,
  });
}
