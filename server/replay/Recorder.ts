/**
 * The recording of one match, written as it is played (the format:
 * docs/REPLAY.md; what is written: RecordWriter in writer.ts).
 *
 * Off the game loop: the recording worker (worker.ts, one worker thread for
 * all of this process's recordings) holds its own copy of each match,
 * restored from its first keyframe, and re-simulates it from the inputs the
 * game loop posts (about once a second, one transferable array), building
 * the frames, keyframes and chunks and writing them itself. The game loop
 * only copies each step's inputs and, every 5 s, checks its world
 * (worldCheck, jobs.ts): the worker compares that with its copy's, and a
 * difference (a non-determinism bug, or the world changed outside step())
 * is one loud log line and the live world sent to continue from. A worker
 * more than {@link MAX_LAG_STEPS} behind ends that recording (the file
 * plays to where it got). Records reach `onRecord` in file order, header
 * first, on the game loop's next turn after the worker writes them (the
 * header and first keyframe once the worker has loaded: about a second for
 * the process's first recording). `finish` and `close` return at once; the
 * file is complete when `closed` settles (`waitClosed` blocks for it; a
 * process exiting waits for every open recording's tail, up to 5 s). When
 * no worker can run, the recording is written on the game loop as before.
 *
 * A failing disk never stops the match: the recording stops with one log line.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GameMap } from '../../shared/map/types.js';
import {
  CHUNK_STEPS,
  FORMAT_VERSION,
  FRAME_EVERY,
  type HeaderRecord,
  KEYFRAME_STEPS,
} from '../../shared/replay/format.js';
import { FIELDS, KINDS } from '../../shared/replay/frames.js';
import { mapHash, packWorld } from '../../shared/replay/play.js';
import type { PlayerRole } from '../../shared/roles.js';
import type { StepInputs, World } from '../../shared/sim/types.js';
import { TICK_HZ } from '../../shared/tuning.js';
import { errorLine, logLine } from '../log.js';
import {
  BatchWriter,
  CHECK_STEPS,
  type FromWorker,
  P_BYTES,
  P_SLOTS,
  P_STATE,
  P_STEPS,
  type ToWorker,
  worldCheck,
} from './jobs.js';
import { GAME_VERSION } from './version.js';
import { endingOf, type RecordOut, RecordWriter } from './writer.js';

export type { RecordOut } from './writer.js';

export interface RecordingStart {
  dir: string;
  world: World;
  roles: { role: PlayerRole; name: string; bot: boolean }[];
  /** Wall-clock start (ms since the epoch). */
  startedAt: number;
  /** Called once the file is closed (retention runs then). */
  onClosed?: (path: string) => void;
  /** Called with each record as it is written, header first (the spectators' feed). */
  onRecord?: (r: RecordOut) => void;
  /** Write on the calling thread, not in the recording worker (tests compare the two). */
  inline?: boolean;
  /** A private match: its replay is not listed (HeaderRecord.unlisted). */
  unlisted?: boolean;
  /** How far the worker may fall behind before the recording ends (default {@link MAX_LAG_STEPS}; tests lower it). */
  maxLagSteps?: number;
}

/** How far the worker may fall behind a match (steps) before that recording ends: 5 minutes, about 1 MB of inputs. */
export const MAX_LAG_STEPS = 5 * 60 * TICK_HZ;

const mapHashes = new WeakMap<object, string>();

/** Files being written by this process: retention never deletes them. */
export const openRecordings = new Set<string>();

/** The recording worker and the recordings it writes. */
interface Pool {
  worker: Worker;
  /** The worker thread's CPU time so far, µs (it stores it after each message it handles). */
  cpu: BigInt64Array;
  recorders: Map<number, Recorder>;
  /** Maps (by content hash) the worker has been sent. */
  maps: Set<string>;
  /** The worker loaded (a worker that never did is not tried again). */
  online: boolean;
}

let pool: Pool | null = null;
/** The worker could not start at all: record on the game loop from now on. */
let noWorker = false;
let nextId = 1;
let exitHooked = false;
/** CPU time of recording workers that have ended, µs. */
let endedWorkersCpu = 0;

/**
 * The CPU time this process's recording workers have used, in ms (their
 * threads' own, as each last stored it): re-simulating the matches and
 * writing their records. Part of the process's CPU time; /stats reports it
 * apart.
 */
export function recorderCpuMs(): number {
  return (endedWorkersCpu + (pool ? Number(Atomics.load(pool.cpu, 0)) : 0)) / 1000;
}

function workerPool(): Pool | null {
  if (pool) return pool;
  if (noWorker) return null;
  // The server runs its TypeScript through tsx: the worker is worker.ts then, loaded the same way.
  const ext = extname(fileURLToPath(import.meta.url));
  let worker: Worker;
  const cpu = new BigInt64Array(new SharedArrayBuffer(8));
  try {
    worker = new Worker(new URL(`./worker${ext}`, import.meta.url), {
      name: 'replay-recorder',
      workerData: { cpu },
      ...(ext === '.ts' ? { execArgv: ['--import', 'tsx'] } : {}),
    });
  } catch (e) {
    noWorker = true;
    logLine('replay-error', `replay: no recording worker (${errorLine(e)}); recording on the game loop`);
    return null;
  }
  const p: Pool = { worker, cpu, recorders: new Map(), maps: new Set(), online: false };
  worker.on('message', (m: FromWorker) => {
    if (m.t === 'ready') p.online = true;
    else p.recorders.get(m.id)?.received(m);
  });
  const lost = (why: string) => {
    if (pool === p) {
      pool = null;
      endedWorkersCpu += Number(Atomics.load(p.cpu, 0));
    }
    if (!p.online) noWorker = true;
    if (p.recorders.size === 0 && why === 'exited') return;
    logLine(
      'replay-error',
      `replay: the recording worker ${why}; its ${p.recorders.size} recording(s) stopped`,
    );
    for (const r of [...p.recorders.values()]) r.lost();
  };
  worker.on('error', (e) => lost(`failed: ${errorLine(e)}`));
  worker.on('exit', () => lost('exited'));
  if (!exitHooked) {
    exitHooked = true;
    // SIGTERM (Colyseus disposes the rooms, then exits) or any exit: the worker writes every tail first.
    process.on('exit', () => {
      const deadline = performance.now() + 5000;
      for (const r of [...(pool?.recorders.values() ?? [])])
        r.waitClosed(Math.max(0, deadline - performance.now()));
    });
  }
  // Attached listeners keep a worker referenced: unref it after them, so that it never keeps the process alive.
  worker.unref();
  pool = p;
  return p;
}

export class Recorder {
  readonly path: string;
  /** The replay's id: its file name without the extension. */
  readonly id: string;
  /** Milliseconds the game loop spent recording (opening, copying inputs, checking its world, posting, handing records on). */
  ms = 0;
  /** The worker's milliseconds on this recording once closed: re-simulating the match, and building and writing records. */
  workerMs: { sim: number; write: number } | null = null;
  /** Settles when the file is complete (or the recording stopped). */
  readonly closed: Promise<void>;
  private settle!: () => void;
  /** Writing on the game loop (no worker). */
  private inlineWriter: RecordWriter | null = null;
  /** Writing in the worker. */
  private job: {
    pool: Pool;
    num: number;
    batch: BatchWriter;
    progress: Int32Array;
    posted: number;
    resync: boolean;
  } | null = null;
  /** Still taking steps (no finish or close asked, no failure). */
  private recording = true;
  private maxLag = MAX_LAG_STEPS;
  private done = false;
  private readonly onRecord: ((r: RecordOut) => void) | undefined;

  private constructor(
    path: string,
    private readonly onClosed?: (path: string) => void,
    onRecord?: (r: RecordOut) => void,
  ) {
    this.onRecord = onRecord;
    this.path = path;
    this.id = basename(path, '.lmr');
    this.closed = new Promise((ok) => {
      this.settle = ok;
    });
    openRecordings.add(path);
  }

  /** Open a match's file and begin: the header and first keyframe follow; null (one log line) if the disk refuses. */
  static open(s: RecordingStart): Recorder | null {
    const t0 = performance.now();
    const w = s.world;
    const stamp = new Date(s.startedAt).toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${randomBytes(4).toString('hex')}.lmr`;
    let rec: Recorder;
    let fd: number;
    try {
      mkdirSync(s.dir, { recursive: true });
      const path = join(s.dir, name);
      fd = openSync(path, 'wx');
      rec = new Recorder(path, s.onClosed, s.onRecord);
    } catch (e) {
      logLine('replay-error', `replay: cannot open a file in ${s.dir}: ${errorLine(e)}`);
      return null;
    }
    let hash = mapHashes.get(w.map);
    if (hash === undefined) {
      hash = mapHash(w.map);
      mapHashes.set(w.map, hash);
    }
    const header: HeaderRecord = {
      t: 'H',
      format: FORMAT_VERSION,
      game: GAME_VERSION,
      map: { name: w.map.name, file: w.map.file, hash },
      seed: w.seed,
      options: { ...w.options },
      roles: s.roles,
      startedAt: new Date(s.startedAt).toISOString(),
      tickHz: TICK_HZ,
      chunkSteps: CHUNK_STEPS,
      frameEvery: FRAME_EVERY,
      keyframeSteps: KEYFRAME_STEPS,
      fields: FIELDS,
      kinds: KINDS,
      ...(s.unlisted ? { unlisted: true as const } : {}),
    };
    rec.maxLag = s.maxLagSteps ?? MAX_LAG_STEPS;
    const p = s.inline ? null : workerPool();
    if (p) {
      closeSync(fd);
      rec.startWorker(p, header, hash, w);
    } else rec.startInline(fd, header, w);
    rec.ms += performance.now() - t0;
    return rec;
  }

  get open(): boolean {
    return this.recording;
  }

  /** Bytes written so far (by the worker: as of its last batch). */
  get bytes(): number {
    if (this.inlineWriter) return this.inlineWriter.bytes;
    return this.job ? Atomics.load(this.job.progress, P_BYTES) : 0;
  }

  private startInline(fd: number, header: HeaderRecord, w: World): void {
    const writer = new RecordWriter(fd, this.onRecord);
    this.inlineWriter = writer;
    writer.start(header, w);
    this.checkInline();
  }

  private startWorker(p: Pool, header: HeaderRecord, mapKey: string, w: World): void {
    const num = nextId++;
    const progress = new Int32Array(new SharedArrayBuffer(P_SLOTS * 4));
    const roles = Object.keys(w.players) as PlayerRole[];
    this.job = {
      pool: p,
      num,
      batch: new BatchWriter(roles, CHUNK_STEPS),
      progress,
      posted: 0,
      resync: false,
    };
    p.recorders.set(num, this);
    const sendMap = !p.maps.has(mapKey);
    this.post({
      t: 'open',
      id: num,
      path: this.path,
      header,
      map: sendMap ? (w.map as GameMap) : null,
      mapKey,
      world: packWorld(w),
      check: worldCheck(w),
      roles,
      progress: progress.buffer as SharedArrayBuffer,
      records: this.onRecord !== undefined,
    });
    p.maps.add(mapKey);
  }

  /**
   * After each step: the step's inputs (bots' included) and catch-up
   * inputs. Reads the world only.
   */
  stepped(w: World, inputs: StepInputs, catchUp: StepInputs | undefined): void {
    if (!this.recording) return;
    const t0 = performance.now();
    const job = this.job;
    if (job) {
      const b = job.batch;
      b.add(inputs, catchUp);
      const check = w.tick % CHECK_STEPS === 0;
      if (check) b.check(w.tick, worldCheck(w));
      if (b.full || check || w.over || job.resync) this.sendSteps(w);
    } else if (this.inlineWriter) {
      this.inlineWriter.stepped(w, inputs, catchUp);
      this.checkInline();
    }
    this.ms += performance.now() - t0;
  }

  /** The match ended: the last chunk, the end record with result and stats, and the file closed. */
  finish(w: World, summary: unknown): void {
    if (!this.recording) return;
    const t0 = performance.now();
    this.recording = false;
    if (this.job) {
      this.sendSteps(w);
      this.post({ t: 'finish', id: this.job.num, ending: endingOf(w, summary) });
    } else if (this.inlineWriter) {
      this.inlineWriter.end(endingOf(w, summary));
      this.inlineClosed();
    }
    this.ms += performance.now() - t0;
  }

  /** Close without an end record (the room went away mid-match): the file plays to its last chunk. */
  close(): void {
    if (!this.recording) return;
    const t0 = performance.now();
    this.recording = false;
    if (this.job) {
      this.sendSteps(null);
      this.post({ t: 'close', id: this.job.num });
    } else if (this.inlineWriter) {
      this.inlineWriter.close();
      this.inlineClosed();
    }
    this.ms += performance.now() - t0;
  }

  /**
   * Block until the worker has completed the file (closing it first if
   * nothing asked to), at most `timeoutMs`: for a process about to exit,
   * and for tests. True when the file is complete.
   */
  waitClosed(timeoutMs = 5000): boolean {
    this.close();
    const job = this.job;
    if (!job || this.done) return true;
    const end = performance.now() + timeoutMs;
    let state = Atomics.load(job.progress, P_STATE);
    while (state === 0) {
      const left = end - performance.now();
      if (left <= 0) break;
      Atomics.wait(job.progress, P_STATE, 0, left);
      state = Atomics.load(job.progress, P_STATE);
    }
    if (state === 1) this.finished(true);
    return state === 1;
  }

  /** A message from the worker about this recording. */
  received(m: FromWorker): void {
    const t0 = performance.now();
    // The worker's last word on this recording (after waitClosed, the rest of its records still come first).
    if (m.t === 'closed' || m.t === 'failed') this.job?.pool.recorders.delete(m.id);
    if (m.t === 'record') {
      if (this.onRecord) {
        try {
          this.onRecord({ kind: m.kind, tick: m.tick, end: m.end, bytes: m.bytes });
        } catch (e) {
          logLine('replay-feed-error', `replay: a record of ${this.path} was not taken: ${errorLine(e)}`);
        }
      }
    } else if (m.t === 'diverged') {
      logLine(
        'replay-diverged',
        `replay: DETERMINISM BUG: recording ${this.path}: the recorded copy of the match differs from the match at tick ${m.tick} (hash ${m.copy}, live ${m.live}); continuing from the live world`,
        { level: 'error' },
      );
      if (this.job && this.recording) this.job.resync = true;
    } else if (m.t === 'failed') {
      logLine('replay-error', `replay: recording ${this.path} stopped: ${m.message}`);
      this.recording = false;
      this.finished(false);
    } else if (m.t === 'closed') {
      this.workerMs = { sim: m.simMs, write: m.writeMs };
      this.finished(true);
    }
    this.ms += performance.now() - t0;
  }

  /** The worker died: this recording stops where the worker got. */
  lost(): void {
    this.job?.pool.recorders.delete(this.job.num);
    this.recording = false;
    this.finished(false);
  }

  /** Post the steps taken since the last batch (then the live world, when the worker asked for it). */
  private sendSteps(w: World | null): void {
    const job = this.job!;
    if (job.batch.n > 0) {
      const batch = job.batch.take();
      const transfer: ArrayBuffer[] = [batch.inputs.buffer as ArrayBuffer];
      if (batch.catchUp) transfer.push(batch.catchUp.buffer as ArrayBuffer);
      this.post({ t: 'steps', id: job.num, batch }, transfer);
      job.posted += batch.n;
    }
    if (job.resync && w !== null) {
      job.resync = false;
      this.post({ t: 'resync', id: job.num, world: packWorld(w), check: worldCheck(w) });
    }
    const behind = job.posted - Atomics.load(job.progress, P_STEPS);
    if (this.recording && behind > this.maxLag) {
      logLine(
        'replay-error',
        `replay: recording ${this.path} stopped: the recording worker is ${Math.round(behind / TICK_HZ)} s behind the match`,
      );
      this.close();
    }
  }

  private post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    const job = this.job!;
    if (this.done) return;
    try {
      job.pool.worker.postMessage(m, transfer);
    } catch (e) {
      // A value that cannot be sent (a summary with a function in it): the file ends without that record.
      logLine('replay-error', `replay: recording ${this.path}: ${m.t} not sent: ${errorLine(e)}`);
      if (m.t === 'finish') job.pool.worker.postMessage({ t: 'close', id: job.num } satisfies ToWorker);
    }
  }

  private checkInline(): void {
    const w = this.inlineWriter;
    if (!w || w.failed === null || !this.recording) return;
    logLine('replay-error', `replay: recording ${this.path} stopped: ${w.failed}`);
    this.recording = false;
    this.finished(false);
  }

  private inlineClosed(): void {
    if (this.inlineWriter?.failed)
      logLine('replay-error', `replay: recording ${this.path} stopped: ${this.inlineWriter.failed}`);
    this.finished(this.inlineWriter?.failed === null);
  }

  /** The file is complete (`ok`), or the recording stopped: no longer open; retention runs after a complete one. */
  private finished(ok: boolean): void {
    if (this.done) return;
    this.done = true;
    openRecordings.delete(this.path);
    if (ok) this.onClosed?.(this.path);
    this.settle();
  }
}
