import { BLOCKS_WALK, TILE_FLAGS } from '../map/tiles.js';
import { ENTITY_RADIUS } from '../tuning.js';

/**
 * Circle-against-tile movement, shared by the server's simulation and the
 * client's prediction. Entities are circles of {@link ENTITY_RADIUS}; tiles
 * whose flags meet `blockMask` are solid squares. A move is split into steps
 * shorter than the radius, and after each step the circle is pushed out of
 * every solid tile it overlaps, so it slides along walls and never tunnels.
 */

export interface Point {
  x: number;
  y: number;
}

/** True if a circle at (x, y) overlaps any tile that blocks for `blockMask` (out of bounds blocks). */
export function overlapsBlocked(
  tiles: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  blockMask: number,
  r = ENTITY_RADIUS,
): boolean {
  const x0 = Math.floor(x - r);
  const x1 = Math.floor(x + r);
  const y0 = Math.floor(y - r);
  const y1 = Math.floor(y + r);
  for (let ty = y0; ty <= y1; ty++) {
    for (let tx = x0; tx <= x1; tx++) {
      if (!blocks(tiles, width, height, tx, ty, blockMask)) continue;
      const cx = x < tx ? tx : Math.min(x, tx + 1);
      const cy = y < ty ? ty : Math.min(y, ty + 1);
      const dx = x - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy < r * r - 1e-9) return true;
    }
  }
  return false;
}

function blocks(
  tiles: Uint8Array,
  width: number,
  height: number,
  tx: number,
  ty: number,
  mask: number,
): boolean {
  if (tx < 0 || ty < 0 || tx >= width || ty >= height) return true;
  return (TILE_FLAGS[tiles[ty * width + tx]] & mask) !== 0;
}

/**
 * Push the circle at `p` out of the solid tiles around it (in place), the
 * deepest overlap first: against a flat wall that is the face the circle
 * presses on, so the inner corners where wall tiles meet never push it
 * sideways (which would make a slide along a wall faster than walking).
 */
function resolve(tiles: Uint8Array, width: number, height: number, p: Point, mask: number, r: number): void {
  for (let pass = 0; pass < 4; pass++) {
    let bestD2 = r * r;
    let bx = 0;
    let by = 0;
    let dx = 0;
    let dy = 0;
    let found = false;
    const x0 = Math.floor(p.x - r);
    const x1 = Math.floor(p.x + r);
    const y0 = Math.floor(p.y - r);
    const y1 = Math.floor(p.y + r);
    for (let ty = y0; ty <= y1; ty++) {
      for (let tx = x0; tx <= x1; tx++) {
        if (!blocks(tiles, width, height, tx, ty, mask)) continue;
        const ox = p.x - Math.max(tx, Math.min(p.x, tx + 1));
        const oy = p.y - Math.max(ty, Math.min(p.y, ty + 1));
        const d2 = ox * ox + oy * oy;
        if (d2 < bestD2) {
          bestD2 = d2;
          bx = tx;
          by = ty;
          dx = ox;
          dy = oy;
          found = true;
        }
      }
    }
    if (!found) return;
    if (bestD2 > 1e-12) {
      const d = Math.sqrt(bestD2);
      const push = r - d;
      p.x += (dx / d) * push;
      p.y += (dy / d) * push;
    } else {
      // Centre inside the tile: leave by the nearest face.
      const ox = p.x - (bx + 0.5);
      const oy = p.y - (by + 0.5);
      if (Math.abs(ox) > Math.abs(oy)) p.x = ox > 0 ? bx + 1 + r : bx - r;
      else p.y = oy > 0 ? by + 1 + r : by - r;
    }
  }
}

const MAX_SUBSTEP = ENTITY_RADIUS * 0.9;

/**
 * Move a circle from `p` by (dx, dy), sliding along tiles that block for
 * `blockMask`. Writes the result into `p`.
 */
export function moveCircle(
  tiles: Uint8Array,
  width: number,
  height: number,
  p: Point,
  dx: number,
  dy: number,
  blockMask: number = BLOCKS_WALK,
  r: number = ENTITY_RADIUS,
): void {
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len === 0) return;
  const steps = Math.ceil(len / MAX_SUBSTEP);
  const sx = dx / steps;
  const sy = dy / steps;
  for (let i = 0; i < steps; i++) {
    p.x += sx;
    p.y += sy;
    resolve(tiles, width, height, p, blockMask, r);
  }
}
