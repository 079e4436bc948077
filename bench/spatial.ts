/**
 * npm run bench:spatial -- [--json]
 *
 * The per-tick neighbour workload of a crowd: N entities at one per 20 tiles
 * of area, every one moving every tick (bench/spatialCrowd.ts: a steady walk,
 * a new heading from the seeded RNG every one to three seconds, walls bounce).
 *
 * A timed tick is what a simulation step pays: move every entity, then the
 * implementation's work. For an index the work is a rebuild, then one radius
 * query (r = 1.5) per entity; for the floor it is one pass that reads each
 * position once. Every implementation moves its own crowd from the same
 * seed, in lockstep, so all see the same positions. Ticks are timed in the
 * same run, interleaved (the order rotates every tick), after warm-up; the
 * figure is the median tick.
 *
 * - hash: shared/sim/SpatialHash with cells of 2r, `queryRadius` per entity.
 * - naive: every pair, O(N²). At 10,000 only every 10th entity queries; that
 *   part of the tick is scaled by 10, the movement is not.
 * - rbush: `clear()` + bulk `load()` every tick (its README's way for bulk
 *   data), `search()` of the query's box, then the distance filter.
 * - flatbush: `new Flatbush(n)`, `add()` each point, `finish()`, then
 *   `search()` of the query's box with the distance test as its filterFn
 *   (faster here than filtering the returned array).
 * - plain grid: a reference, the obvious counting-sort grid — cells of r,
 *   entity ids sorted by cell, a query visits its 3×3 cells one by one and
 *   reads coordinates through the ids.
 * - floor: the movement, then a pass that reads every entity's x and y once
 *   and sums them: the least any tick must do (the crowd moves, and each
 *   query at least reads its entity's position), with no index, no search
 *   and no output. `vsFloor` is the hash's tick over this one.
 * - move only: the movement alone, to show how the floor splits.
 * The hash, naive, plain grid and rbush write their hits to a reused array
 * the same way (`out[k++] = id`, then `pop()` down to k); flatbush's search
 * builds its own. Before timing, one full tick of each, naive over all pairs,
 * must give the same neighbour total, and every timed tick is checked too.
 */
import { flags } from '../scripts/cli.js';
import { Crowd } from './spatialCrowd.js';
import {
  FlatbushImpl,
  FloorImpl,
  HashImpl,
  type Impl,
  MoveOnlyImpl,
  NaiveImpl,
  PlainGridImpl,
  R,
  RBushImpl,
} from './spatialImpls.js';
import { median, round } from './stats.js';

const f = flags({ json: { type: 'boolean', default: false } });

/** Stops the run, in one line, when an implementation disagrees with the hash. */
function agree(when: string, name: string, total: number, expected: number): void {
  if (total === expected) return;
  process.stderr.write(`error: ${when}: ${name} found ${total} neighbours, the hash ${expected}\n`);
  process.exit(1);
}

function measure(n: number, ticks: number) {
  const naiveStride = Math.max(1, Math.round(n / 1000));
  const seed = n;
  const start = new Crowd(n, seed);
  const side = start.side;
  const impls: Impl[] = [
    new HashImpl(side),
    new NaiveImpl(naiveStride),
    new RBushImpl(),
    new FlatbushImpl(),
    new PlainGridImpl(side),
    new FloorImpl(),
    new MoveOnlyImpl(),
  ];
  const checked = (im: Impl) => im.scale === 1 && im.total;
  // The agreement check: one full tick of everything, naive over all pairs.
  const expected = impls[0].tick(start.xs, start.ys, n);
  for (const im of impls) {
    if (!im.total) continue;
    const full = im instanceof NaiveImpl ? new NaiveImpl(1) : im;
    agree(`N=${n}, before timing`, im.name, full.tick(start.xs, start.ys, n), expected);
  }
  const crowds = impls.map(() => new Crowd(n, seed));
  const times = impls.map(() => [] as number[]);
  const totals = impls.map(() => 0);
  const warmup = 15;
  for (let t = 0; t < warmup + ticks; t++) {
    for (let j = 0; j < impls.length; j++) {
      const k = (j + t) % impls.length;
      const im = impls[k];
      const crowd = crowds[k];
      const t0 = process.hrtime.bigint();
      crowd.move();
      const t1 = process.hrtime.bigint();
      totals[k] = im.tick(crowd.xs, crowd.ys, n);
      const t2 = process.hrtime.bigint();
      const us = (Number(t1 - t0) + Number(t2 - t1) * im.scale) / 1000;
      if (t >= warmup) times[k].push(us);
    }
    impls.forEach((im, k) => {
      if (checked(im)) agree(`N=${n}, tick ${t}`, im.name, totals[k], totals[0]);
    });
  }
  const us: Record<string, number> = {};
  impls.forEach((im, k) => {
    us[im.name] = median(times[k]);
  });
  return { n, side, us, neighbours: expected, ticks, naiveStride };
}

const small = measure(1000, 400);
const large = measure(10000, 120);
const h = large.us.hash;
const result = {
  n: 10000,
  vsNaive: round(large.us.naive / h, 1),
  vsRbush: round(large.us.rbush / h, 1),
  vsFlatbush: round(large.us.flatbush / h, 2),
  vsFlatbush1k: round(small.us.flatbush / small.us.hash, 2),
  vsFloor: round(h / large.us.floor, 1),
  vsPlainGrid: round(large.us['plain grid'] / h, 2),
  plainGridVsFloor: round(large.us['plain grid'] / large.us.floor, 1),
  hashUs: round(h, 1),
  naiveUs: round(large.us.naive, 0),
  rbushUs: round(large.us.rbush, 0),
  flatbushUs: round(large.us.flatbush, 0),
  plainGridUs: round(large.us['plain grid'], 1),
  floorUs: round(large.us.floor, 1),
  hash1kUs: round(small.us.hash, 1),
  naive1kUs: round(small.us.naive, 0),
  rbush1kUs: round(small.us.rbush, 0),
  flatbush1kUs: round(small.us.flatbush, 1),
  plainGrid1kUs: round(small.us['plain grid'], 1),
  floor1kUs: round(small.us.floor, 2),
  moveUs: round(large.us['move only'], 1),
  move1kUs: round(small.us['move only'], 2),
  neighbours: large.neighbours,
  neighbours1k: small.neighbours,
};
const lines: string[] = [];
for (const m of [small, large]) {
  lines.push(
    `N=${m.n} on ${m.side.toFixed(0)}×${m.side.toFixed(0)} tiles, r=${R}, median of ${m.ticks} ticks; ` +
      `every implementation found ${m.neighbours} neighbours (self included)`,
  );
  for (const [name, v] of Object.entries(m.us)) {
    const note =
      name === 'naive' && m.naiveStride > 1 ? ` (1 in ${m.naiveStride} queries, ×${m.naiveStride})` : '';
    const rel =
      name === 'hash'
        ? ''
        : name === 'floor' || name === 'move only'
          ? ` — hash is ${(m.us.hash / v).toFixed(1)}× this`
          : ` — ${(v / m.us.hash).toFixed(2)}× the hash`;
    lines.push(`  ${name.padEnd(10)} ${v.toFixed(1).padStart(10)} µs/tick${rel}${note}`);
  }
}
const move = large.us['move only'];
lines.push(
  `a tick is: move the crowd (${move.toFixed(1)} µs at 10k), then the work — an index rebuilds and queries ` +
    'once per entity, the floor reads each position once',
  `vsFloor at 10k (hash tick / floor tick, both moving the crowd): ${result.vsFloor}; ` +
    `the plain grid: ${result.plainGridVsFloor}`,
  `per entity at 10k, beyond the movement: hash ${(((h - move) * 1000) / large.n).toFixed(1)} ns ` +
    `(rebuild + one query), floor ${(((large.us.floor - move) * 1000) / large.n).toFixed(1)} ns (one read)`,
  'targets: vsNaive ≥ 100, vsRbush ≥ 10, vsFlatbush ≥ 5, vsFlatbush1k ≥ 1.5, vsFloor ≤ 6',
);
process.stdout.write(`${lines.join('\n')}\n`);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
