import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpatialHash } from '../../../shared/sim/SpatialHash.js';

/** The reference: every point, the same float test the hash promises. */
function bruteRadius(xs: number[], ys: number[], x: number, y: number, r: number): number[] {
  const rr = r * r;
  const found: number[] = [];
  for (let j = 0; j < xs.length; j++) {
    const dx = xs[j] - x;
    const dy = ys[j] - y;
    if (dx * dx + dy * dy <= rr) found.push(j);
  }
  return found;
}

function bruteRect(xs: number[], ys: number[], x0: number, y0: number, x1: number, y1: number): number[] {
  const found: number[] = [];
  for (let j = 0; j < xs.length; j++) {
    if (xs[j] >= x0 && xs[j] <= x1 && ys[j] >= y0 && ys[j] <= y1) found.push(j);
  }
  return found;
}

const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);

interface World {
  width: number;
  height: number;
  cell: number;
  xs: number[];
  ys: number[];
}

/**
 * A coordinate that likes the awkward places: cell borders, the grid's edges,
 * outside the grid, far outside, infinities and NaN, as well as anywhere.
 */
function coord(size: number, cell: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -0.2 * size, max: 1.2 * size, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: -2, max: Math.ceil(size / cell) + 2 }).map((k) => k * cell) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, size, -1e-300, 1e9, -1e9, 1e300) },
    { weight: 1, arbitrary: fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN) },
  );
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    width: fc.double({ min: 0.5, max: 120, noNaN: true }),
    height: fc.double({ min: 0.5, max: 120, noNaN: true }),
    cell: fc.double({ min: 0.3, max: 40, noNaN: true }),
  })
  .chain(({ width, height, cell }) =>
    fc
      .array(fc.tuple(coord(width, cell), coord(height, cell)), { minLength: 0, maxLength: 150 })
      .map((pts) => ({ width, height, cell, xs: pts.map((p) => p[0]), ys: pts.map((p) => p[1]) })),
  );

/** A radius: zero, tiny, ordinary, exactly a cell, huge, infinite, negative (the test squares it). */
const radiusArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 30, noNaN: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, 1e-200, 1.5, 3, 1e6, 1e160, Number.POSITIVE_INFINITY, Number.NaN),
  },
  { weight: 1, arbitrary: fc.double({ min: -10, max: 0, noNaN: true }) },
);

function build(w: World): SpatialHash {
  const hash = new SpatialHash(w.width, w.height, w.cell);
  hash.rebuild(w.xs, w.ys, w.xs.length);
  return hash;
}

describe('SpatialHash', () => {
  it('a radius query returns exactly the points brute force finds, in any world', () => {
    fc.assert(
      fc.property(
        worldArb.chain((w) =>
          fc.tuple(
            fc.constant(w),
            fc.array(fc.tuple(coord(w.width, w.cell), coord(w.height, w.cell), radiusArb), {
              minLength: 1,
              maxLength: 8,
            }),
          ),
        ),
        ([w, queries]) => {
          const hash = build(w);
          const out = [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7];
          for (const [x, y, r] of queries) {
            const count = hash.queryRadius(x, y, r, out);
            const want = bruteRadius(w.xs, w.ys, x, y, r);
            expect(sorted(out)).toEqual(want);
            expect(count).toBe(want.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a point exactly at distance r from the query is found exactly when brute force finds it', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.nat(), (w, a, b) => {
        fc.pre(w.xs.length > 0);
        const hash = build(w);
        const q = a % w.xs.length;
        const p = b % w.xs.length;
        const [x, y] = [w.xs[q], w.ys[q]];
        const r = Math.hypot(w.xs[p] - x, w.ys[p] - y);
        const out: number[] = [];
        for (const rr of [r, r * (1 - 2 ** -52), r * (1 + 2 ** -52)]) {
          hash.queryRadius(x, y, rr, out);
          expect(sorted(out)).toEqual(bruteRadius(w.xs, w.ys, x, y, rr));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rounding cannot hide a point across a cell border: the query box is widened to what the float test accepts', () => {
    // Found by search: x + r rounds below the point's cell border, yet the
    // squared distance rounds to r*r.
    const border = new SpatialHash(20, 1, 0.3);
    border.rebuild([10.799999999999999], [0], 1);
    const out: number[] = [];
    const [x, r] = [-27.953477407291857, 38.753477407291854];
    expect(bruteRadius([10.799999999999999], [0], x, 0, r)).toEqual([0]);
    expect(border.queryRadius(x, 0, r, out)).toBe(1);
    // r*r underflows to 0, so brute force accepts a point far beyond r.
    const tiny = new SpatialHash(1e-150, 1e-150, 1e-153);
    const px = 5e-153;
    const qx = px - 1e-165;
    tiny.rebuild([px], [0], 1);
    expect(bruteRadius([px], [0], qx, 0, 1e-170)).toEqual([0]);
    expect(tiny.queryRadius(qx, 0, 1e-170, out)).toBe(1);
  });

  it('a box query returns exactly the points inside the closed box', () => {
    const bound = fc.oneof(
      { weight: 5, arbitrary: fc.double({ min: -20, max: 140, noNaN: true }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN),
      },
    );
    fc.assert(
      fc.property(
        worldArb,
        fc.array(fc.tuple(bound, bound, bound, bound), { minLength: 1, maxLength: 8 }),
        (w, boxes) => {
          const hash = build(w);
          const out = [1, 2, 3];
          for (const [x0, y0, x1, y1] of boxes) {
            const count = hash.queryRect(x0, y0, x1, y1, out);
            const want = bruteRect(w.xs, w.ys, x0, y0, x1, y1);
            expect(sorted(out)).toEqual(want);
            expect(count).toBe(want.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a box whose corners are points finds those points (the box is closed)', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.nat(), (w, a, b) => {
        fc.pre(w.xs.length > 0);
        const hash = build(w);
        const i = a % w.xs.length;
        const j = b % w.xs.length;
        const [x0, x1] = [Math.min(w.xs[i], w.xs[j]), Math.max(w.xs[i], w.xs[j])];
        const [y0, y1] = [Math.min(w.ys[i], w.ys[j]), Math.max(w.ys[i], w.ys[j])];
        const out: number[] = [];
        hash.queryRect(x0, y0, x1, y1, out);
        expect(sorted(out)).toEqual(bruteRect(w.xs, w.ys, x0, y0, x1, y1));
      }),
    );
  });

  it('rebuilding the same hash with more, then fewer, points stays exact', () => {
    fc.assert(
      fc.property(fc.array(worldArb, { minLength: 2, maxLength: 5 }), radiusArb, (worlds, r) => {
        const hash = new SpatialHash(100, 80, 2.5);
        const out: number[] = [];
        for (const w of worlds) {
          hash.rebuild(w.xs, w.ys, w.xs.length);
          expect(hash.size).toBe(w.xs.length);
          for (let q = 0; q < w.xs.length; q += 7) {
            hash.queryRadius(w.xs[q], w.ys[q], r, out);
            expect(sorted(out)).toEqual(bruteRadius(w.xs, w.ys, w.xs[q], w.ys[q], r));
          }
          hash.queryRadius(50, 40, 1e6, out);
          expect(sorted(out)).toEqual(bruteRadius(w.xs, w.ys, 50, 40, 1e6));
        }
      }),
    );
  });

  it('rebuild reads only the first n points and keeps its buffers when n does not grow', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const ys = [1, 1, 1, 1, 1, 1, 1, 1];
    const hash = new SpatialHash(10, 10, 2);
    const internals = hash as unknown as { pts: Float64Array };
    hash.rebuild(xs, ys, 8);
    const { pts } = internals;
    hash.rebuild(xs, ys, 3);
    const out: number[] = [];
    hash.queryRadius(5, 1, 100, out);
    expect(sorted(out)).toEqual([0, 1, 2]);
    hash.rebuild(xs, ys, 8);
    expect(internals.pts).toBe(pts);
    expect(hash.queryRadius(5, 1, 100, out)).toBe(8);
    hash.rebuild(xs, ys, 0);
    expect(hash.queryRadius(5, 1, 100, out)).toBe(0);
    expect(out).toEqual([]);
  });

  it('forEachInRadius visits what queryRadius returns, and stops when the visitor says so', () => {
    fc.assert(
      fc.property(worldArb, fc.double({ min: -20, max: 140, noNaN: true }), radiusArb, (w, x, r) => {
        const hash = build(w);
        const y = w.height / 2;
        const seen: number[] = [];
        hash.forEachInRadius(x, y, r, (i) => {
          seen.push(i);
          return undefined;
        });
        const want = bruteRadius(w.xs, w.ys, x, y, r);
        expect(sorted(seen)).toEqual(want);
        let calls = 0;
        hash.forEachInRadius(x, y, r, () => ++calls === 2);
        expect(calls).toBe(Math.min(2, want.length));
      }),
    );
  });

  it('a grid of one cell, a world of one point and an empty world all answer', () => {
    const hash = new SpatialHash(1, 1, 5);
    const out = [9];
    hash.rebuild([0.5], [0.5], 1);
    expect(hash.queryRadius(0.5, 0.5, 0, out)).toBe(1);
    expect(out).toEqual([0]);
    hash.rebuild([], [], 0);
    expect(hash.queryRadius(0.5, 0.5, 10, out)).toBe(0);
    expect(hash.queryRect(0, 0, 1, 1, out)).toBe(0);
    expect(out).toEqual([]);
  });

  it('refuses a grid without a positive size', () => {
    expect(() => new SpatialHash(0, 10, 1)).toThrow(RangeError);
    expect(() => new SpatialHash(10, 10, 0)).toThrow(RangeError);
    expect(() => new SpatialHash(10, Number.NaN, 1)).toThrow(RangeError);
  });
});
