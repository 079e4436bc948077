/**
 * npm run bench:replay -- [--json] [--seed N] [--inline] [--no-seek] [--no-spectators]
 * A whole default bot match (5 bots, 150 NPCs, to its end) played in-process
 * and recorded by the server's recorder into a temp folder, as a match room
 * records it: `bytesPerMinute` is the file's size per match-minute (target
 * ≤ 512,000) and `writeShare` the recording's cost to the game loop over the
 * cost of the match's steps (bots' thinking included) measured in the same
 * run (target ≤ 0.05): opening the recording, every `stepped` call (inputs
 * copied, the world checked every 5 s, the steps posted), finishing, and the
 * game loop's CPU taking in the worker's records for a listener (as the
 * spectators' feed listens). The worker's own time is reported beside it
 * (`workerMsPerMatchSecond`: re-simulating the match, and building and
 * writing the records): the work moved off the game loop, it did not
 * vanish. `--inline` records on the game loop instead (no worker), for
 * comparison. Timings are wall-clock: on a busy machine the worker and the
 * game loop also compete for cores.
 * Then, unless skipped: `seekP95Ms` (bench/replaySeek.ts: seeks in a
 * 15-minute replay, decoded and drawn in headless Chromium, against brute
 * force; `--no-seek` skips it) and `spectatorCost` (bench/spectators.ts: the
 * server's CPU with 100 watchers over none; `--no-spectators` skips it).
 * A readable summary, then one JSON line last.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flags, intFlag } from '../scripts/cli.js';
import { resolveMap } from '../server/mapFiles.js';
import { Recorder } from '../server/replay/Recorder.js';
import { createBot } from '../shared/bots/index.js';
import { botSeed } from '../shared/headless.js';
import { readReplay } from '../shared/replay/codec.js';
import { summarise } from '../shared/replay/play.js';
import { PLAYER_ROLES } from '../shared/roles.js';
import { step } from '../shared/sim/step.js';
import type { StepInputs } from '../shared/sim/types.js';
import { perceive } from '../shared/sim/vision.js';
import { createWorld } from '../shared/sim/world.js';
import { measureSeek } from './replaySeek.js';
import { measureSpectatorCost } from './spectators.js';
import { round } from './stats.js';

const f = flags({
  json: { type: 'boolean', default: false },
  seed: { type: 'string' },
  inline: { type: 'boolean', default: false },
  'no-seek': { type: 'boolean', default: false },
  'no-spectators': { type: 'boolean', default: false },
});
const seed = intFlag('seed', f.seed, 1, -(2 ** 31), 2 ** 31 - 1);

const map = resolveMap(undefined);
const dir = mkdtempSync(join(tmpdir(), 'lm-bench-replay-'));
const world = createWorld({ map, seed });
const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
const bots = roles.map((r) => createBot(r, botSeed(seed, r)));
let records = 0;
const t0 = performance.now();
const rec = Recorder.open({
  dir,
  world,
  roles: roles.map((role) => ({ role, name: `${role} (bot)`, bot: true })),
  startedAt: Date.now(),
  // A listener, as the spectators' feed: the records come back to the game loop, and that costs it too.
  onRecord: () => {
    records++;
  },
  inline: f.inline,
});
if (!rec) throw new Error(`cannot record into ${dir}`);
const openMs = performance.now() - t0;
let recordMs = openMs;
let stepMs = 0;
const inputs: StepInputs = {};
const limit = Math.ceil((world.options.judgmentDaySeconds + 60) * 30);
for (let i = 0; i < limit && !world.over; i++) {
  const s0 = performance.now();
  for (let j = 0; j < roles.length; j++) inputs[roles[j]] = bots[j].think(perceive(world, roles[j]));
  step(world, inputs);
  const s1 = performance.now();
  stepMs += s1 - s0;
  rec.stepped(world, inputs, undefined);
  recordMs += performance.now() - s1;
}
const f0 = performance.now();
rec.finish(world, null);
recordMs += performance.now() - f0;
// The worker's records waited for the game loop's next turn (a server's loop turns between steps; this
// loop did not): the game loop's CPU taking them in and handing them on is the rest of its cost.
const keepAlive = setInterval(() => undefined, 1000);
const w0 = performance.now();
const c0 = process.threadCpuUsage();
await rec.closed;
const c1 = process.threadCpuUsage(c0);
const tailWaitMs = performance.now() - w0;
clearInterval(keepAlive);
const handOnMs = (c1.user + c1.system) / 1000;
const worker = rec.workerMs;
const gameLoopMs = recordMs + handOnMs;

const bytes = readFileSync(rec.path);
const read = readReplay(bytes);
const s = summarise(read);
rmSync(dir, { recursive: true, force: true });
const minutes = world.time / 60;
const result = {
  seed,
  matchSeconds: round(world.time, 1),
  steps: world.tick,
  bytes: bytes.length,
  bytesPerMinute: Math.round(bytes.length / minutes),
  stepMs: round(stepMs, 1),
  recordMs: round(gameLoopMs, 1),
  writeShare: round(gameLoopMs / stepMs, 4),
  workerSimMs: worker ? round(worker.sim, 1) : null,
  workerWriteMs: worker ? round(worker.write, 1) : null,
  workerMsPerMatchSecond: worker ? round((worker.sim + worker.write) / world.time, 3) : null,
  records,
  frames: s.frames,
  keyframes: s.keyframes,
  plays: s.plays && s.finished,
  seekP95Ms: null as number | null,
  seekBruteP95Ms: null as number | null,
  spectatorCost: null as number | null,
  spectatorCpuMsPerSecond: null as { without: number; with: number; watchers: number } | null,
  notMeasured: [] as string[],
};
const lines = [
  `bench:replay — a whole default bot match (seed ${seed}), recorded as a match room records it`,
  `  match            ${result.matchSeconds} s, ${result.steps} steps, ended ${world.result?.winner} (${world.result?.reason})`,
  `  file             ${result.bytes} bytes: ${result.frames} frames, ${result.keyframes} keyframes, plays: ${result.plays}`,
  `  bytesPerMinute   ${result.bytesPerMinute} (target ≤ 512000)`,
  `  writeShare       ${result.writeShare} = the game loop's recording ${result.recordMs} ms / steps ${result.stepMs} ms (target ≤ 0.05)`,
  `                   (inputs and checks ${round(recordMs, 1)} ms, taking in the worker's ${records} records ${round(handOnMs, 1)} ms of CPU)`,
  worker
    ? `  worker           ${result.workerMsPerMatchSecond} ms per match-second on its own thread: re-simulating ${result.workerSimMs} ms, frames, keyframes, chunks and writes ${result.workerWriteMs} ms; the file complete ${round(tailWaitMs, 1)} ms after the match`
    : '  worker           none (recorded on the game loop)',
  `  open             ${round(openMs, 1)} ms of the game loop's recording (the file, the header, the world posted${worker ? ', the worker thread started' : ''})`,
];
process.stdout.write(`${lines.join('\n')}\n`);

if (f['no-seek']) result.notMeasured.push('seekP95Ms (--no-seek)');
else {
  try {
    const seek = await measureSeek({ seed, say: (l) => process.stdout.write(`  … ${l}\n`) });
    result.seekP95Ms = seek.seekP95Ms;
    result.seekBruteP95Ms = seek.bruteP95Ms;
    process.stdout.write(
      `  seekP95Ms        ${seek.seekP95Ms} (target ≤ 100): seek to a random point of a ${Math.round(seek.replaySeconds / 60)}-minute replay, decoded and drawn in ${seek.browser}; brute force (every frame from the start) ${seek.bruteP95Ms}\n`,
    );
  } catch (e) {
    result.notMeasured.push(`seekP95Ms (${(e as Error).message.split('\n')[0]})`);
    process.stdout.write(`  seekP95Ms        NOT MEASURED: ${(e as Error).message.split('\n')[0]}\n`);
  }
}
if (f['no-spectators']) result.notMeasured.push('spectatorCost (--no-spectators)');
else {
  try {
    const cost = await measureSpectatorCost({ log: (l) => process.stdout.write(`  … ${l.trim()}\n`) });
    result.spectatorCost = cost.spectatorCost;
    result.spectatorCpuMsPerSecond = {
      without: cost.cpuMsPerSecondWithout,
      with: cost.cpuMsPerSecondWith,
      watchers: cost.watchers,
    };
    process.stdout.write(
      `  spectatorCost    ${cost.spectatorCost} (target ≤ 1.10): server CPU ${cost.cpuMsPerSecondWith} ms/s with ${cost.watchers} watchers, ${cost.cpuMsPerSecondWithout} ms/s without\n`,
    );
  } catch (e) {
    result.notMeasured.push(`spectatorCost (${(e as Error).message.split('\n')[0]})`);
    process.stdout.write(`  spectatorCost    NOT MEASURED: ${(e as Error).message.split('\n')[0]}\n`);
  }
}
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
