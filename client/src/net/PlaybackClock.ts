export interface PlaybackOptions {
  /** How far behind the newest server time remote entities are drawn (s). */
  delay: number;
  /** The largest share by which playback may run faster or slower to catch up (0.05 = ±5 %). */
  maxWarp: number;
  /** An error larger than this (s) is a jump, not drift: snap to it. */
  snapError: number;
  /** How long the fastest recent arrival is remembered (s). */
  window: number;
}

export const DEFAULT_PLAYBACK: Readonly<PlaybackOptions> = {
  delay: 0.11,
  maxWarp: 0.08,
  snapError: 0.5,
  window: 2,
};

/**
 * Maps local time to the server time at which remote entities are drawn.
 *
 * Each state patch carries its server time; `server − local` at arrival is
 * the offset for that patch. Delayed patches (jitter, a retransmission after
 * a loss) give smaller offsets, so the clock follows the largest offset seen
 * in a short window — the fastest path — and the interpolation delay absorbs
 * the rest. It never jumps for small errors: playback runs up to
 * {@link PlaybackOptions.maxWarp} faster or slower until it is back on time,
 * so remote motion stays smooth through a burst of late packets.
 */
export class PlaybackClock {
  private offset = 0;
  private started = false;
  private lastLocal = 0;
  /** Recent (local arrival, offset) pairs, oldest first. */
  private readonly recent: { at: number; offset: number }[] = [];

  constructor(readonly opts: PlaybackOptions = DEFAULT_PLAYBACK) {}

  get ready(): boolean {
    return this.started;
  }

  /** A patch stamped with `serverTime` arrived at local time `localTime` (both in s). */
  observe(serverTime: number, localTime: number): void {
    const offset = serverTime - localTime;
    const r = this.recent;
    while (r.length > 0 && r[0].at < localTime - this.opts.window) r.shift();
    r.push({ at: localTime, offset });
    if (!this.started) {
      this.started = true;
      this.offset = offset;
      this.lastLocal = localTime;
    }
  }

  private target(): number {
    let best = Number.NEGATIVE_INFINITY;
    for (const s of this.recent) if (s.offset > best) best = s.offset;
    return best;
  }

  /** The server time to draw remote entities at, for local time `localTime` (s). Call once per frame. */
  renderTime(localTime: number): number {
    if (!this.started) return 0;
    const dt = Math.max(0, localTime - this.lastLocal);
    this.lastLocal = localTime;
    const err = this.target() - this.offset;
    if (Math.abs(err) > this.opts.snapError) {
      this.offset += err;
    } else {
      const step = dt * this.opts.maxWarp;
      // Close the gap at most `maxWarp` per second of playback, and never overshoot it.
      this.offset += Math.max(-step, Math.min(step, err));
    }
    return localTime + this.offset - this.opts.delay;
  }
}
