import { parentPort, workerData } from 'node:worker_threads';
import { resolveMap } from '../server/mapFiles.js';
import { playMatch } from '../shared/headless.js';
import { matchSummary } from './summary.js';

/** One worker of `npm run balance`: plays the seeds it is given and reports each match. */
const {
  seeds,
  map: mapName,
  minutes,
} = workerData as { seeds: number[]; map: string | undefined; minutes: number };
const map = resolveMap(mapName);
for (const seed of seeds) {
  const world = playMatch({ map, seed, options: { judgmentDaySeconds: minutes * 60 } });
  parentPort?.postMessage({ seed, ...matchSummary(world) });
}
