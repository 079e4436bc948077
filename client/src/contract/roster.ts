import { isPlayerRole, PLAYER_ROLES, type PlayerRole } from '../../../shared/roles.js';
import type { SpectatorEntity } from '../../../shared/sim/sideView.js';
import type { RosterRow } from './frame.js';

/**
 * The spectators' roster from the true entities: one row per player, in role
 * order, with who plays it, its true name and role, its health and what it
 * is doing to hide (a disguise, liquid form). `idOf` gives the frame id of
 * an entity; `shown` whether the side's view shows it now; `seat` the name
 * of who plays a role ('' when unknown).
 */
export function rosterRows(
  entities: Iterable<SpectatorEntity>,
  idOf: (entityId: number) => number,
  shown: (entityId: number) => boolean,
  seat: (role: PlayerRole) => string = () => '',
): RosterRow[] {
  const rows: RosterRow[] = [];
  for (const e of entities) {
    if (!isPlayerRole(e.role)) continue;
    rows.push({
      id: idOf(e.entityId),
      player: seat(e.role) || e.name,
      name: e.name,
      role: e.role,
      life: e.life,
      disguise: e.mimicRole === '' ? '' : e.mimicName,
      liquid: e.liquid,
      shown: shown(e.entityId),
    });
  }
  return rows.sort((a, b) => PLAYER_ROLES.indexOf(a.role) - PLAYER_ROLES.indexOf(b.role));
}

/** A roster row's state in words: its health, and a disguise or liquid form. */
export function rosterState(r: RosterRow): string {
  const parts: string[] = [r.life];
  if (r.disguise !== '') parts.push(`disguised as ${r.disguise}`);
  if (r.liquid) parts.push('liquid');
  return parts.join(' · ');
}
