/**
 * What a recording writes, from a world after each step: the header and a
 * keyframe at the start, one chunk record per second (inputs of every
 * step, drawable frames), a keyframe every 20 s, the end record. Each
 * record is written straight to the file. It runs where the world it reads
 * is: in the recording worker (server/replay/worker.ts) on its own copy of
 * the match, or on the game loop when no worker can run (Recorder.ts).
 * Throws nothing: a failing disk ends the writer with `failed` set.
 */
import { closeSync, writeSync } from 'node:fs';
import { encodeRecord, magicBytes } from '../../shared/replay/codec.js';
import {
  CHUNK_STEPS,
  type ChunkRecord,
  FRAME_EVERY,
  type HeaderRecord,
  type InputEntry,
  inputEntry,
  KEYFRAME_STEPS,
  type ReplayRecord,
} from '../../shared/replay/format.js';
import { FrameEncoder, tableOf } from '../../shared/replay/frames.js';
import { packWorld } from '../../shared/replay/play.js';
import type { PlayerRole } from '../../shared/roles.js';
import { worldHash } from '../../shared/sim/serialize.js';
import type { StepInputs, World } from '../../shared/sim/types.js';

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

/** A keyframe is written after this step (and its world hash is what the audit compares). */
export const isKeyframeTick = (w: World): boolean => w.tick % KEYFRAME_STEPS === 0 && !w.over;

/** The end record's content, as the game loop knows it at the match's end. */
export interface Ending {
  tick: number;
  result: { winner: string; reason: string; time: number; noFate: boolean } | null;
  stats: Record<string, Record<string, number>>;
  summary: unknown;
}

export function endingOf(w: World, summary: unknown): Ending {
  const stats: Record<string, Record<string, number>> = {};
  for (const [role, s] of Object.entries(w.stats))
    stats[role] = { ...(s as unknown as Record<string, number>) };
  const r = w.result;
  return {
    tick: w.tick,
    result: r ? { winner: r.winner, reason: r.reason, time: r.time, noFate: r.noFate } : null,
    stats,
    summary,
  };
}

export class RecordWriter {
  private fd: number | null;
  private chunk: ChunkRecord | null = null;
  private readonly frames = new FrameEncoder();
  private lastInputs = new Map<PlayerRole, Exclude<InputEntry, 0>>();
  /** Bytes written so far. */
  bytes = 0;
  /** Why writing stopped (the disk refused), or null. */
  failed: string | null = null;

  constructor(
    fd: number,
    /** Each record as written. */
    private readonly emit?: (r: RecordOut) => void,
  ) {
    this.fd = fd;
  }

  get open(): boolean {
    return this.fd !== null;
  }

  /** The magic, the header and the first keyframe. */
  start(header: HeaderRecord, w: World): string | null {
    this.write(magicBytes());
    this.record('H', 0, 0, encodeRecord(header));
    return this.keyframe(w);
  }

  /**
   * After each step: the step's inputs and catch-up inputs; a frame every
   * other step; the chunk written each second; a keyframe every 20 s.
   * Reads the world only. Returns the keyframe's world hash when it wrote
   * one, else null.
   */
  stepped(w: World, inputs: StepInputs, catchUp: StepInputs | undefined): string | null {
    if (this.fd === null) return null;
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
      this.frames.collect(w);
      if (w.tick % FRAME_EVERY === 0 || w.over) c.f.push(this.frames.frame(w));
      const key = isKeyframeTick(w);
      if (c.n >= CHUNK_STEPS || key || w.over) this.flush();
      return key ? this.keyframe(w) : null;
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  /**
   * The world was replaced (the recording worker found its copy had left
   * the match and was given the match's world): the chunk so far, then a
   * keyframe of the new world, from which the frames continue.
   */
  restart(w: World): string | null {
    if (this.fd === null) return null;
    this.flush();
    return this.keyframe(w);
  }

  /** The last chunk, the end record, and the file closed. */
  end(e: Ending): void {
    if (this.fd === null) return;
    this.flush();
    this.record('E', e.tick, e.tick, encodeRecord({ t: 'E', ...e }));
    this.close();
  }

  /** The last chunk and the file closed, without an end record: the file plays to its last chunk. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch {
      // Closing a file we wrote cannot lose what was written.
    }
  }

  private flush(): void {
    const c = this.chunk;
    this.chunk = null;
    if (c && c.n > 0) this.record('S', c.tick, c.tick + c.n, encodeRecord(c));
  }

  private keyframe(w: World): string | null {
    try {
      const table = tableOf(w);
      this.frames.reset(table.map((r) => [...r]));
      const hash = worldHash(w);
      const rec: ReplayRecord = { t: 'K', tick: w.tick, hash, world: packWorld(w), table };
      this.record('K', w.tick, w.tick, encodeRecord(rec));
      return hash;
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  private record(kind: RecordOut['kind'], tick: number, end: number, bytes: Uint8Array): void {
    if (this.fd === null) return;
    this.write(bytes);
    if (this.fd !== null) this.emit?.({ kind, tick, end, bytes });
  }

  private write(p: Uint8Array): void {
    if (this.fd === null) return;
    try {
      let off = 0;
      while (off < p.length) off += writeSync(this.fd, p, off, p.length - off);
      this.bytes += p.length;
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.failed ??= e instanceof Error ? e.message : String(e);
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing.
      }
    }
  }
}
