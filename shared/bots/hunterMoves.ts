import { lineOfSight } from '../map/sight.js';
import type { Vec2 } from '../map/types.js';
import { isEscortRole, isGunnerRole, isNpcRole, type Role } from '../roles.js';
import { isActive } from '../sim/entity.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import type { Entity } from '../sim/types.js';
import { BLADE, MIMIC, PISTOL, SHOTGUN, SPEED } from '../tuning.js';
import { pushIntoSteel } from './gunnery.js';
import { mapInfo, steelDistanceAt } from './mapInfo.js';
import type { Navigator } from './Navigator.js';

/** Hunter decisions that are not the chase itself: whom to mimic, where to lie in wait, when a shot would kill. */

const isNpc = (r: Role | null) => r !== null && isNpcRole(r);

/** Speed a look walks at on its own, so a disguise does not give itself away. */
export function lookSpeed(role: Role | ''): number {
  if (role === 'police') return SPEED.police;
  if (role === 'guard') return SPEED.guard;
  if (role === 'civilian') return SPEED.civilian;
  return SPEED.t1000;
}

/**
 * The crowd member a mimic press would copy now (the nearest standing
 * character in reach, as the rules pick it), if it is an NPC; null if the
 * nearest is an escort (whose look the escorts would see through) or none.
 */
export function mimicTarget(p: Perception, self: Entity): SeenEntity | null {
  let best: SeenEntity | null = null;
  let bd = MIMIC.range - 0.05;
  for (const e of p.seen) {
    if (e.entityId === self.id || !isActive(e)) continue;
    const d = Math.hypot(e.x - self.x, e.y - self.y);
    if (d < bd) {
      bd = d;
      best = e;
    }
  }
  return best && isNpc(best.trueRole) ? best : null;
}

/** The nearest standing NPC within `radius`, to walk over and touch. */
export function nearestNpc(p: Perception, self: Entity, radius: number): SeenEntity | null {
  let best: SeenEntity | null = null;
  let bd = radius;
  for (const e of p.seen) {
    if (!isNpc(e.trueRole) || !isActive(e)) continue;
    const d = Math.hypot(e.x - self.x, e.y - self.y);
    if (d < bd) {
      bd = d;
      best = e;
    }
  }
  return best;
}

/** Whether an escort gunner in reach could knock the hunter into the steel from where it stands. */
export function shotCouldKill(p: Perception, self: Entity, x: number, y: number): boolean {
  const info = mapInfo(p.map);
  if (steelDistanceAt(info, p.map, x, y) > SHOTGUN.knockback + 1.5) return false;
  for (const e of p.seen) {
    if (!isGunnerRole(e.trueRole)) continue;
    if (!isActive(e)) continue;
    const range = e.trueRole === 't800' ? SHOTGUN.range : PISTOL.range;
    const knock = e.trueRole === 't800' ? SHOTGUN.knockback : PISTOL.knockback;
    const d = Math.hypot(x - e.x, y - e.y);
    if (d > range + 1.5 || d < 1e-3) continue;
    if (!lineOfSight(p.tiles, p.map.width, p.map.height, e.x, e.y, x, y)) continue;
    if (pushIntoSteel(p.map, p.tiles, x, y, (x - e.x) / d, (y - e.y) / d, knock + 0.5, self.liquid))
      return true;
  }
  return false;
}

/**
 * A step direction (into nav.dir) that leaves a spot where a shot would
 * push the hunter into the steel, toward safe ground; false if none helps.
 */
export function stepOffTheEdge(nav: Navigator, p: Perception, self: Entity, toward: Vec2 | null): boolean {
  let best = Number.NEGATIVE_INFINITY;
  const info = mapInfo(p.map);
  for (let k = 0; k < 12; k++) {
    const a = (k / 12) * Math.PI * 2;
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    const px = self.x + ux * 1.5;
    const py = self.y + uy * 1.5;
    if (!nav.clearLine(self.x, self.y, px, py)) continue;
    let score = Math.min(6, steelDistanceAt(info, p.map, px, py));
    if (shotCouldKill(p, self, px, py)) score -= 10;
    if (toward) score -= 0.3 * Math.hypot(toward.x - px, toward.y - py);
    if (score > best) {
      best = score;
      nav.dir.x = ux;
      nav.dir.y = uy;
    }
  }
  return best > Number.NEGATIVE_INFINITY;
}

/**
 * Where the escorts must come next, so where to wait: Sarah's cell in act 1,
 * an unfinished Cyberdyne objective in act 2 (`pick` chooses which), the
 * extraction zone in act 3 (at its spot farthest from the steel).
 */
export function ambushPoint(p: Perception, pick: number): Vec2 {
  const info = mapInfo(p.map);
  if (p.act === 1 && !p.objectives.sarahFreed && info.sarahCell >= 0) {
    const d = p.map.doors[info.sarahCell];
    return { x: d.x, y: d.y };
  }
  if (p.act <= 2) {
    const left: Vec2[] = [];
    if (!p.objectives.chipDestroyed) left.push(p.map.chip);
    p.map.terminals.forEach((t, i) => {
      if (!p.objectives.terminalsWiped[i]) left.push(t);
    });
    if (left.length > 0) return left[Math.floor(pick * left.length) % left.length];
  }
  return info.extractionSpot;
}

/** The escorts seen (true roles: the hunter sees through nothing but knows everyone). */
export function seenEscorts(p: Perception, out: SeenEntity[]): SeenEntity[] {
  out.length = 0;
  for (const e of p.seen) if (e.trueRole && isEscortRole(e.trueRole) && e.life !== 'eliminated') out.push(e);
  return out;
}

/**
 * Whether an escort is open to attack: no other standing gunner (Sarah, the
 * T-800) within `cover` tiles of it with a line of sight to it.
 */
export function exposed(p: Perception, target: SeenEntity, cover: number): boolean {
  for (const e of p.seen) {
    if (e === target || !isGunnerRole(e.trueRole) || !isActive(e)) continue;
    if (Math.hypot(e.x - target.x, e.y - target.y) > cover) continue;
    if (lineOfSight(p.tiles, p.map.width, p.map.height, e.x, e.y, target.x, target.y)) return false;
  }
  return true;
}

/**
 * The escort a blade swing would land on: the one that will be nearest when
 * the wind-up ends (John favoured), if any will be in reach. `lead` is the
 * share of each escort's movement over the wind-up the hunter allows for (1:
 * exactly where it will be; a newcomer allows for less).
 */
export function bladeTarget(
  self: Entity,
  escorts: readonly SeenEntity[],
  john: SeenEntity | null,
  lead = 1,
): SeenEntity | null {
  let target: SeenEntity | null = null;
  let best = BLADE.range - 0.15;
  const t = BLADE.windup * lead;
  for (const e of escorts) {
    if (!isActive(e)) continue;
    const px = e.x + e.vx * t;
    const py = e.y + e.vy * t;
    const d = Math.hypot(px - self.x, py - self.y) - (e === john ? 0.3 : 0);
    if (d < best) {
      best = d;
      target = e;
    }
  }
  return target;
}

/** The aim for a blade swing at {@link bladeTarget}, or null if no escort will be in reach. */
export function bladeAim(
  self: Entity,
  escorts: readonly SeenEntity[],
  john: SeenEntity | null,
  lead = 1,
): number | null {
  const target = bladeTarget(self, escorts, john, lead);
  if (!target) return null;
  const t = BLADE.windup * lead;
  return Math.atan2(target.y + target.vy * t - self.y, target.x + target.vx * t - self.x);
}
