import { lineOfSight } from '../map/sight.js';
import { BLOCKS_LIQUID, BLOCKS_WALK, DEADLY, TILE_FLAGS } from '../map/tiles.js';
import type { GameMap, Vec2 } from '../map/types.js';
import type { GunnerRole } from '../roles.js';
import { PISTOL, SHOTGUN } from '../tuning.js';
import type { Navigator } from './Navigator.js';
import type { Threat } from './TeamView.js';

/**
 * Escort gunnery: whether a shot from here would knock the hunter into the
 * molten steel, and where to stand so that it would. A shot pushes the
 * hunter along the line from the shooter, so the shooter wants the hunter
 * between itself and the steel.
 */

const DIRECTIONS = 16;

/** Shot reach and knockback for a shooter role. */
export function weapon(role: GunnerRole): { range: number; knock: number } {
  return role === 't800'
    ? { range: SHOTGUN.range, knock: SHOTGUN.knockback }
    : { range: PISTOL.range, knock: PISTOL.knockback };
}

/**
 * Whether a push of `dist` tiles from (x, y) along the unit (ux, uy) ends
 * with the hunter's centre on steel before a tile stops it.
 */
export function pushIntoSteel(
  map: GameMap,
  tiles: Uint8Array,
  x: number,
  y: number,
  ux: number,
  uy: number,
  dist: number,
  liquid: boolean,
): boolean {
  const stop = liquid ? BLOCKS_LIQUID : BLOCKS_WALK;
  for (let s = 0.2; s <= dist + 1e-6; s += 0.2) {
    const tx = Math.floor(x + ux * s);
    const ty = Math.floor(y + uy * s);
    if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return false;
    const f = TILE_FLAGS[tiles[ty * map.width + tx]];
    if (f & DEADLY) return true;
    if (f & stop) return false;
  }
  return false;
}

/** Whether a shot from (sx, sy) would hit the threat now (reach and line of sight). */
export function inShot(
  map: GameMap,
  tiles: Uint8Array,
  sx: number,
  sy: number,
  t: Threat,
  range: number,
): boolean {
  const d = Math.hypot(t.x - sx, t.y - sy);
  return d <= range && lineOfSight(tiles, map.width, map.height, sx, sy, t.x, t.y);
}

/** Whether a shot from (sx, sy) would knock the threat into steel. */
export function lethalFrom(
  map: GameMap,
  tiles: Uint8Array,
  sx: number,
  sy: number,
  t: Threat,
  knock: number,
): boolean {
  const d = Math.hypot(t.x - sx, t.y - sy);
  if (d < 1e-6) return false;
  return pushIntoSteel(map, tiles, t.x, t.y, (t.x - sx) / d, (t.y - sy) / d, knock, t.liquid);
}

/**
 * The nearest spot within `maxWalk` tiles, straight ahead of the shooter,
 * from which a shot would knock the threat into steel, or null. Spots are
 * tried on a ring around the threat inside the weapon's reach.
 */
export function lethalSpot(
  nav: Navigator,
  map: GameMap,
  tiles: Uint8Array,
  sx: number,
  sy: number,
  t: Threat,
  role: GunnerRole,
  maxWalk: number,
): Vec2 | null {
  const { range, knock } = weapon(role);
  const ring = Math.max(2.5, Math.min(range - 1.5, Math.hypot(t.x - sx, t.y - sy)));
  let best: Vec2 | null = null;
  let bestD = maxWalk;
  for (let k = 0; k < DIRECTIONS; k++) {
    const a = (k / DIRECTIONS) * Math.PI * 2;
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    if (!pushIntoSteel(map, tiles, t.x, t.y, ux, uy, knock, t.liquid)) continue;
    const px = t.x - ux * ring;
    const py = t.y - uy * ring;
    if (!nav.clearLine(px, py, px, py)) continue;
    if (!lineOfSight(tiles, map.width, map.height, px, py, t.x, t.y)) continue;
    // Only spots the shooter can walk to in a straight line: a detour would come too late.
    const d = Math.hypot(px - sx, py - sy);
    if (d < bestD && nav.clearLine(sx, sy, px, py)) {
      bestD = d;
      best = { x: px, y: py };
    }
  }
  return best;
}
