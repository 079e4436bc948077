import { TILE_FLAGS, Tile } from './tiles.js';
import type { GameMap, Rect, ZoneName } from './types.js';

/** Row-major index of integer tile (x, y). No bounds check. */
export function tileIndex(width: number, x: number, y: number): number {
  return y * width + x;
}

/**
 * The tile code under the point (x, y), in float tile coordinates (floored).
 * Everything outside the grid counts as a wall, so movement and sight never
 * leave the map.
 */
export function tileAt(tiles: Uint8Array, width: number, height: number, x: number, y: number): Tile {
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= width || ty >= height) return Tile.Wall;
  return tiles[ty * width + tx] as Tile;
}

/** The flags (BLOCKS_WALK, BLOCKS_LIQUID, BLOCKS_SIGHT, DEADLY) of the tile under (x, y); outside = wall. */
export function flagsAt(tiles: Uint8Array, width: number, height: number, x: number, y: number): number {
  return TILE_FLAGS[tileAt(tiles, width, height, x, y)];
}

/** Whether (x, y) lies in the half-open rectangle [x, x + w) × [y, y + h). */
export function inRect(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && y >= rect.y && x < rect.x + rect.w && y < rect.y + rect.h;
}

/** The zone containing (x, y), or null; zones do not overlap, the first match wins. */
export function zoneAt(map: GameMap, x: number, y: number): ZoneName | null {
  const zones = map.zones;
  for (let i = 0; i < zones.length; i++) {
    if (inRect(zones[i], x, y)) return zones[i].name;
  }
  return null;
}
