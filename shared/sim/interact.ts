import { Tile } from '../map/tiles.js';
import type { DoorDef } from '../map/types.js';
import { isEscortRole } from '../roles.js';
import { INTERACT, REVIVE, SHOTGUN, TERMINATE } from '../tuning.js';
import { endMatch } from './acts.js';
import { statsOf } from './combat.js';
import { doorOpenTime } from './doors.js';
import { hitsToDown, isActive, isFullySolid } from './entity.js';
import { emit } from './events.js';
import { tryMimic } from './hunter.js';
import type { ActionKind, Entity, World } from './types.js';

/**
 * Held interactions: a channel starts on the target in reach, goes on while
 * the button is held and the target stays valid and in reach, and completes
 * after its time. Sarah's channels take {@link INTERACT.sarahFactor} of the time.
 */

const dist2 = (e: Entity, x: number, y: number) => (e.x - x) ** 2 + (e.y - y) ** 2;

/** Squared distance from the entity to the nearest tile of a door (tile centres). */
function doorDist2(w: World, e: Entity, d: DoorDef): number {
  let best = Number.POSITIVE_INFINITY;
  const width = w.map.width;
  for (const t of d.tiles) {
    const dd = dist2(e, (t % width) + 0.5, Math.floor(t / width) + 0.5);
    if (dd < best) best = dd;
  }
  return best;
}

export function openDoor(w: World, doorId: number, by: number): void {
  if (w.doors[doorId].open) return;
  w.doors[doorId].open = true;
  const d = w.map.doors[doorId];
  for (const t of d.tiles) w.tiles[t] = Tile.DoorOpen;
  w.tilesVersion++;
  // Opening the vault or the cell that frees Sarah is an objective of the one who opened it.
  let objective = false;
  if (d.kind === 'vault' && !w.objectives.vaultOpen) {
    w.objectives.vaultOpen = true;
    objective = true;
  }
  if (d.kind === 'cell' && w.players.sarah !== undefined) {
    const s = w.entities[w.players.sarah];
    if (!w.objectives.sarahFreed && doorDist2(w, s, d) < INTERACT.sarahFreedRange ** 2) {
      w.objectives.sarahFreed = true;
      objective = true;
    }
  }
  if (objective && by >= 0) statsOf(w, w.entities[by]).objectives++;
  emit(w, 'door', by, -1, d.x, d.y, doorId);
}

function begin(e: Entity, kind: ActionKind, target: number, time: number): void {
  e.action = kind;
  e.actionTarget = target;
  e.actionProgress = 0;
  e.actionTime = e.role === 'sarah' ? time * INTERACT.sarahFactor : time;
}

/** Pick what an escort's held Interact does now; false if nothing is in reach. */
function chooseEscortAction(w: World, e: Entity): boolean {
  const r2 = INTERACT.range ** 2;
  for (const id of Object.values(w.players)) {
    const a = w.entities[id];
    if (a !== e && isEscortRole(a.role) && a.life === 'downed' && dist2(e, a.x, a.y) <= REVIVE.range ** 2) {
      begin(e, 'revive', a.id, REVIVE.time);
      return true;
    }
  }
  for (const d of w.map.doors) {
    if (w.doors[d.id].open || doorDist2(w, e, d) > r2) continue;
    const t = doorOpenTime(e.role, d.kind);
    if (t < 0) continue;
    if (t === 0) {
      openDoor(w, d.id, e.id);
      return true;
    }
    begin(e, e.role === 'sarah' ? 'pick' : 'hack', d.id, t);
    return true;
  }
  const o = w.objectives;
  if (w.act >= 2 && o.vaultOpen && !o.chipDestroyed && dist2(e, w.map.chip.x, w.map.chip.y) <= r2) {
    begin(e, 'plant', -1, INTERACT.plant);
    return true;
  }
  if (w.act >= 2) {
    for (let i = 0; i < w.map.terminals.length; i++) {
      const t = w.map.terminals[i];
      if (!o.terminalsWiped[i] && dist2(e, t.x, t.y) <= r2) {
        begin(e, 'wipe', i, INTERACT.wipe);
        return true;
      }
    }
  }
  if (e.role === 't800' && e.ammo < SHOTGUN.shells) {
    for (const c of w.map.crates) {
      if (dist2(e, c.x, c.y) <= INTERACT.crateRange ** 2 + INTERACT.crateSlack ** 2) {
        e.ammo = SHOTGUN.shells;
        emit(w, 'crate', e.id, -1, c.x, c.y);
        return true;
      }
    }
  }
  return false;
}

/** Whether the action in progress still has a valid target in reach. */
function stillValid(w: World, e: Entity): boolean {
  const r2 = INTERACT.range ** 2;
  switch (e.action) {
    case 'revive': {
      const a = w.entities[e.actionTarget];
      return a.life === 'downed' && dist2(e, a.x, a.y) <= REVIVE.range ** 2;
    }
    case 'hack':
    case 'pick':
      return !w.doors[e.actionTarget].open && doorDist2(w, e, w.map.doors[e.actionTarget]) <= r2;
    case 'plant':
      return !w.objectives.chipDestroyed && dist2(e, w.map.chip.x, w.map.chip.y) <= r2;
    case 'wipe': {
      const t = w.map.terminals[e.actionTarget];
      return !w.objectives.terminalsWiped[e.actionTarget] && dist2(e, t.x, t.y) <= r2;
    }
    case 'terminate': {
      const j = w.entities[e.actionTarget];
      return j.life === 'downed' && dist2(e, j.x, j.y) <= TERMINATE.range ** 2;
    }
    default:
      return false;
  }
}

function complete(w: World, e: Entity): void {
  const kind = e.action;
  const target = e.actionTarget;
  e.action = '';
  e.actionTarget = -1;
  e.actionProgress = 0;
  const st = statsOf(w, e);
  switch (kind) {
    case 'revive': {
      const a = w.entities[target];
      a.life = 'injured';
      a.hits = hitsToDown(a) - 1;
      a.downedFor = 0;
      st.revives++;
      emit(w, 'revived', e.id, a.id, a.x, a.y);
      break;
    }
    case 'hack':
    case 'pick':
      openDoor(w, target, e.id);
      break;
    case 'plant':
      w.objectives.chipDestroyed = true;
      st.objectives++;
      emit(w, 'objective', e.id, -1, w.map.chip.x, w.map.chip.y, -1);
      break;
    case 'wipe':
      w.objectives.terminalsWiped[target] = true;
      st.objectives++;
      emit(w, 'objective', e.id, -1, w.map.terminals[target].x, w.map.terminals[target].y, target);
      break;
    case 'terminate':
      w.entities[target].life = 'eliminated';
      emit(w, 'eliminated', e.id, target, e.x, e.y);
      endMatch(w, 'hunter', 'terminated');
      break;
  }
}

/**
 * Advance an entity's Interact: `held` is the button now, `pressed` its rising
 * edge. The T-1000 mimics on a press, or terminates a downed John by holding.
 */
export function interact(w: World, e: Entity, held: boolean, pressed: boolean, dt: number): void {
  if (!held || !isActive(e) || e.stun > 0) {
    e.action = '';
    e.actionProgress = 0;
    return;
  }
  if (e.action !== '' && !stillValid(w, e)) e.action = '';
  if (e.action === '') {
    if (e.role === 't1000') {
      const jid = w.players.john;
      const j = jid === undefined ? undefined : w.entities[jid];
      if (j && isFullySolid(e) && j.life === 'downed' && dist2(e, j.x, j.y) <= TERMINATE.range ** 2) {
        begin(e, 'terminate', j.id, TERMINATE.time);
      } else if (pressed) {
        tryMimic(w, e);
        return;
      } else return;
    } else if (!chooseEscortAction(w, e)) return;
    if (e.action === '') return;
  }
  e.actionProgress += dt;
  if (e.actionProgress >= e.actionTime) complete(w, e);
}
