import { lineOfSight } from '../../../shared/map/sight.js';
import { BLOCKS_SIGHT, TILE_FLAGS } from '../../../shared/map/tiles.js';

export interface Eye {
  x: number;
  y: number;
}

/**
 * Which tiles the given eyes see (1) or not (0): tiles whose centre is within
 * `radius` and in line of sight of an eye, by the shared sight rule. A wall
 * or closed door is lit when a lit open tile touches it, so walls show their
 * lit face instead of a jagged dark edge. Writes into `out` (width × height).
 */
export function visibleTiles(
  tiles: Uint8Array,
  width: number,
  height: number,
  eyes: readonly Eye[],
  radius: number,
  out: Uint8Array,
): Uint8Array {
  out.fill(0);
  const r2 = radius * radius;
  for (const e of eyes) {
    const x0 = Math.max(0, Math.floor(e.x - radius));
    const x1 = Math.min(width - 1, Math.floor(e.x + radius));
    const y0 = Math.max(0, Math.floor(e.y - radius));
    const y1 = Math.min(height - 1, Math.floor(e.y + radius));
    for (let ty = y0; ty <= y1; ty++) {
      for (let tx = x0; tx <= x1; tx++) {
        const i = ty * width + tx;
        if (out[i] === 1 || (TILE_FLAGS[tiles[i]] & BLOCKS_SIGHT) !== 0) continue;
        const dx = tx + 0.5 - e.x;
        const dy = ty + 0.5 - e.y;
        if (dx * dx + dy * dy > r2) continue;
        if (lineOfSight(tiles, width, height, e.x, e.y, tx + 0.5, ty + 0.5)) out[i] = 1;
      }
    }
  }
  // Light the faces of walls next to lit floor (2 marks "lit wall", so it does not spread further).
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      const i = ty * width + tx;
      if (out[i] !== 0 || (TILE_FLAGS[tiles[i]] & BLOCKS_SIGHT) === 0) continue;
      if (
        (tx > 0 && out[i - 1] === 1) ||
        (tx < width - 1 && out[i + 1] === 1) ||
        (ty > 0 && out[i - width] === 1) ||
        (ty < height - 1 && out[i + width] === 1)
      ) {
        out[i] = 2;
      }
    }
  }
  return out;
}
