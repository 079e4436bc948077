/**
 * npm run bench:tick -- [--json]
 * One simulation step of a default match (5 bots, 150 NPCs) in mid-game —
 * bots' thinking included, as the server runs it — median and p99; then the
 * same on a generated world with 10× the area and 10× the NPCs at the same
 * density, to show how the cost grows with the work.
 */
import { botMatch } from '../shared/headless.js';
import { tileMapGrid } from '../shared/map/generate.js';
import type { GameMap } from '../shared/map/types.js';
import { DEFAULT_OPTIONS } from '../shared/tuning.js';
import { resolveMap } from '../server/mapFiles.js';
import { flags } from '../scripts/cli.js';
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
function measure(map: GameMap, scale: number, seed: number) {
  const options = { police: DEFAULT_OPTIONS.police * scale, civilians: DEFAULT_OPTIONS.civilians * scale };
  const times: number[] = [];
  let entities = 0;
  const acts = new Set<number>();
  for (let s = seed; times.length < STEPS; s++) {
    const m = botMatch({ map, seed: s, options });
    for (let i = 0; i < WARMUP_SECONDS * 30 && !m.world.over; i++) m.step();
    entities = m.world.entities.length;
    for (let i = 0; i < WINDOW && !m.world.over && times.length < STEPS; i++) {
      acts.add(m.world.act);
      const t0 = process.hrtime.bigint();
      m.step();
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  return { median: median(times), p99: quantile(times, 0.99), entities, act: [...acts].sort().join('+') };
}

const map = resolveMap();
const big = tileMapGrid(map, 5, 2);
const base = measure(map, 1, 42);
const large = measure(big, 10, 42);
const result = {
  simMedianUs: round(base.median),
  simP99Us: round(base.p99),
  scale10x: round(large.median / base.median),
  bigMedianUs: round(large.median),
  entities: base.entities,
  bigEntities: large.entities,
  steps: STEPS,
};
process.stdout.write(
  [
    `default match (${map.width}×${map.height}, ${base.entities} entities, acts ${base.act}): step median ${result.simMedianUs} µs, p99 ${result.simP99Us} µs`,
    `10× world (${big.width}×${big.height}, ${large.entities} entities): step median ${result.bigMedianUs} µs — ${result.scale10x}× the default`,
    `targets: median ≤ 100 µs, scale10x ≤ 12`,
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
