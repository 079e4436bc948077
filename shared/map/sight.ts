import { BLOCKS_SIGHT, TILE_FLAGS } from './tiles.js';

/**
 * Whether a viewer at (ax, ay) sees the point (bx, by), both in float tile
 * coordinates, on a grid of tile codes.
 *
 * Exact grid traversal (Amanatides & Woo): the ray visits every tile the
 * segment passes through. It is blocked by any BLOCKS_SIGHT tile after the
 * viewer's own tile, the target's tile included (a target inside a wall or a
 * locked door is not seen); the viewer's own tile never blocks, so a viewer
 * pressed against a wall still sees along it. Tiles outside the grid block.
 *
 * Where the segment passes exactly through a tile corner, it slips between
 * the two tiles touching that corner unless both block sight (a diagonal wall
 * is closed; a lone wall corner is not in the way).
 *
 * Allocation-free: called thousands of times per tick.
 */
export function lineOfSight(
  tiles: Uint8Array,
  width: number,
  height: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): boolean {
  let cx = Math.floor(ax);
  let cy = Math.floor(ay);
  const ex = Math.floor(bx);
  const ey = Math.floor(by);
  if (cx === ex && cy === ey) return true;

  const dx = bx - ax;
  const dy = by - ay;
  const stepX = dx > 0 ? 1 : -1;
  const stepY = dy > 0 ? 1 : -1;
  const adx = Math.abs(dx);
  const ady = Math.abs(dy);
  // Ray parameter t (0 at a, 1 at b) where the next x / y grid line is crossed.
  const tDeltaX = adx > 0 ? 1 / adx : Number.POSITIVE_INFINITY;
  const tDeltaY = ady > 0 ? 1 / ady : Number.POSITIVE_INFINITY;
  let tMaxX = adx > 0 ? (dx > 0 ? cx + 1 - ax : ax - cx) * tDeltaX : Number.POSITIVE_INFINITY;
  let tMaxY = ady > 0 ? (dy > 0 ? cy + 1 - ay : ay - cy) * tDeltaY : Number.POSITIVE_INFINITY;

  // Each iteration moves one tile closer to the end tile, so the loop ends there
  // even when rounding disagrees with floor(b) by a hair.
  while (cx !== ex || cy !== ey) {
    if (cx === ex) {
      cy += stepY;
      tMaxY += tDeltaY;
    } else if (cy === ey) {
      cx += stepX;
      tMaxX += tDeltaX;
    } else if (tMaxX < tMaxY) {
      cx += stepX;
      tMaxX += tDeltaX;
    } else if (tMaxY < tMaxX) {
      cy += stepY;
      tMaxY += tDeltaY;
    } else {
      // Exactly through a corner: blocked only if both side tiles block.
      if (blocks(tiles, width, height, cx + stepX, cy) && blocks(tiles, width, height, cx, cy + stepY)) {
        return false;
      }
      cx += stepX;
      cy += stepY;
      tMaxX += tDeltaX;
      tMaxY += tDeltaY;
    }
    if (blocks(tiles, width, height, cx, cy)) return false;
  }
  return true;
}

function blocks(tiles: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= width || y >= height) return true;
  return (TILE_FLAGS[tiles[y * width + x]] & BLOCKS_SIGHT) !== 0;
}
