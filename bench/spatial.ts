/**
 * npm run bench:spatial -- [--json]
 *
 * The per-tick neighbour workload of a crowd: N entities at one per 20 tiles
 * of area, every one moving a small random step each tick; a tick is a
 * rebuild of the index, then one radius query (r = 1.5) per entity. Ticks are
 * timed per implementation in the same run, interleaved (the order rotates
 * every tick), after warm-up; the figure is the median tick. Moving the
 * entities is not timed.
 *
 * - hash: shared/sim/SpatialHash with cells of 2r, `queryRadius` per entity.
 * - naive: every pair, O(N²). At 10,000 only every 10th entity queries and
 *   the time is scaled by 10.
 * - rbush: `clear()` + bulk `load()` every tick (its README's way for bulk
 *   data), `search()` of the query's box, then the distance filter.
 * - flatbush: `new Flatbush(n)`, `add()` each point, `finish()`, then
 *   `search()` of the query's box with the distance test as its filterFn
 *   (faster here than filtering the returned array).
 * - plain grid: a reference, the obvious counting-sort grid — cells of r,
 *   entity ids sorted by cell, a query visits its 3×3 cells one by one and
 *   reads coordinates through the ids.
 * - floor: reads every entity's x and y once and sums them: the least memory
 *   traffic any tick must do (each query at least reads its entity's
 *   position), with no index, no search and no output.
 * The hash, naive, plain grid and rbush write their hits to a reused array
 * the same way (`out[k++] = id`, then `pop()` down to k); flatbush's search
 * builds its own. Before timing, one full tick of each, naive over all pairs,
 * must give the same neighbour total, and every timed tick is checked too.
 */
import { flags } from '../scripts/cli.js';
import { random, seedState } from '../shared/sim/rng.js';
import {
  FlatbushImpl,
  FloorImpl,
  HashImpl,
  type Impl,
  NaiveImpl,
  PlainGridImpl,
  R,
  RBushImpl,
} from './spatialImpls.js';
import { median, round } from './stats.js';

const f = flags({ json: { type: 'boolean', default: false } });
const STEP = 0.15;

/** Stops the run, in one line, when an implementation disagrees with the hash. */
function agree(when: string, name: string, total: number, expected: number): void {
  if (total === expected) return;
  process.stderr.write(`error: ${when}: ${name} found ${total} neighbours, the hash ${expected}\n`);
  process.exit(1);
}

function measure(n: number, ticks: number) {
  const side = Math.sqrt(20 * n);
  const rng = { rng: seedState(n) };
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = random(rng) * side;
    ys[i] = random(rng) * side;
  }
  const naiveStride = Math.max(1, Math.round(n / 1000));
  const impls: Impl[] = [
    new HashImpl(side),
    new NaiveImpl(naiveStride),
    new RBushImpl(),
    new FlatbushImpl(),
    new PlainGridImpl(side),
    new FloorImpl(),
  ];
  // The agreement check: one full tick of everything, naive over all pairs.
  const expected = impls[0].tick(xs, ys, n);
  for (const im of impls) {
    if (im instanceof FloorImpl) continue;
    agree(
      `N=${n}, before timing`,
      im.name,
      (im instanceof NaiveImpl ? new NaiveImpl(1) : im).tick(xs, ys, n),
      expected,
    );
  }
  const side1 = side - 1e-9;
  const times = impls.map(() => [] as number[]);
  const totals = impls.map(() => 0);
  const moves: number[] = [];
  const warmup = 15;
  for (let t = 0; t < warmup + ticks; t++) {
    const m0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      xs[i] = Math.min(side1, Math.max(0, xs[i] + (random(rng) - 0.5) * 2 * STEP));
      ys[i] = Math.min(side1, Math.max(0, ys[i] + (random(rng) - 0.5) * 2 * STEP));
    }
    if (t >= warmup) moves.push(Number(process.hrtime.bigint() - m0) / 1000);
    for (let j = 0; j < impls.length; j++) {
      const k = (j + t) % impls.length;
      const im = impls[k];
      const t0 = process.hrtime.bigint();
      totals[k] = im.tick(xs, ys, n);
      const us = (Number(process.hrtime.bigint() - t0) / 1000) * im.scale;
      if (t >= warmup) times[k].push(us);
    }
    impls.forEach((im, k) => {
      if (im.scale === 1 && !(im instanceof FloorImpl))
        agree(`N=${n}, tick ${t}`, im.name, totals[k], totals[0]);
    });
  }
  const us: Record<string, number> = {};
  impls.forEach((im, k) => {
    us[im.name] = median(times[k]);
  });
  return { n, side, us, neighbours: expected, ticks, naiveStride, moveUs: median(moves) };
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
  moveUs: round(large.moveUs, 1),
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
        : name === 'floor'
          ? ` — hash is ${(m.us.hash / v).toFixed(1)}× this`
          : ` — ${(v / m.us.hash).toFixed(2)}× the hash`;
    lines.push(`  ${name.padEnd(10)} ${v.toFixed(1).padStart(10)} µs/tick${rel}${note}`);
  }
}
lines.push(
  `per entity at 10k: hash ${((h * 1000) / large.n).toFixed(1)} ns (rebuild + one query), floor ${((large.us.floor * 1000) / large.n).toFixed(1)} ns; ` +
    `moving the entities (not in any figure) takes ${large.moveUs.toFixed(1)} µs a tick`,
  'targets: vsNaive ≥ 100, vsRbush ≥ 10, vsFlatbush ≥ 5, vsFlatbush1k ≥ 1.5, vsFloor ≤ 6',
);
process.stdout.write(`${lines.join('\n')}\n`);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
