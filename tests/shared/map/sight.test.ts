import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineOfSight } from '../../../shared/map/sight.js';
import { BLOCKS_SIGHT, TILE_FLAGS, Tile } from '../../../shared/map/tiles.js';

/** Builds a grid from rows of characters: '.' floor, '#' wall, '|' bars, 'D' locked door, 'o' open door, '~' steel. */
function grid(rows: string[]): { tiles: Uint8Array; w: number; h: number } {
  const codes: Record<string, number> = { '.': 0, '#': 1, '|': 2, D: 3, o: 4, '~': 5 };
  const h = rows.length;
  const w = rows[0].length;
  const tiles = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) tiles[y * w + x] = codes[rows[y][x]];
  return { tiles, w, h };
}

const los = (g: ReturnType<typeof grid>, ax: number, ay: number, bx: number, by: number) =>
  lineOfSight(g.tiles, g.w, g.h, ax, ay, bx, by);

/**
 * Exact reference: a tile is passed if the segment meets its open interior;
 * blocked if any such tile other than the viewer's blocks sight.
 */
function reference(tiles: Uint8Array, w: number, h: number, ax: number, ay: number, bx: number, by: number) {
  const sx = Math.floor(ax);
  const sy = Math.floor(ay);
  const dx = bx - ax;
  const dy = by - ay;
  for (let j = Math.floor(Math.min(ay, by)); j <= Math.floor(Math.max(ay, by)); j++) {
    for (let i = Math.floor(Math.min(ax, bx)); i <= Math.floor(Math.max(ax, bx)); i++) {
      if (i === sx && j === sy) continue;
      if (!(TILE_FLAGS[tiles[j * w + i]] & BLOCKS_SIGHT)) continue;
      let t0 = 0;
      let t1 = 1;
      for (const [p, d, lo] of [
        [ax, dx, i],
        [ay, dy, j],
      ]) {
        if (d === 0) {
          if (p <= lo || p >= lo + 1) t1 = -1;
        } else {
          const ta = (lo - p) / d;
          const tb = (lo + 1 - p) / d;
          t0 = Math.max(t0, Math.min(ta, tb));
          t1 = Math.min(t1, Math.max(ta, tb));
        }
      }
      if (t0 < t1) return false;
    }
  }
  void h;
  return true;
}

/** Dense sampling along the segment: sees only tiles the ray spends time in. */
function sampler(tiles: Uint8Array, w: number, ax: number, ay: number, bx: number, by: number, n: number) {
  const sx = Math.floor(ax);
  const sy = Math.floor(ay);
  for (let k = 1; k <= n; k++) {
    const t = k / n;
    const x = Math.floor(ax + (bx - ax) * t);
    const y = Math.floor(ay + (by - ay) * t);
    if (x === sx && y === sy) continue;
    if (TILE_FLAGS[tiles[y * w + x]] & BLOCKS_SIGHT) return false;
  }
  return true;
}

/** A small deterministic PRNG for coordinates, so that exact corner hits are practically impossible. */
function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lineOfSight', () => {
  const room = grid([
    '##########', //
    '#........#',
    '#...#....#',
    '#........#',
    '#.||D.o~.#',
    '##########',
  ]);

  it('sees across open floor, within the same tile and at itself', () => {
    expect(los(room, 1.5, 1.5, 8.5, 1.5)).toBe(true);
    expect(los(room, 1.5, 3.5, 8.5, 3.2)).toBe(true);
    expect(los(room, 2.2, 2.2, 2.8, 2.9)).toBe(true);
    expect(los(room, 3.3, 3.3, 3.3, 3.3)).toBe(true);
  });

  it('a wall between viewer and target blocks', () => {
    expect(los(room, 3.5, 2.5, 5.5, 2.5)).toBe(false);
    expect(los(room, 4.5, 1.5, 4.5, 3.5)).toBe(false);
    expect(los(room, 2.5, 1.2, 6.5, 3.6)).toBe(false);
  });

  it('is symmetric when neither endpoint is in a blocking tile', () => {
    expect(los(room, 5.5, 2.5, 3.5, 2.5)).toBe(false);
    expect(los(room, 8.5, 3.2, 1.5, 3.5)).toBe(true);
    expect(los(room, 1.5, 3.5, 8.5, 1.2)).toBe(false);
    expect(los(room, 8.5, 1.2, 1.5, 3.5)).toBe(false);
  });

  it('bars, open doors and molten steel let sight through; a locked door does not', () => {
    expect(los(room, 1.5, 4.5, 3.5, 4.5)).toBe(true); // across bars
    expect(los(room, 5.5, 4.5, 8.5, 4.5)).toBe(true); // across an open door and steel
    expect(los(room, 3.5, 4.5, 5.5, 4.5)).toBe(false); // through the locked door
    expect(los(room, 5.5, 3.5, 5.5, 4.5)).toBe(true);
  });

  it("the viewer's own tile never blocks; a viewer pressed against a wall sees along it", () => {
    // Viewer standing in the locked door tile (a liquid T-1000 under it) sees out.
    expect(los(room, 4.5, 4.5, 4.5, 3.2)).toBe(true);
    // Hugging the wall at x = 1.01 looking down the corridor.
    expect(los(room, 1.01, 1.01, 8.99, 1.01)).toBe(true);
  });

  it("the target's own tile blocks when it blocks sight", () => {
    expect(los(room, 4.5, 3.5, 4.5, 4.5)).toBe(false); // the locked door itself
    expect(los(room, 4.5, 1.5, 4.5, 2.5)).toBe(false); // a wall tile
  });

  it('outside the grid counts as wall', () => {
    const open = grid(['...', '...']);
    expect(los(open, 0.5, 0.5, 2.5, 1.5)).toBe(true);
    expect(los(open, 0.5, 0.5, 3.5, 0.5)).toBe(false);
    expect(los(open, 0.5, 0.5, -0.5, 0.5)).toBe(false);
  });

  it('a ray exactly through a corner slips past one wall but not between two diagonal walls', () => {
    const lone = grid(['...', '.#.', '...']);
    expect(los(lone, 0.5, 0.5, 2.5, 2.5)).toBe(false); // through the wall's centre
    const oneSide = grid(['.#.', '...', '...']);
    expect(los(oneSide, 0.5, 0.5, 1.5, 1.5)).toBe(true); // past the corner of (1,0)
    const diagonal = grid(['.#.', '#..', '...']);
    expect(los(diagonal, 0.5, 0.5, 1.5, 1.5)).toBe(false);
    expect(los(diagonal, 1.5, 1.5, 0.5, 0.5)).toBe(false);
  });

  it('agrees with an exact segment-vs-tile reference on random grids', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer(),
        (w, h, wallPct, seed) => {
          const rnd = mulberry(seed);
          const tiles = new Uint8Array(w * h);
          for (let i = 0; i < tiles.length; i++) {
            tiles[i] =
              rnd() * 100 < wallPct
                ? rnd() < 0.8
                  ? Tile.Wall
                  : Tile.DoorLocked
                : rnd() < 0.5
                  ? Tile.Floor
                  : Tile.Bars;
          }
          for (let k = 0; k < 20; k++) {
            const ax = rnd() * w;
            const ay = rnd() * h;
            const bx = rnd() * w;
            const by = rnd() * h;
            const got = lineOfSight(tiles, w, h, ax, ay, bx, by);
            expect(got).toBe(reference(tiles, w, h, ax, ay, bx, by));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with a brute-force dense sampler: never clear where the sampler meets a wall', () => {
    const rnd = mulberry(1995);
    const w = 32;
    const h = 20;
    let agree = 0;
    let total = 0;
    for (let g = 0; g < 20; g++) {
      const tiles = new Uint8Array(w * h);
      for (let i = 0; i < tiles.length; i++) tiles[i] = rnd() < 0.15 ? Tile.Wall : Tile.Floor;
      for (let k = 0; k < 100; k++) {
        const ax = rnd() * w;
        const ay = rnd() * h;
        const bx = rnd() * w;
        const by = rnd() * h;
        const got = lineOfSight(tiles, w, h, ax, ay, bx, by);
        const dense = sampler(tiles, w, ax, ay, bx, by, 8000);
        // The sampler can only miss a tile the ray clips by less than its step.
        if (!dense) expect(got).toBe(false);
        if (got === dense) agree++;
        total++;
      }
    }
    expect(agree / total).toBeGreaterThan(0.99);
  });

  it('a long ray across a large open grid is clear and fast', () => {
    const w = 800;
    const h = 300;
    const tiles = new Uint8Array(w * h);
    expect(lineOfSight(tiles, w, h, 0.5, 0.5, 799.5, 299.5)).toBe(true);
    tiles[150 * w + 400] = Tile.Wall;
    expect(lineOfSight(tiles, w, h, 0.5, 150.5, 799.5, 150.5)).toBe(false);
    const start = performance.now();
    let seen = 0;
    for (let i = 0; i < 100_000; i++) {
      if (lineOfSight(tiles, w, h, 10.5 + (i % 7), 20.5, 20.3, 25.1 + (i % 3))) seen++;
    }
    expect(seen).toBe(100_000);
    // Generous bound (2 shared cores): 100k 10-tile rays well under a second.
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
