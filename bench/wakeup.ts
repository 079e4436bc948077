/**
 * npm run bench:wakeup -- [--wakes N] [--json]
 *
 * What being woken costs a thread on this machine — the figure that decides
 * how much a lightly loaded game server spends per match. A server at 20–40
 * matches sleeps between its timers and its sockets a few hundred times a
 * second; on a host where waking is cheap that costs nothing worth counting,
 * on some virtual machines it costs more than the work it wakes for.
 *
 * - **A bare wake**: the thread's CPU time (user + system) per wake of an
 *   empty timer, after sleeps of 1, 3, 10 and 33 ms (a step's period).
 * - **The same step, warm and after a sleep**: one simulation step of a
 *   default match (bench:tick's), timed back to back (the reference, in the
 *   same run) and then one step after each 33 ms sleep, as a server with one
 *   match runs it. `coldFactor` is the median step after a sleep over the
 *   median step back to back: how much slower the same work runs just after
 *   a wake (caches, TLB and branch predictors cold, the core's clock down).
 *
 * The figures are the thread's own CPU time (process.threadCpuUsage, Node 22);
 * on a Node without it, the process's (its other threads idle meanwhile).
 */

import { flags, intFlag } from '../scripts/cli.js';
import { resolveMap } from '../server/mapFiles.js';
import { botMatch } from '../shared/headless.js';
import { median, round } from './stats.js';

const f = flags({ json: { type: 'boolean', default: false }, wakes: { type: 'string' } });
const WAKES = intFlag('wakes', f.wakes, 150, 10, 100_000);
const GAPS_MS = [1, 3, 10, 33] as const;
const STEP_GAP_MS = 33;

const threadCpu = typeof process.threadCpuUsage === 'function';
/** CPU time of this thread (or, without threadCpuUsage, the process), µs. */
const cpuUs = (): number => {
  const u = threadCpu ? process.threadCpuUsage() : process.cpuUsage();
  return u.user + u.system;
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU µs per wake of an empty timer after `gapMs` of sleep. */
async function bareWake(gapMs: number): Promise<number> {
  await sleep(gapMs);
  const c0 = cpuUs();
  for (let i = 0; i < WAKES; i++) await sleep(gapMs);
  return (cpuUs() - c0) / WAKES;
}

const match = botMatch({ map: resolveMap(), seed: 7 });
// Mid-game, as bench:tick measures it: escorts out, the crowd spread, caches warm.
for (let i = 0; i < 45 * 30 && !match.world.over; i++) match.step();

/** Step times (µs, wall) and the thread's CPU µs per step, one step per wake after `gapMs` (0: back to back). */
async function steps(gapMs: number): Promise<{ median: number; cpu: number }> {
  const times: number[] = [];
  const c0 = cpuUs();
  for (let i = 0; i < WAKES && !match.world.over; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const t0 = process.hrtime.bigint();
    match.step();
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return { median: median(times), cpu: (cpuUs() - c0) / Math.max(1, times.length) };
}

const wakes: Record<string, number> = {};
for (const gap of GAPS_MS) wakes[gap] = await bareWake(gap);
const warm = await steps(0);
const cold = await steps(STEP_GAP_MS);
const warmAgain = await steps(0);
const warmMedian = Math.min(warm.median, warmAgain.median);

const result = {
  wakeCpuUs: Object.fromEntries(GAPS_MS.map((g) => [`${g}ms`, round(wakes[g], 1)])),
  stepWarmUs: round(warmMedian, 1),
  stepAfterSleepUs: round(cold.median, 1),
  coldFactor: round(cold.median / warmMedian),
  stepCpuWarmUs: round(Math.min(warm.cpu, warmAgain.cpu), 1),
  stepCpuAfterSleepUs: round(cold.cpu, 1),
  wakes: WAKES,
  threadCpu,
};

const lines = [
  `what a wake costs a thread here (${threadCpu ? 'the thread’s own CPU time' : 'the process’s CPU time: this Node has no threadCpuUsage'}, ${WAKES} wakes each):`,
  `  an empty timer: ${GAPS_MS.map((g) => `${result.wakeCpuUs[`${g}ms`]} µs after ${g} ms`).join(', ')}`,
  `  one simulation step of a default match: median ${result.stepWarmUs} µs back to back (the reference), ${result.stepAfterSleepUs} µs just after a ${STEP_GAP_MS} ms sleep → ${result.coldFactor}× slower cold`,
  `  the thread's CPU per step, wake included: ${result.stepCpuWarmUs} µs back to back, ${result.stepCpuAfterSleepUs} µs one step a wake`,
  `  a server process wakes a few hundred times a second at any load (bench:load prints how often): on a host where a wake costs ~5 µs that is nothing; where it costs hundreds, it is most of a lightly loaded server's CPU`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
