import { describe, expect, it } from 'vitest';
import {
  DIST_SCALE,
  distanceField,
  fieldAt,
  flowDirection,
  PathCache,
  UNREACHABLE,
} from '../../../shared/map/paths.js';
import { BLOCKS_LIQUID, BLOCKS_WALK, Tile } from '../../../shared/map/tiles.js';

/** Parses a picture: '.' floor, '#' wall, '|' bars, 'D' locked door, 'o' open door, '~' steel. */
function grid(rows: string[]): { tiles: Uint8Array; width: number; height: number } {
  const codes: Record<string, number> = {
    '.': Tile.Floor,
    '#': Tile.Wall,
    '|': Tile.Bars,
    D: Tile.DoorLocked,
    o: Tile.DoorOpen,
    '~': Tile.Steel,
  };
  const width = rows[0].length;
  const tiles = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) tiles[y * width + x] = codes[row[x]];
  });
  return { tiles, width, height: rows.length };
}

/** Walks a point down the field with flowDirection; returns the tiles visited and whether it arrived. */
function walk(
  field: Uint16Array,
  g: { tiles: Uint8Array; width: number; height: number },
  x: number,
  y: number,
  steps = 2000,
): { arrived: boolean; visited: Set<number> } {
  const dir = { x: 0, y: 0 };
  const visited = new Set<number>();
  for (let i = 0; i < steps; i++) {
    visited.add(Math.floor(y) * g.width + Math.floor(x));
    if (!flowDirection(field, g.tiles, g.width, g.height, x, y, dir)) {
      return { arrived: fieldAt(field, g.width, g.height, x, y) === 0, visited };
    }
    x += dir.x * 0.1;
    y += dir.y * 0.1;
  }
  return { arrived: false, visited };
}

describe('distanceField', () => {
  it('reaches around a wall, orthogonal steps costing DIST_SCALE', () => {
    const g = grid(['.....', '.###.', '.....']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 0.5, y: 0.5 }], BLOCKS_WALK);
    expect(f[0]).toBe(0);
    expect(f[1]).toBe(DIST_SCALE);
    // (2, 2) is behind the wall: around it, not through it.
    expect(f[2 * 5 + 2]).toBeGreaterThan(2 * DIST_SCALE);
    expect(f[2 * 5 + 2]).toBeLessThan(UNREACHABLE);
    expect(f[1 * 5 + 2]).toBe(UNREACHABLE); // a wall
  });

  it('marks tiles sealed off from the goals unreachable', () => {
    const g = grid(['..#..', '..#..', '..#..']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 0, y: 0 }], BLOCKS_WALK);
    expect(f[4]).toBe(UNREACHABLE);
    expect(f[3 + 2 * 5]).toBe(UNREACHABLE);
    expect(f[1 + 2 * 5]).toBeLessThan(UNREACHABLE);
  });

  it('does not cut a corner between two blocked tiles', () => {
    // Diagonal gap between (1,0)/(0,1) walls: the goal at (0,0) is sealed in.
    const g = grid(['.#.', '#..', '...']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 0, y: 0 }], BLOCKS_WALK);
    expect(f[1 * 3 + 1]).toBe(UNREACHABLE);
    // One open side lets the walk around the corner, at orthogonal cost.
    const h = grid(['..', '#.']);
    const f2 = distanceField(h.tiles, h.width, h.height, [{ x: 0, y: 0 }], BLOCKS_WALK);
    expect(f2[3]).toBe(2 * DIST_SCALE);
  });

  it('takes diagonals in the open at about 1.4 tiles', () => {
    const g = grid(['..', '..']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 0, y: 0 }], BLOCKS_WALK);
    expect(f[3] / DIST_SCALE).toBeCloseTo(1.4, 5);
  });

  it('lets a liquid mask pass bars that block walking, and never paths over steel', () => {
    const g = grid(['.|.', '###']);
    expect(distanceField(g.tiles, 3, 2, [{ x: 0, y: 0 }], BLOCKS_WALK)[2]).toBe(UNREACHABLE);
    expect(distanceField(g.tiles, 3, 2, [{ x: 0, y: 0 }], BLOCKS_LIQUID)[2]).toBe(2 * DIST_SCALE);
    const s = grid(['.~.', '###']);
    expect(distanceField(s.tiles, 3, 2, [{ x: 0, y: 0 }], BLOCKS_LIQUID)[2]).toBe(UNREACHABLE);
  });

  it('seeds a goal on a locked door so the walkers reach the tile beside it', () => {
    const g = grid(['...D.']);
    const f = distanceField(g.tiles, 5, 1, [{ x: 3.5, y: 0.5 }], BLOCKS_WALK);
    expect(f[3]).toBe(0);
    expect(f[2]).toBe(DIST_SCALE);
    expect(f[0]).toBe(3 * DIST_SCALE);
    // Behind the door is not reachable through it.
    expect(f[4]).toBe(DIST_SCALE);
  });

  it('builds a 160 × 60 field well under a millisecond of CPU time', () => {
    const w = 160;
    const h = 60;
    const tiles = new Uint8Array(w * h);
    for (let x = 10; x < w; x += 20) for (let y = 0; y < h - 3; y++) tiles[y * w + x] = Tile.Wall;
    const out = new Uint16Array(w * h);
    for (let i = 0; i < 20; i++) distanceField(tiles, w, h, [{ x: 1, y: 1 }], BLOCKS_WALK, out);
    // CPU time (not wall time) and the best of a few batches: other processes on the machine do not count.
    let best = Number.POSITIVE_INFINITY;
    for (let batch = 0; batch < 5; batch++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < 40; i++) distanceField(tiles, w, h, [{ x: 1 + (i % 5), y: 1 }], BLOCKS_WALK, out);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000 / 40);
    }
    expect(out[(h - 1) * w + w - 1]).toBeLessThan(UNREACHABLE);
    expect(best).toBeLessThan(1);
  });
});

describe('flowDirection', () => {
  it('leads a walker around a wall to the goal without entering blocked tiles', () => {
    const g = grid(['........', '.######.', '.#....#.', '.#.##.#.', '........']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 3.5, y: 2.5 }], BLOCKS_WALK);
    const { arrived, visited } = walk(f, g, 0.5, 4.5);
    expect(arrived).toBe(true);
    for (const idx of visited) expect(g.tiles[idx]).not.toBe(Tile.Wall);
  });

  it('keeps a walker off molten steel beside its path', () => {
    const g = grid(['......', '.~~~~.', '......']);
    const f = distanceField(g.tiles, g.width, g.height, [{ x: 5.5, y: 2.5 }], BLOCKS_WALK);
    const { arrived, visited } = walk(f, g, 0.5, 0.5);
    expect(arrived).toBe(true);
    for (const idx of visited) expect(g.tiles[idx]).not.toBe(Tile.Steel);
  });

  it('returns a unit vector, and false on the goal tile or where nothing is reachable', () => {
    const g = grid(['....#.']);
    const f = distanceField(g.tiles, 6, 1, [{ x: 0, y: 0 }], BLOCKS_WALK);
    const d = { x: 0, y: 0 };
    expect(flowDirection(f, g.tiles, 6, 1, 3.5, 0.5, d)).toBe(true);
    expect(Math.hypot(d.x, d.y)).toBeCloseTo(1, 6);
    expect(d.x).toBeLessThan(0);
    expect(flowDirection(f, g.tiles, 6, 1, 0.5, 0.5, d)).toBe(false);
    expect(flowDirection(f, g.tiles, 6, 1, 5.5, 0.5, d)).toBe(false);
  });
});

describe('PathCache', () => {
  it('reuses a field until the tiles version changes, then rebuilds it', () => {
    const g = grid(['..D..']);
    const cache = new PathCache(4);
    const a = cache.field(g.tiles, 5, 1, 1, 0, 0, BLOCKS_WALK);
    expect(cache.field(g.tiles, 5, 1, 1, 0.7, 0.2, BLOCKS_WALK)).toBe(a);
    expect(a[4]).toBe(UNREACHABLE);
    g.tiles[2] = Tile.DoorOpen;
    // Same version: the stale field is kept (the caller owns the version).
    expect(cache.field(g.tiles, 5, 1, 1, 0, 0, BLOCKS_WALK)[4]).toBe(UNREACHABLE);
    const b = cache.field(g.tiles, 5, 1, 2, 0, 0, BLOCKS_WALK);
    expect(b[4]).toBe(4 * DIST_SCALE);
  });

  it('keeps separate fields per block mask and evicts the least recently used', () => {
    const g = grid(['.|...']);
    const cache = new PathCache(2);
    const walkF = cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_WALK);
    const liquidF = cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_LIQUID);
    expect(walkF[4]).toBe(UNREACHABLE);
    expect(liquidF[4]).toBe(4 * DIST_SCALE);
    cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_WALK); // touch: liquid is now the oldest
    cache.field(g.tiles, 5, 1, 0, 4, 0, BLOCKS_LIQUID); // evicts the liquid field toward (0, 0)
    expect(cache.size).toBe(2);
    expect(cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_WALK)[4]).toBe(UNREACHABLE);
    expect(cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_LIQUID)[4]).toBe(4 * DIST_SCALE);
  });

  it('with a refresh budget, serves the old field past the budget and rebuilds the rest later', () => {
    const g = grid(['..D..']);
    const cache = new PathCache(4);
    cache.field(g.tiles, 5, 1, 0, 0, 0, BLOCKS_WALK);
    cache.field(g.tiles, 5, 1, 0, 4, 0, BLOCKS_WALK);
    g.tiles[2] = Tile.DoorOpen;
    cache.refreshBudget = 1;
    expect(cache.field(g.tiles, 5, 1, 1, 0, 0, BLOCKS_WALK)[4]).toBe(4 * DIST_SCALE);
    // Budget spent: the east field is the old one (the door still shut in it), still safe to walk.
    expect(cache.field(g.tiles, 5, 1, 1, 4, 0, BLOCKS_WALK)[0]).toBe(UNREACHABLE);
    cache.refreshBudget = 1;
    expect(cache.field(g.tiles, 5, 1, 1, 4, 0, BLOCKS_WALK)[0]).toBe(4 * DIST_SCALE);
  });

  it('caches a field toward several goals under a name', () => {
    const g = grid(['.....']);
    const cache = new PathCache();
    const goals = [
      { x: 0, y: 0 },
      { x: 4, y: 0 },
    ];
    const f = cache.fieldFor(g.tiles, 5, 1, 0, 'ends', goals, BLOCKS_WALK);
    expect(Array.from(f.subarray(0, 5))).toEqual([0, 5, 10, 5, 0]);
    expect(cache.fieldFor(g.tiles, 5, 1, 0, 'ends', goals, BLOCKS_WALK)).toBe(f);
  });
});

describe('distanceField with stopAt', () => {
  it('settles the walker tile exactly and stops a few tiles past it', () => {
    const g = grid(['.'.repeat(40)]);
    const full = distanceField(g.tiles, 40, 1, [{ x: 0, y: 0 }], BLOCKS_WALK);
    const part = distanceField(g.tiles, 40, 1, [{ x: 0, y: 0 }], BLOCKS_WALK, undefined, 10);
    for (let x = 0; x <= 14; x++) expect(part[x]).toBe(full[x]);
    expect(part[30]).toBe(UNREACHABLE);
  });
});
