/**
 * npm run bench:tick -- [--json]
 * One simulation step of a default match (5 bots, 150 NPCs) in mid-game —
 * bots' thinking included, as the server runs it — median and p99; then the
 * same on a generated world with 10× the area and 10× the NPCs at the same
 * density, to show how the cost grows with the work; then the server's
 * whole per-step work — the step plus schema and view encoding for the 5
 * clients (a patch after every step, which overstates the 20 Hz patch rate).
 */

import { flags } from '../scripts/cli.js';
import { resolveMap } from '../server/mapFiles.js';
import { botMatch } from '../shared/headless.js';
import { tileMapGrid } from '../shared/map/generate.js';
import type { GameMap } from '../shared/map/types.js';
import { DEFAULT_OPTIONS } from '../shared/tuning.js';
import { encodeHarness } from './encode.js';
import { median, quantile, round } from './stats.js';

const f = flags({ json: { type: 'boolean', default: false }, steps: { type: 'string' } });
const STEPS = Number(f.steps ?? 3000);
const WARMUP_SECONDS = 45;
/** Steps timed per match at most (30 game-seconds). */
const WINDOW = 900;

/**
 * Step times from mid-game windows: each match is played for WARMUP_SECONDS
 * first (escorts out of the hospital, NPCs spread out, caches warm), then
 * timed until it ends or the window is full; further seeds fill the sample.
 */
function measure(map: GameMap, scale: number, seed: number, withEncode = false) {
  const options = { police: DEFAULT_OPTIONS.police * scale, civilians: DEFAULT_OPTIONS.civilians * scale };
  const times: number[] = [];
  let entities = 0;
  const acts = new Set<number>();
  for (let s = seed; times.length < STEPS; s++) {
    const m = botMatch({ map, seed: s, options });
    const server = withEncode ? encodeHarness(m.world) : null;
    for (let i = 0; i < WARMUP_SECONDS * 30 && !m.world.over; i++) {
      m.step();
      server?.patch();
    }
    entities = m.world.entities.length;
    for (let i = 0; i < WINDOW && !m.world.over && times.length < STEPS; i++) {
      acts.add(m.world.act);
      const t0 = process.hrtime.bigint();
      m.step();
      server?.patch();
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  return { median: median(times), p99: quantile(times, 0.99), entities, act: [...acts].sort().join('+') };
}

const map = resolveMap();
const big = tileMapGrid(map, 5, 2);
const base = measure(map, 1, 42);
const large = measure(big, 10, 42);
// The server's whole per-step work: the step, then the schema and the 5 clients' views encoded.
const served = measure(map, 1, 42, true);
const result = {
  simMedianUs: round(base.median),
  simP99Us: round(base.p99),
  scale10x: round(large.median / base.median),
  encodeMedianUs: round(served.median),
  encodeP99Us: round(served.p99),
  bigMedianUs: round(large.median),
  entities: base.entities,
  bigEntities: large.entities,
  steps: STEPS,
};
process.stdout.write(
  [
    `default match (${map.width}×${map.height}, ${base.entities} entities, acts ${base.act}): step median ${result.simMedianUs} µs, p99 ${result.simP99Us} µs`,
    `10× world (${big.width}×${big.height}, ${large.entities} entities): step median ${result.bigMedianUs} µs — ${result.scale10x}× the default`,
    `step + schema and view encoding for 5 clients: median ${result.encodeMedianUs} µs, p99 ${result.encodeP99Us} µs`,
    `targets: median ≤ 100 µs, scale10x ≤ 12, step + encode median ≤ 200 µs`,
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
