import { lineOfSight } from '../map/sight.js';
import { isEscortRole, type PlayerRole, sideOf } from '../roles.js';
import { LIQUID, VISION } from '../tuning.js';
import { isFullyLiquid, isPresent } from './entity.js';
import { lookOf } from './look.js';
import type { Perception, SeenEntity, Viewer } from './perception.js';
import { nearby, runtime } from './runtime.js';
import type { Entity, GameEvent, GameEventType, World } from './types.js';

/**
 * What each viewer may know, decided once, here. The server builds every
 * client's state from these functions and bots perceive through them, so a
 * rule of vision lives in one place.
 *
 * - Escorts share vision: their own team always, and everything within
 *   VISION.escortRadius of any escort in line of sight; a fully liquid T-1000
 *   only when an escort is within LIQUID.revealRange.
 * - The hunter: everything within VISION.hunterRadius in line of sight; every
 *   escort while the alarm's reveal lasts.
 * - Spectators: everything.
 */

/** A fully liquid T-1000 (not melting or reforming): hidden from escorts beyond reveal range. */
const hiddenPuddle = (e: Entity) => e.role === 't1000' && isFullyLiquid(e);

const canSee = (w: World, eye: Entity, e: Entity) =>
  lineOfSight(w.tiles, w.map.width, w.map.height, eye.x, eye.y, e.x, e.y);

function computeVisible(w: World, viewer: Viewer, out: number[]): number[] {
  // pop() keeps the array's backing store (it is reused every tick); assigning length does not.
  while (out.length > 0) out.pop();
  const es = w.entities;
  if (viewer === 'spectator') {
    for (const e of es) if (isPresent(e)) out.push(e.id);
    return out;
  }
  const rt = runtime(w);
  if (rt.marks.length < es.length) rt.marks = new Uint8Array(es.length * 2);
  const marks = rt.marks;
  marks.fill(0, 0, es.length);
  const near = rt.visionNear;
  if (viewer === 'escort') {
    for (const id of Object.values(w.players)) {
      const eye = es[id];
      if (!isEscortRole(eye.role) || !isPresent(eye)) continue;
      marks[id] = 1;
      out.push(id);
    }
    for (const id of Object.values(w.players)) {
      const eye = es[id];
      if (!isEscortRole(eye.role) || !isPresent(eye)) continue;
      for (const o of nearby(w, eye.x, eye.y, VISION.escortRadius, near)) {
        if (marks[o] !== 0) continue;
        const e = es[o];
        if (!isPresent(e)) continue;
        if (hiddenPuddle(e) && (e.x - eye.x) ** 2 + (e.y - eye.y) ** 2 > LIQUID.revealRange ** 2) continue;
        if (canSee(w, eye, e)) {
          marks[o] = 1;
          out.push(o);
        }
      }
    }
    // By opaque public id: any order tied to internal ids (the team first, the
    // hunter's low id) would tell a disguised T-1000 from the one it copies.
    byPublicId(es, out);
    return out;
  }
  const tid = w.players.t1000;
  if (tid === undefined) return out;
  const eye = es[tid];
  marks[tid] = 1;
  out.push(tid);
  if (w.alarm.reveal > 0) {
    for (const id of Object.values(w.players)) {
      if (marks[id] === 0 && isEscortRole(es[id].role) && isPresent(es[id])) {
        marks[id] = 1;
        out.push(id);
      }
    }
  }
  if (!isPresent(eye)) return out;
  for (const o of nearby(w, eye.x, eye.y, VISION.hunterRadius, near)) {
    if (marks[o] === 0 && isPresent(es[o]) && canSee(w, eye, es[o])) {
      marks[o] = 1;
      out.push(o);
    }
  }
  return out;
}

/** Sort ids by their entities' public ids, in place (an insertion sort: a few dozen ids, no closure, no garbage). */
function byPublicId(es: readonly Entity[], ids: number[]): void {
  for (let i = 1; i < ids.length; i++) {
    const v = ids[i];
    const key = es[v].publicId;
    let j = i - 1;
    while (j >= 0 && es[ids[j]].publicId > key) {
      ids[j + 1] = ids[j];
      j--;
    }
    ids[j + 1] = v;
  }
}

/**
 * The ids of the entities a viewer may see now. Memoised per tick, in one
 * array per viewer that the next tick's answer overwrites: callers must not
 * change it, nor keep it past the tick.
 */
export function visibleIds(w: World, viewer: Viewer): readonly number[] {
  const rt = runtime(w);
  if (rt.visionTick !== w.tick) {
    rt.visionTick = w.tick;
    rt.visionFresh.clear();
  }
  let ids = rt.vision.get(viewer);
  if (!ids) {
    ids = [];
    rt.vision.set(viewer, ids);
  }
  if (!rt.visionFresh.has(viewer)) {
    computeVisible(w, viewer, ids);
    rt.visionFresh.add(viewer);
  }
  return ids;
}

/** One entity as `viewer` sees it ({@link lookOf}), with its motion and what the viewer may know of its identity. */
export function seeEntity(_w: World, e: Entity, viewer: Viewer): SeenEntity {
  const escortEyes = viewer === 'escort';
  const seen = lookOf(e, viewer) as SeenEntity;
  seen.publicId = e.publicId;
  seen.vx = e.vx;
  seen.vy = e.vy;
  seen.trueRole = escortEyes ? null : e.role;
  seen.entityId = escortEyes ? null : e.id;
  return seen;
}

/** Events everyone may know of. */
const PUBLIC_EVENTS: ReadonlySet<GameEventType> = new Set(['act', 'end', 'alarm', 'objective', 'door']);
/** Events only the hunter and spectators may know of. */
const HUNTER_EVENTS: ReadonlySet<GameEventType> = new Set(['mimic']);

/**
 * Whether a viewer may know of an event: public ones always; otherwise every
 * entity it names must be visible to the viewer (so a shot that hits an
 * unseen puddle tells the escorts nothing).
 */
export function eventVisibleTo(w: World, ev: GameEvent, viewer: Viewer): boolean {
  if (viewer === 'spectator' || PUBLIC_EVENTS.has(ev.type)) return true;
  if (HUNTER_EVENTS.has(ev.type)) return viewer === 'hunter';
  const ids = visibleIds(w, viewer);
  if (ev.by >= 0 && !ids.includes(ev.by)) return false;
  if (ev.target >= 0 && !ids.includes(ev.target)) return false;
  return true;
}

/** The viewer a player role sees as. */
export const viewerOf = (role: PlayerRole): Viewer => sideOf(role);

/**
 * Everything a player (a person's client or a bot) may know this tick. The
 * `seen` list and events are shared by the players of one viewer for the tick.
 */
export function perceive(w: World, role: PlayerRole): Perception {
  const viewer = viewerOf(role);
  const rt = runtime(w);
  let shared = rt.perceptions.get(viewer);
  if (!shared || shared.tick !== w.tick) {
    const seen = visibleIds(w, viewer).map((id) => seeEntity(w, w.entities[id], viewer));
    const events = w.events.filter((ev) => eventVisibleTo(w, ev, viewer));
    shared = { tick: w.tick, seen, events };
    rt.perceptions.set(viewer, shared);
  }
  const id = w.players[role];
  return {
    viewer,
    // A copy: a bot (or any reader) must not be able to change the world through what it perceives.
    self: id === undefined ? null : { ...w.entities[id] },
    seen: shared.seen,
    events: shared.events,
    map: w.map,
    tiles: w.tiles,
    act: w.act,
    objectives: w.objectives,
    alarm: w.alarm,
    time: w.time,
    clockLeft: Math.max(0, w.options.judgmentDaySeconds - w.time),
  };
}
