import { describe, expect, it } from 'vitest';
import { DOOR_KINDS } from '../../../shared/map/types.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { canOpenDoor, doorOpenTime } from '../../../shared/sim/doors.js';
import { INTERACT } from '../../../shared/tuning.js';

/** Which doors each role may open, and how long it takes: one rule for the simulation and the bots' plans. */

describe('doors: who opens what', () => {
  it('John hacks any locked door; the vault takes INTERACT.hackVault, the rest INTERACT.hackDoor', () => {
    for (const kind of DOOR_KINDS) {
      expect(doorOpenTime('john', kind)).toBe(kind === 'vault' ? INTERACT.hackVault : INTERACT.hackDoor);
    }
  });

  it("Dyson's keycard opens Cyberdyne doors and the vault at once, and nothing else", () => {
    expect(doorOpenTime('dyson', 'cyberdyne')).toBe(0);
    expect(doorOpenTime('dyson', 'vault')).toBe(0);
    expect(canOpenDoor('dyson', 'door')).toBe(false);
    expect(canOpenDoor('dyson', 'cell')).toBe(false);
  });

  it('Sarah picks only a cell, in INTERACT.lockPick before her fast hands', () => {
    expect(doorOpenTime('sarah', 'cell')).toBe(INTERACT.lockPick);
    for (const kind of ['door', 'cyberdyne', 'vault'] as const)
      expect(canOpenDoor('sarah', kind)).toBe(false);
  });

  it('the T-800, the T-1000 and the NPCs open none', () => {
    for (const role of ['t800', 't1000', 'police', 'guard', 'civilian'] as const) {
      for (const kind of DOOR_KINDS) expect(canOpenDoor(role, kind)).toBe(false);
    }
  });

  it('canOpenDoor is exactly "has an open time"', () => {
    for (const role of Object.keys(ROLE_NAMES) as Role[]) {
      for (const kind of DOOR_KINDS) {
        expect(canOpenDoor(role, kind)).toBe(doorOpenTime(role, kind) >= 0);
      }
    }
  });
});
