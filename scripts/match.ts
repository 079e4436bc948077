/**
 * npm run match -- --seed N [--map FILE] [--json]
 * Plays one whole bot match in-process as fast as it can and prints the
 * result, the game-time length and each player's stats. With --json the last
 * line is one JSON object; the same seed prints the same line.
 */

import { resolveMap } from '../server/mapFiles.js';
import { playMatch } from '../shared/headless.js';
import { worldHash } from '../shared/sim/serialize.js';
import { fail, flags, intFlag, orMapError } from './cli.js';
import { formatMatch, matchSummary } from './summary.js';

const f = flags({
  seed: { type: 'string' },
  map: { type: 'string' },
  json: { type: 'boolean', default: false },
  minutes: { type: 'string' },
});
if (f.seed === undefined) fail('--seed N is required (an integer)');
const seed = intFlag('seed', f.seed, 1, -(2 ** 31), 2 ** 31 - 1);
const minutes = intFlag('minutes', f.minutes, 15, 1, 120);
const map = orMapError(() => resolveMap(f.map));

const world = playMatch({ map, seed, options: { judgmentDaySeconds: minutes * 60 } });
const summary = { ...matchSummary(world), seed, map: map.file, worldHash: worldHash(world) };
if (!f.json) process.stdout.write(formatMatch(summary));
else process.stdout.write(`${formatMatch(summary)}${JSON.stringify(summary)}\n`);
