import { zoneAt } from '../map/grid.js';
import { flowDirection } from '../map/paths.js';
import { BLOCKS_WALK } from '../map/tiles.js';
import { isEscortRole } from '../roles.js';
import { ALARM, CIVILIAN, NPC, PATROL, POLICE, SPEED, TICK_HZ, VISION } from '../tuning.js';
import { sees } from './combat.js';
import { isActive, isPresent } from './entity.js';
import { emit } from './events.js';
import { random, randomInt } from './rng.js';
import { nearby, runtime } from './runtime.js';
import type { Entity, World } from './types.js';

/**
 * Police and guards walk their patrol routes and converge on an alarm; guards
 * who see an escort inside Cyberdyne raise it; police slow escorts they touch.
 * Civilians wander between points of interest and scatter from gunfire.
 * NPC brains only set a velocity; the movement phase moves everyone.
 */

const dir = { x: 0, y: 0 };

/** Steps between two reads of the path field by one NPC (staggered by id, so the work spreads over steps). */
const STEER_EVERY = Math.max(1, Math.round(NPC.steerEvery * TICK_HZ));
/** Steps between two looks around by one police officer or guard. */
const WATCH_EVERY = Math.max(1, Math.round(TICK_HZ / NPC.watchHz));

/** Set (vx, vy) to walk toward (gx, gy) at `speed`, around walls. Returns true on arrival. */
function walkTo(w: World, e: Entity, gx: number, gy: number, speed: number): boolean {
  const dx = gx - e.x;
  const dy = gy - e.y;
  const d2 = dx * dx + dy * dy;
  if (d2 < NPC.arrive * NPC.arrive) {
    e.vx = 0;
    e.vy = 0;
    e.dirX = 0;
    e.dirY = 0;
    return true;
  }
  if (d2 < NPC.straightRange * NPC.straightRange) {
    // Close to the goal: head straight for it every step, so a stale direction never overshoots.
    const d = Math.sqrt(d2);
    e.dirX = dx / d;
    e.dirY = dy / d;
  } else if ((w.tick + e.id) % STEER_EVERY === 0 || (e.dirX === 0 && e.dirY === 0)) {
    // Converging on an alarm needs the doors as they are now; routes and wandering use the map as drawn.
    const found =
      e.role === 'police' && w.alarm.left > 0
        ? liveDirection(w, gx, gy, e.x, e.y)
        : routeDirection(w, gx, gy, e.x, e.y);
    if (found) {
      e.dirX = dir.x;
      e.dirY = dir.y;
    } else {
      const d = Math.sqrt(d2);
      e.dirX = dx / d;
      e.dirY = dy / d;
    }
  }
  e.vx = e.dirX * speed;
  e.vy = e.dirY * speed;
  return false;
}

/** Direction toward (gx, gy) on the tiles as they are now, into `dir`. */
function liveDirection(w: World, gx: number, gy: number, x: number, y: number): boolean {
  const { width, height } = w.map;
  const field = runtime(w).alarmPaths.field(w.tiles, width, height, w.tilesVersion, gx, gy, BLOCKS_WALK);
  return flowDirection(field, w.tiles, width, height, x, y, dir);
}

const ANGLES = 240;
const NO_WAY = 254;
const UNKNOWN = 255;

/**
 * Direction toward (gx, gy) on the map as drawn, into `dir`. An opened door
 * only adds a way, so these fields hold all match, and the direction from
 * each tile is worked out once (from the tile's centre) and kept as a byte.
 */
function routeDirection(w: World, gx: number, gy: number, x: number, y: number): boolean {
  const { width, height, tiles } = w.map;
  const rt = runtime(w);
  const key = Math.floor(gy) * width + Math.floor(gx);
  let steer = rt.steer.get(key);
  if (!steer) {
    steer = new Uint8Array(width * height).fill(UNKNOWN);
    rt.steer.set(key, steer);
  }
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= width || ty >= height) return false;
  const t = ty * width + tx;
  let a = steer[t];
  if (a === UNKNOWN) {
    const field = rt.paths.field(tiles, width, height, 0, gx, gy, BLOCKS_WALK);
    if (flowDirection(field, tiles, width, height, tx + 0.5, ty + 0.5, dir)) {
      a = Math.round((Math.atan2(dir.y, dir.x) / (2 * Math.PI)) * ANGLES + ANGLES) % ANGLES;
    } else a = NO_WAY;
    steer[t] = a;
  }
  if (a === NO_WAY) return false;
  const angle = (a / ANGLES) * 2 * Math.PI;
  dir.x = Math.cos(angle);
  dir.y = Math.sin(angle);
  return true;
}

function patrol(w: World, e: Entity, dt: number): void {
  const route = w.map.patrols[e.route];
  const speed = e.role === 'police' ? SPEED.police : SPEED.guard;
  if (e.role === 'police' && w.alarm.left > 0) {
    walkTo(w, e, w.alarm.x, w.alarm.y, speed);
    return;
  }
  if (e.wait > 0) {
    e.wait -= dt;
    e.vx = 0;
    e.vy = 0;
    return;
  }
  const p = route.points[e.routeIdx];
  if (!walkTo(w, e, p.x, p.y, speed)) return;
  const n = route.points.length;
  if (n > 1) {
    if (route.loop) e.routeIdx = (e.routeIdx + 1) % n;
    else {
      if (e.routeIdx + e.routeDir < 0 || e.routeIdx + e.routeDir >= n) e.routeDir = -e.routeDir;
      e.routeIdx += e.routeDir;
    }
  }
  const wait = n > 1 ? PATROL.waypointWait : PATROL.postWait;
  e.wait = wait.min + random(w) * wait.spread;
}

function civilian(w: World, e: Entity, dt: number): void {
  if (e.scatter > 0) {
    e.scatter -= dt;
    // goal holds the point to flee from while scattering
    const dx = e.x - e.goalX;
    const dy = e.y - e.goalY;
    const d = Math.sqrt(dx * dx + dy * dy) || 1;
    e.vx = (dx / d) * SPEED.civilianScatter;
    e.vy = (dy / d) * SPEED.civilianScatter;
    if (e.scatter <= 0) pickPoi(w, e);
    return;
  }
  if (e.wait > 0) {
    e.wait -= dt;
    e.vx = 0;
    e.vy = 0;
    return;
  }
  if (walkTo(w, e, e.goalX, e.goalY, SPEED.civilian)) {
    e.wait = random(w) * CIVILIAN.wanderPause * 2;
    pickPoi(w, e);
  }
}

/** How many of the nearest points of interest a civilian chooses its next stop from. */
const NEAR_POIS = CIVILIAN.nearPois;
const nearPois = new Int32Array(NEAR_POIS);
const nearD2 = new Float64Array(NEAR_POIS);

/**
 * A civilian's next stop: one of the few points of interest nearest to it
 * (not the one it stands at), so a crowd mills around its own part of town —
 * and behaves the same on a map of any size.
 */
function pickPoi(w: World, e: Entity): void {
  const pois = w.map.pois;
  let n = 0;
  for (let i = 0; i < pois.length; i++) {
    const d2 = (pois[i].x - e.x) ** 2 + (pois[i].y - e.y) ** 2;
    if (d2 < 1) continue;
    if (n === NEAR_POIS && d2 >= nearD2[n - 1]) continue;
    let j = n < NEAR_POIS ? n++ : n - 1;
    while (j > 0 && nearD2[j - 1] > d2) {
      nearD2[j] = nearD2[j - 1];
      nearPois[j] = nearPois[j - 1];
      j--;
    }
    nearD2[j] = d2;
    nearPois[j] = i;
  }
  const best = n > 0 ? pois[nearPois[randomInt(w, n)]] : pois[randomInt(w, pois.length)];
  e.dirX = 0;
  e.dirY = 0;
  // The point itself, not a spot beside it: one path field per point serves every civilian.
  e.goalX = best.x;
  e.goalY = best.y;
}

/** Civilians near a shot run from it. */
export function scatterFrom(w: World, x: number, y: number): void {
  for (const id of nearby(w, x, y, CIVILIAN.scatterHearing, runtime(w).near)) {
    const e = w.entities[id];
    if (e.role !== 'civilian') continue;
    e.scatter = CIVILIAN.scatterTime;
    e.wait = 0;
    e.goalX = x;
    e.goalY = y;
  }
}

/** Touch slows; a guard's sighting raises the alarm. */
function watch(w: World, e: Entity): void {
  const near = nearby(
    w,
    e.x,
    e.y,
    e.role === 'guard' ? ALARM.guardSight : POLICE.touchRange,
    runtime(w).near,
  );
  for (const id of near) {
    const o = w.entities[id];
    if (!isEscortRole(o.role) || !isActive(o)) continue;
    const d2 = (o.x - e.x) ** 2 + (o.y - e.y) ** 2;
    if (d2 <= POLICE.touchRange ** 2) {
      if (o.slow <= 0) emit(w, 'slowed', e.id, o.id, o.x, o.y);
      o.slow = POLICE.slowTime;
    }
    if (e.role === 'guard' && w.alarm.left <= 0 && zoneAt(w.map, o.x, o.y) === 'cyberdyne' && sees(w, e, o)) {
      w.alarm.left = ALARM.duration;
      w.alarm.reveal = VISION.alarmReveal;
      w.alarm.x = o.x;
      w.alarm.y = o.y;
      emit(w, 'alarm', e.id, o.id, o.x, o.y);
    }
  }
}

/** One step of every NPC's brain. */
export function stepNpcs(w: World, dt: number): void {
  const es = w.entities;
  for (let i = 0; i < es.length; i++) {
    const e = es[i];
    // An NPC that fell into the steel is gone: it neither walks nor slows nor raises the alarm.
    if (!isPresent(e)) continue;
    if (e.role === 'civilian') civilian(w, e, dt);
    else if (e.role === 'police' || e.role === 'guard') {
      patrol(w, e, dt);
      // Touch and sighting are checked NPC.watchHz times a second, staggered across NPCs.
      if ((w.tick + e.id) % WATCH_EVERY === 0) watch(w, e);
    }
  }
}
