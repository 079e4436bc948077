import { inRect } from '../map/grid.js';
import { DEADLY, TILE_FLAGS } from '../map/tiles.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import type { Entity } from '../sim/types.js';
import { SHOTGUN } from '../tuning.js';
import { mapInfo, steelDistanceAt } from './mapInfo.js';
import type { Navigator } from './Navigator.js';
import type { TeamView, Threat } from './TeamView.js';
import type { Job } from './teamPlan.js';

/** Escort moves that are not jobs: running from the hunter, refilling shells, the T-800's last walk. */

const FLEE_DIRECTIONS = 12;

/**
 * The best direction to run from the threat (written into `out`): away from
 * it, toward the nearest guard, in act 3 inside the extraction zone, and
 * never along a line that touches steel. False if every way is blocked.
 */
export function fleeDirection(
  nav: Navigator,
  p: Perception,
  self: Entity,
  threat: Threat,
  guard: SeenEntity | null,
  out: { x: number; y: number },
): boolean {
  const info = mapInfo(p.map);
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const len of [2.5, 1.2]) {
    for (let k = 0; k < FLEE_DIRECTIONS; k++) {
      const a = (k / FLEE_DIRECTIONS) * Math.PI * 2;
      const ux = Math.cos(a);
      const uy = Math.sin(a);
      const px = self.x + ux * len;
      const py = self.y + uy * len;
      if (!nav.clearLine(self.x, self.y, px, py)) continue;
      let score = Math.hypot(px - threat.x, py - threat.y);
      // Running past the hunter toward a guard is no escape.
      if (guard && Math.hypot(guard.x - threat.x, guard.y - threat.y) > 1.5) {
        score -= 0.35 * Math.hypot(px - guard.x, py - guard.y);
      }
      if (p.act === 3 && inRect(p.map.extraction, px, py)) score += 1;
      if (steelDistanceAt(info, p.map, px, py) < 2) score -= 2;
      if (score > bestScore) {
        bestScore = score;
        out.x = ux;
        out.y = uy;
      }
    }
    if (bestScore > Number.NEGATIVE_INFINITY) return true;
  }
  return false;
}

/**
 * The T-800's job with a refill folded in: to the nearest crate when shells
 * run low and the hunter has not been seen for a while (at once when empty).
 */
export function crateJob(nav: Navigator, p: Perception, self: Entity, team: TeamView, job: Job): Job {
  const crates = p.map.crates;
  if (crates.length === 0 || self.ammo >= SHOTGUN.shells || job.kind === 'revive') return job;
  const calm = team.recentThreat(p.time, 6) === null;
  if (self.ammo > 0 && !calm) return job;
  // One field toward every crate: its value is the way to the nearest.
  const d = nav.distOn(nav.fieldFor('crates', crates), self.x, self.y);
  if (d === Number.POSITIVE_INFINITY) return job;
  const worth = self.ammo === 0 || (self.ammo <= 2 && d <= 40) || (self.ammo <= 5 && d <= 10);
  return worth ? { kind: 'crate' } : job;
}

/**
 * After the hunter fell into the steel, the T-800 walks in after it (the
 * film's ending). Sets the navigator's direction; false if there is no steel.
 */
export function noFateWalk(nav: Navigator, p: Perception, self: Entity): boolean {
  const info = mapInfo(p.map);
  if (info.besideSteel.length === 0) return false;
  const f = nav.fieldFor('beside-steel', info.besideSteel);
  if (nav.distOn(f, self.x, self.y) > 0) return nav.steerOn(f, self.x, self.y);
  const tx = Math.floor(self.x);
  const ty = Math.floor(self.y);
  for (const [dx, dy] of [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ]) {
    const x = tx + dx;
    const y = ty + dy;
    if (x < 0 || y < 0 || x >= p.map.width || y >= p.map.height) continue;
    if (TILE_FLAGS[p.tiles[y * p.map.width + x]] & DEADLY) {
      const ux = x + 0.5 - self.x;
      const uy = y + 0.5 - self.y;
      const d = Math.hypot(ux, uy) || 1;
      nav.dir.x = ux / d;
      nav.dir.y = uy / d;
      return true;
    }
  }
  return false;
}
