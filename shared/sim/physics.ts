import { BLOCKS_WALK, DEADLY, TILE_FLAGS } from '../map/tiles.js';
import { PLAYER_ROLES, type PlayerRole } from '../roles.js';
import { DOWNED, ENTITY_RADIUS } from '../tuning.js';
import { strike } from './combat.js';
import { isActive, isPresent } from './entity.js';
import { emit } from './events.js';
import { endDisguise } from './hunter.js';
import { moveCircle } from './movement.js';
import { glide, groundOf, runDown, runDownMoveTimers } from './playerMove.js';
import { nearby, runtime } from './runtime.js';
import type { Entity, World } from './types.js';

/**
 * The movement phase and the clocks every entity carries: timers run down,
 * wind-ups strike, knockback slides, everyone moves against the tiles and
 * each other, and whoever ends on molten steel is gone.
 */

/** Run down every timer; a finished wind-up strikes, a finished disguise ends. */
export function stepTimers(w: World, dt: number): void {
  for (const e of w.entities) {
    if (!isPresent(e)) continue;
    e.cooldown = runDown(e.cooldown, dt);
    runDownMoveTimers(e, dt);
    e.stunImmune = runDown(e.stunImmune, dt);
    if (e.role !== 't1000') {
      if (e.life === 'downed') {
        e.downedFor += dt;
        if (e.downedFor >= DOWNED.bleedOut) {
          e.life = 'eliminated';
          emit(w, 'eliminated', -1, e.id, e.x, e.y);
        }
      }
      continue;
    }
    e.mimicCooldown = runDown(e.mimicCooldown, dt);
    const st = w.stats.t1000;
    if (st) {
      if (e.mimicRole !== '') st.timeDisguised += dt;
      if (e.liquid) st.timeLiquid += dt;
    }
    if (e.mimicRole !== '') {
      e.mimicLeft = runDown(e.mimicLeft, dt);
      if (e.mimicLeft === 0) endDisguise(w, e);
    }
    if (e.windup > 0) {
      e.windup = runDown(e.windup, dt);
      if (e.windup === 0) strike(w, e);
    }
  }
}

const pos = { x: 0, y: 0 };
const PLAYER_SLOTS = PLAYER_ROLES.length;
const MIN_SEP = ENTITY_RADIUS * 2;

/** Circles that block each other: standing characters in solid form. */
const solid = (e: Entity) => isActive(e) && !e.liquid;

/** Move everyone by its velocity (and knockback), keep circles apart, and drop whoever stands on steel. */
export function stepMovement(w: World, dt: number): void {
  const ground = groundOf(w);
  const es = w.entities;
  for (let i = 0; i < es.length; i++) {
    const e = es[i];
    const x0 = e.x;
    const y0 = e.y;
    glide(e, ground, dt);
    // Players come first in the entity list; only they keep stats.
    if (i < PLAYER_SLOTS && (e.x !== x0 || e.y !== y0)) {
      const st = w.stats[e.role as PlayerRole];
      if (st) st.distance += Math.hypot(e.x - x0, e.y - y0);
    }
  }
  separate(w);
  const { width } = w.map;
  const tiles = w.tiles;
  for (const e of w.entities) {
    if (!isPresent(e)) continue;
    if (TILE_FLAGS[tiles[Math.floor(e.y) * width + Math.floor(e.x)]] & DEADLY) fallIn(w, e);
  }
}

/**
 * Push overlapping solid characters apart, half each, then out of walls
 * again. Only a character that moved this step can have come to overlap, so
 * only those look around.
 */
function separate(w: World): void {
  const { width, height } = w.map;
  const es = w.entities;
  const near = runtime(w).near;
  for (const e of es) {
    if ((e.vx === 0 && e.vy === 0) || !solid(e)) continue;
    nearby(w, e.x, e.y, MIN_SEP, near);
    for (let k = 0; k < near.length; k++) {
      const o = es[near[k]];
      if (o === e || !solid(o)) continue;
      let dx = o.x - e.x;
      let dy = o.y - e.y;
      let d = Math.sqrt(dx * dx + dy * dy);
      if (d >= MIN_SEP) continue;
      if (d < 1e-6) {
        // Exactly on top: part them along a fixed axis chosen by id, deterministically.
        dx = e.id < o.id ? 1 : -1;
        dy = 0;
        d = 1;
      }
      const push = (MIN_SEP - d) / 2;
      const nx = dx / d;
      const ny = dy / d;
      pos.x = e.x;
      pos.y = e.y;
      moveCircle(w.tiles, width, height, pos, -nx * push, -ny * push, BLOCKS_WALK);
      e.x = pos.x;
      e.y = pos.y;
      pos.x = o.x;
      pos.y = o.y;
      moveCircle(w.tiles, width, height, pos, nx * push, ny * push, BLOCKS_WALK);
      o.x = pos.x;
      o.y = pos.y;
    }
  }
}

function fallIn(w: World, e: Entity): void {
  e.life = 'destroyed';
  e.vx = 0;
  e.vy = 0;
  e.action = '';
  emit(w, 'destroyed', -1, e.id, e.x, e.y);
  if (e.role === 't800' && w.result?.reason === 't1000-in-steel') w.result.noFate = true;
}
