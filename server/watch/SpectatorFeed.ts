/**
 * The spectators' feed of one match: the match's recording, record by
 * record as the recorder writes it, released no earlier than the match's
 * spectator delay allows. A record is released when the live match has gone
 * `delay` seconds past the last step it holds, so nothing a watcher is sent
 * is newer than now − delay (docs/GAME.md, Spectators).
 *
 * The feed is the same bytes for every watcher: a watcher costs one send of
 * shared bytes when records are released (once a second), whatever the
 * number of watchers, and nothing in the match's step (the CS2 broadcast
 * model, on the recording).
 */
import { TICK_HZ } from '../../shared/tuning.js';
import type { RecordOut } from '../replay/Recorder.js';

export interface FeedInfo {
  /** Seconds behind the live match. */
  delay: number;
  /** The recording's replay id. */
  replay: string;
}

export class SpectatorFeed {
  /** Records kept: the header, then from the last released keyframe on (older ones are dropped). */
  private records: RecordOut[] = [];
  /** Absolute index of `records[1]` (the header is index 0 and always kept). */
  private base = 1;
  /** Absolute count of records released. */
  private releasedCount = 0;
  private readonly delaySteps: number;
  /** The live match's tick (steps since its start). */
  private liveTick = 0;
  /** Wall time (ms) and tick at the match's end: after it, the live tick runs on by the clock. */
  private endedAt: { ms: number; tick: number } | null = null;
  /** The last record (the end record, or the last chunk of a room gone mid-match) has been written. */
  private closed = false;

  constructor(
    readonly info: FeedInfo,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.delaySteps = Math.round(info.delay * TICK_HZ);
  }

  /** A record as the recorder wrote it (header first, in file order). */
  push(r: RecordOut): void {
    if (this.closed) return;
    this.records.push(r);
    if (r.kind === 'E') this.close();
  }

  /** The live match stepped to `tick`. */
  live(tick: number): void {
    if (this.endedAt === null && tick > this.liveTick) this.liveTick = tick;
  }

  /** The match is over (or its room gone): no more records; the clock goes on by wall time. */
  close(): void {
    this.closed = true;
    this.endedAt ??= { ms: this.now(), tick: this.liveTick };
  }

  get finished(): boolean {
    return this.closed && this.released() >= this.total;
  }

  /** The live tick now (after the end: the end tick plus the wall time since). */
  private tickNow(): number {
    if (this.endedAt === null) return this.liveTick;
    return this.endedAt.tick + Math.floor(((this.now() - this.endedAt.ms) / 1000) * TICK_HZ);
  }

  private get total(): number {
    return this.base + this.records.length - 1;
  }

  private at(abs: number): RecordOut {
    return abs === 0 ? this.records[0] : this.records[abs - this.base + 1];
  }

  /**
   * Release what the delay allows now and return the absolute count of
   * released records. Records are released in order: one not yet old enough
   * holds back those after it.
   */
  released(): number {
    const limit = this.tickNow() - this.delaySteps;
    let n = this.releasedCount;
    while (n < this.total) {
      const r = this.at(n);
      if (r.kind !== 'H' && r.end > limit) break;
      n++;
    }
    if (n !== this.releasedCount) {
      this.releasedCount = n;
      this.prune();
    }
    return n;
  }

  /**
   * Drop the records before the keyframe before the last released one: a
   * new watcher starts from the last; a room whose cursor is behind (it
   * sends every 100 ms) still finds what it has not sent.
   */
  private prune(): void {
    const keys: number[] = [];
    for (let abs = this.releasedCount - 1; abs >= this.base && keys.length < 2; abs--) {
      if (this.at(abs).kind === 'K') keys.push(abs);
    }
    const k = keys[1];
    if (k === undefined || k <= this.base) return;
    this.records.splice(1, k - this.base);
    this.base = k;
  }

  /**
   * A new watcher's first bytes: the header, the last released keyframe and
   * every released record after it — up to `limit` (what the other watchers
   * have been sent) when given; and the absolute index it has been sent up
   * to (its cursor for {@link since}).
   */
  start(limit = Number.POSITIVE_INFINITY): { bytes: Uint8Array; cursor: number } {
    const upTo = Math.min(this.released(), limit);
    if (upTo === 0) return { bytes: new Uint8Array(0), cursor: 0 };
    // From the last keyframe before that point (the records before it are of no use to a newcomer).
    let from = this.base;
    for (let abs = upTo - 1; abs >= this.base; abs--) {
      if (this.at(abs).kind === 'K') {
        from = abs;
        break;
      }
    }
    const parts = [this.records[0]];
    for (let abs = from; abs < upTo; abs++) parts.push(this.at(abs));
    return { bytes: concat(parts), cursor: upTo };
  }

  /** The released records from `cursor` on (null when none), and the new cursor. */
  since(cursor: number): { bytes: Uint8Array | null; cursor: number } {
    const upTo = this.released();
    if (upTo <= cursor) return { bytes: null, cursor };
    // A cursor behind what is kept (cannot happen while rooms send every 100 ms) resumes at the oldest kept.
    const parts: RecordOut[] = cursor === 0 ? [this.records[0]] : [];
    for (let abs = Math.max(cursor, this.base, 1); abs < upTo; abs++) parts.push(this.at(abs));
    return { bytes: concat(parts), cursor: upTo };
  }
}

function concat(parts: readonly RecordOut[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.bytes.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p.bytes, at);
    at += p.bytes.length;
  }
  return out;
}
