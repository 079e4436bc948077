/**
 * npm run balance -- --matches N [--difficulty easy|normal|hard]
 *   [--hunter easy|normal|hard|newcomer] [--map FILE] [--seed S] [--json]
 * Plays N bot matches (seeds S … S+N-1) on all cores with a progress bar and
 * prints the hunter's win rate, the median length, how matches ended and the
 * escorts' shots (and hits) on the hunter per game-minute. The bots play at
 * `--difficulty` (default normal, as in quick play); `--hunter` plays the
 * hunter at another level, `newcomer` being a stand-in for a person new to
 * the role (shared/tuning.ts BOT_HUNTER).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveMap } from '../server/mapFiles.js';
import { BOT_DIFFICULTIES, DEFAULT_DIFFICULTY, isBotDifficulty } from '../shared/bots/difficulty.js';
import { HUNTER_SKILLS, isHunterSkill } from '../shared/bots/human.js';
import { fail, flags, intFlag, orMapError } from './cli.js';
import type { MatchSummary } from './summary.js';

const f = flags({
  matches: { type: 'string' },
  seed: { type: 'string' },
  map: { type: 'string' },
  minutes: { type: 'string' },
  difficulty: { type: 'string' },
  hunter: { type: 'string' },
  json: { type: 'boolean', default: false },
});
const difficulty = f.difficulty ?? DEFAULT_DIFFICULTY;
if (!isBotDifficulty(difficulty))
  fail(`--difficulty must be one of ${BOT_DIFFICULTIES.join(', ')}, got "${difficulty}"`);
const hunter = f.hunter ?? difficulty;
if (!isHunterSkill(hunter)) fail(`--hunter must be one of ${HUNTER_SKILLS.join(', ')}, got "${hunter}"`);
const matches = intFlag('matches', f.matches, 50, 1, 100_000);
const first = intFlag('seed', f.seed, 1, 0, 2 ** 31 - matches - 1);
const minutes = intFlag('minutes', f.minutes, 15, 1, 120);
orMapError(() => resolveMap(f.map));

const workers = Math.max(1, Math.min(availableParallelism(), matches));
type Result = MatchSummary & { seed: number; shots: number; shotHits: number };
const results: Result[] = [];
const started = Date.now();

function progress(): void {
  const done = results.length;
  const width = 30;
  const bar = '#'.repeat(Math.round((done / matches) * width)).padEnd(width, '.');
  const line = `[${bar}] ${done}/${matches} matches, ${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (done === matches || done % Math.max(1, Math.round(matches / 10)) === 0)
    process.stderr.write(`${line}\n`);
}

await Promise.all(
  Array.from({ length: workers }, (_, k) => {
    const seeds: number[] = [];
    for (let i = k; i < matches; i += workers) seeds.push(first + i);
    const worker = new Worker(new URL('./balanceWorker.ts', import.meta.url), {
      workerData: { seeds, map: f.map, minutes, escorts: difficulty, hunter },
      execArgv: ['--import', 'tsx'],
    });
    worker.on('message', (m: Result) => {
      results.push(m);
      progress();
    });
    return new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    });
  }),
);
if (process.stderr.isTTY) process.stderr.write('\n');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const hunterWins = results.filter((r) => r.winner === 'hunter').length;
const reasons: Record<string, number> = {};
for (const r of results) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
const acts: Record<string, number> = {};
for (const r of results) acts[`act${r.act}`] = (acts[`act${r.act}`] ?? 0) + 1;
const minutesPlayed = results.map((r) => r.gameSeconds / 60);
const totalMinutes = minutesPlayed.reduce((a, b) => a + b, 0) || 1;
const perMinute = (n: number) => Math.round((n / totalMinutes) * 10) / 10;
const summary = {
  difficulty,
  hunter,
  matches: results.length,
  hunterWinRate: Math.round((hunterWins / results.length) * 1000) / 1000,
  medianMinutes: Math.round(median(minutesPlayed) * 100) / 100,
  reasons,
  reachedAct: acts,
  noFate: results.filter((r) => r.noFate).length,
  shotsPerMinute: perMinute(results.reduce((a, r) => a + r.shots, 0)),
  shotHitsPerMinute: perMinute(results.reduce((a, r) => a + r.shotHits, 0)),
  wallSeconds: Math.round((Date.now() - started) / 100) / 10,
};
process.stdout.write(
  [
    `${summary.matches} matches on ${workers} workers in ${summary.wallSeconds} s (escorts ${difficulty}, hunter ${hunter})`,
    `hunter win rate: ${(summary.hunterWinRate * 100).toFixed(1)} %`,
    `median length:   ${summary.medianMinutes.toFixed(2)} game-minutes`,
    `endings:         ${Object.entries(reasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `last act:        ${Object.entries(acts)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `escort shots:    ${summary.shotsPerMinute} a game-minute, ${summary.shotHitsPerMinute} hitting the hunter`,
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
