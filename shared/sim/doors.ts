import type { DoorKind } from '../map/types.js';
import type { Role } from '../roles.js';
import { INTERACT } from '../tuning.js';

/**
 * Which locked doors each role may open, and how: John hacks any of them
 * (the vault takes {@link INTERACT.hackVault}, the rest
 * {@link INTERACT.hackDoor}); Dyson's keycard opens Cyberdyne doors and the
 * vault at once; Sarah picks a cell ({@link INTERACT.lockPick}). The
 * simulation and the bots' plans both ask here.
 */

/**
 * Seconds this role's channel on a door of this kind takes (before Sarah's
 * {@link INTERACT.sarahFactor}), 0 for at once, or -1 if the role cannot open it.
 */
export function doorOpenTime(role: Role, kind: DoorKind): number {
  if (role === 'dyson' && (kind === 'cyberdyne' || kind === 'vault')) return 0;
  if (role === 'john') return kind === 'vault' ? INTERACT.hackVault : INTERACT.hackDoor;
  if (role === 'sarah' && kind === 'cell') return INTERACT.lockPick;
  return -1;
}

/** Whether this role can open a locked door of this kind. */
export const canOpenDoor = (role: Role, kind: DoorKind): boolean => doorOpenTime(role, kind) >= 0;
