import { isPlayerRole } from '../roles.js';
import { MIMIC } from '../tuning.js';
import { isActive, isFullySolid } from './entity.js';
import { emit } from './events.js';
import { type Command, changeForm, groundOf } from './playerMove.js';
import { nearby, runtime } from './runtime.js';
import type { Entity, World } from './types.js';
import { newPublicId } from './world.js';

/**
 * The T-1000's own abilities: mimic and liquid. Every change of its look
 * draws a new public id, so no client can follow it across a disguise by id.
 */

/** Drop the disguise, if any (strike, shot, going liquid, or time out). */
export function endDisguise(w: World, t: Entity): void {
  if (t.mimicRole === '') return;
  t.mimicRole = '';
  t.mimicName = '';
  t.mimicColor = 0;
  t.mimicLeft = 0;
  t.publicId = newPublicId(w);
  emit(w, 'unmask', t.id, -1, t.x, t.y);
}

/** Try to take the look of the nearest character within reach. Returns whether it did. */
export function tryMimic(w: World, t: Entity): boolean {
  if (!isFullySolid(t) || t.mimicCooldown > 0 || t.windup > 0) return false;
  const near = nearby(w, t.x, t.y, MIMIC.range, runtime(w).near);
  let best: Entity | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const id of near) {
    const e = w.entities[id];
    if (e === t || !isActive(e)) continue;
    const d = (e.x - t.x) ** 2 + (e.y - t.y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = e;
    }
  }
  if (!best) return false;
  t.mimicRole = best.role;
  t.mimicName = best.name;
  t.mimicColor = best.color;
  t.mimicLife = isPlayerRole(best.role) ? best.life : 'healthy';
  t.mimicLeft = MIMIC.duration;
  t.mimicCooldown = MIMIC.cooldown;
  t.publicId = newPublicId(w);
  emit(w, 'mimic', t.id, best.id, t.x, t.y);
  return true;
}

/**
 * Q: melt when solid, reform when liquid, as the movement kernel decides
 * ({@link changeForm}); melting ends the disguise and stops a swing.
 */
export function toggleLiquid(w: World, t: Entity, c: Command): void {
  const change = changeForm(t, c, groundOf(w));
  if (change === 'melt') {
    t.windup = 0;
    endDisguise(w, t);
    emit(w, 'melt', t.id, -1, t.x, t.y);
  } else if (change === 'reform') emit(w, 'reform', t.id, -1, t.x, t.y);
}
