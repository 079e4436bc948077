/**
 * The recording worker (a worker thread, see Recorder.ts): for each match
 * being recorded it holds its own copy of the world, restored from the
 * match's first keyframe, steps it with the inputs the game loop posts,
 * and writes the records from it (RecordWriter). The simulation is
 * deterministic, so the copy is the match; the game loop's check of its
 * world every few seconds (worldCheck) shows that it still is, and on a
 * difference the game loop sends its world to continue from.
 */
import { openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { GameMap } from '../../shared/map/types.js';
import { unpackWorld } from '../../shared/replay/play.js';
import type { PlayerRole } from '../../shared/roles.js';
import { step } from '../../shared/sim/step.js';
import type { World } from '../../shared/sim/types.js';
import {
  type FromWorker,
  P_BYTES,
  P_STATE,
  P_STEPS,
  type StepBatch,
  stepOf,
  type ToWorker,
  worldCheck,
} from './jobs.js';
import { RecordWriter } from './writer.js';

interface Job {
  id: number;
  writer: RecordWriter;
  world: World;
  map: GameMap;
  roles: PlayerRole[];
  progress: Int32Array;
  steps: number;
  simMs: number;
  writeMs: number;
}

const port = parentPort;
if (!port) throw new Error('server/replay/worker.ts runs as a worker thread');
/** This thread's CPU time, µs, stored after each message for the game loop's /stats (Recorder.ts recorderCpuMs). */
const cpuOut = (workerData as { cpu?: BigInt64Array } | null)?.cpu;
const storeCpu = (): void => {
  if (!cpuOut || typeof process.threadCpuUsage !== 'function') return;
  const u = process.threadCpuUsage();
  Atomics.store(cpuOut, 0, BigInt(u.user + u.system));
};
const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

/** Maps by content hash, sent once each. */
const maps = new Map<string, GameMap>();
const jobs = new Map<number, Job>();

function open(m: Extract<ToWorker, { t: 'open' }>): void {
  const progress = new Int32Array(m.progress);
  let map = m.map;
  if (map) maps.set(m.mapKey, map);
  else map = maps.get(m.mapKey) ?? null;
  if (!map) throw new Error(`map ${m.mapKey} was never sent`);
  const world = unpackWorld(m.world, map);
  const writer = new RecordWriter(
    openSync(m.path, 'a'),
    m.records
      ? (r) =>
          post({ t: 'record', id: m.id, kind: r.kind, tick: r.tick, end: r.end, bytes: r.bytes }, [
            r.bytes.buffer as ArrayBuffer,
          ])
      : undefined,
  );
  const job: Job = { id: m.id, writer, world, map, roles: m.roles, progress, steps: 0, simMs: 0, writeMs: 0 };
  jobs.set(m.id, job);
  const t0 = performance.now();
  writer.start(m.header, world);
  job.writeMs += performance.now() - t0;
  compare(job, m.check);
}

/** The game loop's check of the match against the copy's, now. */
function compare(job: Job, live: string): void {
  const t0 = performance.now();
  const copy = worldCheck(job.world);
  job.simMs += performance.now() - t0;
  if (copy !== live) post({ t: 'diverged', id: job.id, tick: job.world.tick, live, copy });
}

function steps(job: Job, b: StepBatch): void {
  const { world, writer } = job;
  const checks = b.checks;
  for (let i = 0; i < b.n; i++) {
    const { inputs, catchUp } = stepOf(b, i, job.roles);
    const t0 = performance.now();
    step(world, inputs, catchUp);
    const t1 = performance.now();
    writer.stepped(world, inputs, catchUp);
    job.writeMs += performance.now() - t1;
    job.simMs += t1 - t0;
    if (checks !== null) {
      for (let c = 0; c < checks.length; c += 2)
        if (checks[c] === world.tick) compare(job, checks[c + 1] as string);
    }
  }
  job.steps += b.n;
}

function resync(job: Job, packed: unknown, live: string): void {
  const t0 = performance.now();
  job.world = unpackWorld(packed, job.map);
  job.writer.restart(job.world);
  job.writeMs += performance.now() - t0;
  compare(job, live);
}

/** The file is complete (or writing failed): tell the game loop, by the shared progress first (it may be waiting on it). */
function done(job: Job): void {
  jobs.delete(job.id);
  const failed = job.writer.failed;
  Atomics.store(job.progress, P_BYTES, job.writer.bytes);
  Atomics.store(job.progress, P_STATE, failed === null ? 1 : 2);
  Atomics.notify(job.progress, P_STATE);
  if (failed !== null) post({ t: 'failed', id: job.id, message: failed });
  else post({ t: 'closed', id: job.id, simMs: job.simMs, writeMs: job.writeMs });
}

post({ t: 'ready', id: 0 });

port.on('message', (m: ToWorker) => {
  try {
    handle(m);
  } finally {
    storeCpu();
  }
});

function handle(m: ToWorker): void {
  const job = jobs.get(m.id);
  try {
    if (m.t === 'open') open(m);
    else if (!job) return;
    else if (m.t === 'steps') steps(job, m.batch);
    else if (m.t === 'resync') resync(job, m.world, m.check);
    else if (m.t === 'finish') {
      job.writer.end(m.ending);
      done(job);
      return;
    } else if (m.t === 'close') {
      job.writer.close();
      done(job);
      return;
    }
  } catch (e) {
    // One recording's fault (a world that does not restore, a step that throws) ends that recording only.
    const j = jobs.get(m.id);
    if (j) {
      j.writer.failed ??= e instanceof Error ? e.message : String(e);
      j.writer.close();
      done(j);
    } else if (m.t === 'open') {
      // The recording never began: the game loop is told.
      const progress = new Int32Array(m.progress);
      Atomics.store(progress, P_STATE, 2);
      Atomics.notify(progress, P_STATE);
      post({ t: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  const j = jobs.get(m.id);
  if (!j) return;
  Atomics.store(j.progress, P_STEPS, j.steps);
  Atomics.store(j.progress, P_BYTES, j.writer.bytes);
  if (j.writer.failed !== null) done(j);
}
