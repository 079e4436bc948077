/**
 * The recording of one match, written as it is played: the header and a
 * keyframe at the start, one chunk record per second (inputs of every step,
 * drawable frames) written straight to the file so that a killed server
 * leaves a file that plays to its last second, a keyframe every 10 s, and
 * the end record. A failing disk never stops the match: the recording stops
 * with one log line.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { encodeRecord, magicBytes } from '../../shared/replay/codec.js';
import {
  CHUNK_STEPS,
  type ChunkRecord,
  FORMAT_VERSION,
  FRAME_EVERY,
  type HeaderRecord,
  type InputEntry,
  inputEntry,
  KEYFRAME_STEPS,
  type ReplayRecord,
} from '../../shared/replay/format.js';
import { FIELDS, FrameEncoder, KINDS, tableOf } from '../../shared/replay/frames.js';
import { mapHash, packWorld } from '../../shared/replay/play.js';
import type { PlayerRole } from '../../shared/roles.js';
import { worldHash } from '../../shared/sim/serialize.js';
import type { StepInputs, World } from '../../shared/sim/types.js';
import { TICK_HZ } from '../../shared/tuning.js';
import { errorLine, logLine } from '../log.js';
import { GAME_VERSION } from './version.js';

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
}

/**
 * A record as written, for the spectators' feed (server/watch): its kind,
 * the ticks it covers (a chunk: from `tick`, before its first step, to
 * `end`, after its last; others: `tick` = `end`) and its framed bytes.
 */
export interface RecordOut {
  kind: 'H' | 'K' | 'S' | 'E';
  tick: number;
  end: number;
  bytes: Uint8Array;
}

const mapHashes = new WeakMap<object, string>();

/** Files being written by this process: retention never deletes them. */
export const openRecordings = new Set<string>();

export class Recorder {
  readonly path: string;
  /** The replay's id: its file name without the extension. */
  readonly id: string;
  private fd: number | null;
  private chunk: ChunkRecord | null = null;
  private readonly frames = new FrameEncoder();
  private lastInputs = new Map<PlayerRole, Exclude<InputEntry, 0>>();
  /** Bytes written so far. */
  bytes = 0;
  /** Milliseconds spent recording (building and writing records). */
  ms = 0;
  /** Called with each record as it is written, header first (the spectators' feed). */
  private readonly onRecord: ((r: RecordOut) => void) | undefined;

  private constructor(
    path: string,
    fd: number,
    private readonly onClosed?: (path: string) => void,
    onRecord?: (r: RecordOut) => void,
  ) {
    this.onRecord = onRecord;
    this.path = path;
    this.id = basename(path, '.lmr');
    this.fd = fd;
    openRecordings.add(path);
  }

  /** Open a match's file and write its header and first keyframe; null (one log line) if the disk refuses. */
  static open(s: RecordingStart): Recorder | null {
    const w = s.world;
    const stamp = new Date(s.startedAt).toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${randomBytes(4).toString('hex')}.lmr`;
    let rec: Recorder;
    try {
      mkdirSync(s.dir, { recursive: true });
      const path = join(s.dir, name);
      rec = new Recorder(path, openSync(path, 'wx'), s.onClosed, s.onRecord);
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
    };
    rec.write([magicBytes()]);
    rec.emit('H', 0, 0, encodeRecord(header));
    rec.keyframe(w);
    return rec;
  }

  get open(): boolean {
    return this.fd !== null;
  }

  /**
   * After each step: the step's inputs (bots' included) and catch-up
   * inputs; a frame every other step; the chunk written each second and a
   * keyframe every 10 s. Reads the world only.
   */
  stepped(w: World, inputs: StepInputs, catchUp: StepInputs | undefined): void {
    if (this.fd === null) return;
    const t0 = performance.now();
    try {
      let c = this.chunk;
      if (c === null) {
        c = this.chunk = { t: 'S', tick: w.tick - 1, n: 0, in: {}, f: [] };
        this.lastInputs.clear();
        this.frames.restate();
      }
      const at = c.n++;
      for (const role of Object.keys(w.players) as PlayerRole[]) {
        const e = inputEntry(inputs[role]) as Exclude<InputEntry, 0>;
        let list = c.in[role];
        if (list === undefined) {
          list = new Array<InputEntry>(at).fill(null);
          c.in[role] = list;
        }
        const last = this.lastInputs.get(role);
        const same =
          at > 0 &&
          last !== undefined &&
          (e === null
            ? last === null
            : last !== null && e[0] === last[0] && e[1] === last[1] && e[2] === last[2] && e[3] === last[3]);
        list.push(same ? 0 : e);
        this.lastInputs.set(role, e);
        const cu = catchUp?.[role];
        if (cu !== undefined) {
          c.cu ??= [];
          c.cu.push([at, role, [cu.moveX, cu.moveY, cu.aim, cu.buttons]]);
        }
      }
      if (w.tick % FRAME_EVERY === 0 || w.over) c.f.push(this.frames.frame(w));
      if (c.n >= CHUNK_STEPS || w.tick % KEYFRAME_STEPS === 0 || w.over) this.flush();
      if (w.tick % KEYFRAME_STEPS === 0 && !w.over) this.keyframe(w);
    } catch (e) {
      this.fail(e);
    }
    this.ms += performance.now() - t0;
  }

  /** The match ended: the last chunk, the end record with result and stats, and the file closed. */
  finish(w: World, summary: unknown): void {
    if (this.fd === null) return;
    this.flush();
    const stats: Record<string, Record<string, number>> = {};
    for (const [role, s] of Object.entries(w.stats))
      stats[role] = { ...(s as unknown as Record<string, number>) };
    const r = w.result;
    this.emit(
      'E',
      w.tick,
      w.tick,
      encodeRecord({
        t: 'E',
        tick: w.tick,
        result: r ? { winner: r.winner, reason: r.reason, time: r.time, noFate: r.noFate } : null,
        stats,
        summary,
      }),
    );
    this.close();
  }

  /** Close without an end record (the room went away mid-match): the file plays to its last chunk. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    const fd = this.fd;
    this.fd = null;
    openRecordings.delete(this.path);
    try {
      closeSync(fd);
    } catch {
      // Closing a file we wrote cannot lose what was written.
    }
    this.onClosed?.(this.path);
  }

  private flush(): void {
    const c = this.chunk;
    this.chunk = null;
    if (c && c.n > 0) this.emit('S', c.tick, c.tick + c.n, encodeRecord(c));
  }

  private keyframe(w: World): void {
    const table = tableOf(w);
    this.frames.reset(table.map((r) => [...r]));
    const rec: ReplayRecord = { t: 'K', tick: w.tick, hash: worldHash(w), world: packWorld(w), table };
    this.emit('K', w.tick, w.tick, encodeRecord(rec));
  }

  /** Write a record to the file and hand it to the feed. */
  private emit(kind: RecordOut['kind'], tick: number, end: number, bytes: Uint8Array): void {
    this.write([bytes]);
    this.onRecord?.({ kind, tick, end, bytes });
  }

  private write(parts: Uint8Array[]): void {
    if (this.fd === null) return;
    try {
      for (const p of parts) {
        let off = 0;
        while (off < p.length) off += writeSync(this.fd, p, off, p.length - off);
        this.bytes += p.length;
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    logLine('replay-error', `replay: recording ${this.path} stopped: ${errorLine(e)}`);
    const fd = this.fd;
    this.fd = null;
    openRecordings.delete(this.path);
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing.
      }
    }
  }
}
