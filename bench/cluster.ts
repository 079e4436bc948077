/**
 * npm run bench:cluster -- [--matches M] [--seconds S] [--rounds R] [--port P] [--decode-state] [--json]
 *
 * Two game server processes sharing the matches through Redis against one
 * process, at the same total load (M matches × 5 clients, `bench:load`'s
 * clients and sends), R rounds, the order of the configurations turned
 * each round so that a drift of the machine's load weighs on all alike.
 *
 * A third configuration is the control: two processes that know nothing of
 * each other (no Redis), each match made and played on one of them. Two
 * processes with half the matches each differ from one process with all of
 * them in more than Redis — each carries half the load, and on this machine
 * a process's CPU per match grows as its load falls — so the figure splits:
 * `splitRatio` (two without Redis over one: what splitting costs) and
 * `redisRatio` (two through Redis over two without: what Redis costs);
 * in each round `clusterRatio` is their product. The redis-server's own CPU is read too
 * (`clusterRatioWithRedisCpu` counts it with the servers').
 *
 * `clusterRatio` = matches per core held by two processes over the same for
 * one. Matches per core = 1000 / the servers' CPU ms per second of match:
 * the CPU time of the server processes only (their /proc user + system
 * time), summed over the processes, per match-second played — so the load
 * generator, which shares this machine's cores, is never in the figure, and
 * neither is the share of the cores the servers got. A configuration holds
 * its matches only with 0 disconnects and an event-loop p99 ≤ 15 ms in every
 * process; a round that does not is reported as not held (and its ratio as
 * such). Each round is one `bench:load` run (`--no-bare`), as a child
 * (`--decode-state` is passed on: its clients then decode the state, as
 * before the load stopped doing it).
 */
import { spawnSync } from 'node:child_process';
import { fail, flags, intFlag } from '../scripts/cli.js';
import { median, round } from './stats.js';

const f = flags({
  matches: { type: 'string' },
  seconds: { type: 'string' },
  rounds: { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  'decode-state': { type: 'boolean', default: false },
});
const MATCHES = intFlag('matches', f.matches, 30, 2, 1000);
const SECONDS = intFlag('seconds', f.seconds, 20, 1, 3600);
const ROUNDS = intFlag('rounds', f.rounds, 2, 1, 20);
const PORT = intFlag('port', f.port, 2670, 1, 65535);

interface LoadFigures {
  processes: number;
  redisCpuMsPerMatchSecond: number | null;
  disconnects: number;
  loopP99Ms: number;
  cpuMsPerMatchSecond: number;
  patchesPerSecPerMatch: number;
  movesPerSecPerClient: number;
  matchesPerProcess: number[];
}

type Config = 'one' | 'two' | 'split';

function load(config: Config): LoadFigures {
  const processes = config === 'one' ? 1 : 2;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/load.ts',
      '--matches',
      String(MATCHES),
      '--seconds',
      String(SECONDS),
      '--processes',
      String(processes),
      '--port',
      String(PORT),
      '--no-bare',
      ...(config === 'split' ? ['--no-redis'] : []),
      ...(f['decode-state'] ? ['--decode-state'] : []),
      '--json',
    ],
    { encoding: 'utf8', timeout: (SECONDS + 120) * 1000 * 2, maxBuffer: 64 << 20 },
  );
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{'))
    fail(`bench:load (${NAMES[config]}) failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(last) as LoadFigures;
}

const held = (x: LoadFigures) => x.disconnects === 0 && x.loopP99Ms <= 15;
const perCore = (x: LoadFigures) => 1000 / x.cpuMsPerMatchSecond;

const runs: Record<Config, LoadFigures[]> = { one: [], two: [], split: [] };
const NAMES: Record<Config, string> = {
  one: 'one process',
  two: 'two processes through Redis',
  split: 'two processes without Redis (the control)',
};
const ORDERS: Config[][] = [
  ['one', 'two', 'split'],
  ['two', 'split', 'one'],
  ['split', 'one', 'two'],
];
for (let r = 0; r < ROUNDS; r++) {
  for (const c of ORDERS[r % ORDERS.length]) {
    process.stderr.write(`round ${r + 1}/${ROUNDS}: ${NAMES[c]}…\n`);
    runs[c].push(load(c));
  }
}
const { one, two, split } = runs;
/** With the redis-server's CPU counted as the servers' own. */
const perCoreWithRedis = (x: LoadFigures) =>
  1000 / (x.cpuMsPerMatchSecond + (x.redisCpuMsPerMatchSecond ?? 0));

const ratios = one.map((o, i) => perCore(two[i]) / perCore(o));
const splitRatios = one.map((o, i) => perCore(split[i]) / perCore(o));
const redisRatios = split.map((s, i) => perCore(two[i]) / perCore(s));
const withRedisCpu = one.map((o, i) => perCoreWithRedis(two[i]) / perCore(o));
const allHeld = [...one, ...two, ...split].every(held);
const result = {
  matches: MATCHES,
  seconds: SECONDS,
  rounds: ROUNDS,
  matchesPerCoreOne: round(median(one.map(perCore)), 1),
  matchesPerCoreTwo: round(median(two.map(perCore)), 1),
  matchesPerCoreSplit: round(median(split.map(perCore)), 1),
  clusterRatio: round(median(ratios), 3),
  splitRatio: round(median(splitRatios), 3),
  redisRatio: round(median(redisRatios), 3),
  clusterRatioWithRedisCpu: round(median(withRedisCpu), 3),
  clusterRatios: ratios.map((x) => round(x, 3)),
  cpuMsPerMatchSecondOne: one.map((x) => x.cpuMsPerMatchSecond),
  cpuMsPerMatchSecondTwo: two.map((x) => x.cpuMsPerMatchSecond),
  cpuMsPerMatchSecondSplit: split.map((x) => x.cpuMsPerMatchSecond),
  redisCpuMsPerMatchSecond: two.map((x) => x.redisCpuMsPerMatchSecond),
  loopP99MsOne: one.map((x) => x.loopP99Ms),
  loopP99MsTwo: two.map((x) => x.loopP99Ms),
  loopP99MsSplit: split.map((x) => x.loopP99Ms),
  disconnects: [...one, ...two, ...split].reduce((n, x) => n + x.disconnects, 0),
  matchesPerProcessTwo: two.map((x) => x.matchesPerProcess),
  held: allHeld,
};
const starved = [...one, ...two, ...split].some(
  (x) => x.patchesPerSecPerMatch < 19 || x.movesPerSecPerClient < 28,
);
process.stdout.write(
  [
    `${MATCHES} matches × 5 clients, ${SECONDS} s a run, ${ROUNDS} round(s) of one process, two through Redis and two without (the control):`,
    `  one process: ${result.matchesPerCoreOne} matches per core (CPU ms per match-second ${result.cpuMsPerMatchSecondOne.join(', ')}; loop p99 ${result.loopP99MsOne.join(', ')} ms)`,
    `  two processes: ${result.matchesPerCoreTwo} matches per core (CPU ms per match-second ${result.cpuMsPerMatchSecondTwo.join(', ')}; loop p99 ${result.loopP99MsTwo.join(', ')} ms; matches per process ${result.matchesPerProcessTwo.map((m) => m.join('/')).join(', ')})`,
    `  two processes without Redis (the control): ${result.matchesPerCoreSplit} matches per core (CPU ms per match-second ${result.cpuMsPerMatchSecondSplit.join(', ')}; loop p99 ${result.loopP99MsSplit.join(', ')} ms)`,
    `  redis-server beside the two: ${result.redisCpuMsPerMatchSecond.join(', ')} ms of CPU per match-second`,
    `  clusterRatio ${result.clusterRatio} (rounds: ${result.clusterRatios.join(', ')}; target ≥ 0.9)`,
    `    = (each round) splitRatio ${result.splitRatio} (two without Redis over one: half the load per process)`,
    `    × redisRatio ${result.redisRatio} (two through Redis over two without: what Redis costs)`,
    `  with the redis-server's CPU counted as the servers': ${result.clusterRatioWithRedisCpu}`,
    `  held (0 disconnects, loop p99 ≤ 15 ms in every run): ${allHeld ? 'yes' : 'NO'}; disconnects ${result.disconnects}`,
    '  matches per core count the server processes’ CPU time only (/proc user + system), per match-second:',
    '  the load generator on the same cores is not in it, nor the share of the cores the servers got',
    ...(starved
      ? [
          '  CAUTION: a run had fewer patches or moves than wanted — the cores were short (this load, or another)',
        ]
      : []),
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
