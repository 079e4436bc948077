/** One remote entity's pose at a server instant. */
export interface Pose {
  x: number;
  y: number;
  facing: number;
}

export interface TrackOptions {
  /** How far past the newest sample to extrapolate before holding still (s). */
  maxExtrapolate: number;
  /** A jump longer than this (tiles) between samples is a teleport: no glide across it. */
  snapDistance: number;
}

export const DEFAULT_TRACK: Readonly<TrackOptions> = { maxExtrapolate: 0.1, snapDistance: 4 };

const CAPACITY = 16;

/** The signed shortest turn from angle a to angle b, in (-π, π]. */
export function angleDelta(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  else if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/**
 * The recent poses of one remote entity, stamped with server time, read back
 * at a render time slightly in the past (entity interpolation). Samples are
 * kept in a small ring; out-of-order or duplicate stamps are dropped.
 */
export class SnapshotTrack {
  private readonly t = new Float64Array(CAPACITY);
  private readonly x = new Float64Array(CAPACITY);
  private readonly y = new Float64Array(CAPACITY);
  private readonly f = new Float64Array(CAPACITY);
  private count = 0;
  private head = 0;

  constructor(private readonly opts: TrackOptions = DEFAULT_TRACK) {}

  get size(): number {
    return this.count;
  }

  /** Newest server time held, or -Infinity when empty. */
  get latest(): number {
    return this.count === 0 ? Number.NEGATIVE_INFINITY : this.t[this.index(this.count - 1)];
  }

  private index(i: number): number {
    return (this.head + i) % CAPACITY;
  }

  /** Adds the pose at server time `time`. */
  push(time: number, x: number, y: number, facing: number): void {
    if (this.count > 0) {
      const last = this.index(this.count - 1);
      if (time <= this.t[last]) return;
      const dx = x - this.x[last];
      const dy = y - this.y[last];
      if (dx * dx + dy * dy > this.opts.snapDistance * this.opts.snapDistance) {
        // A teleport: drop the history so nothing glides across the jump.
        this.head = 0;
        this.count = 0;
      }
    }
    if (this.count === CAPACITY) {
      this.head = (this.head + 1) % CAPACITY;
      this.count--;
    }
    const i = this.index(this.count);
    this.t[i] = time;
    this.x[i] = x;
    this.y[i] = y;
    this.f[i] = facing;
    this.count++;
  }

  /** The pose at server time `time`, written into `out`. False when the track is empty. */
  sample(time: number, out: Pose): boolean {
    const n = this.count;
    if (n === 0) return false;
    const first = this.index(0);
    if (n === 1 || time <= this.t[first]) {
      out.x = this.x[first];
      out.y = this.y[first];
      out.facing = this.f[first];
      return true;
    }
    const lastI = this.index(n - 1);
    if (time >= this.t[lastI]) {
      const prevI = this.index(n - 2);
      const span = this.t[lastI] - this.t[prevI];
      const ahead = Math.min(time - this.t[lastI], this.opts.maxExtrapolate);
      const k = span > 0 ? ahead / span : 0;
      out.x = this.x[lastI] + (this.x[lastI] - this.x[prevI]) * k;
      out.y = this.y[lastI] + (this.y[lastI] - this.y[prevI]) * k;
      out.facing = this.f[lastI];
      return true;
    }
    for (let k = n - 2; k >= 0; k--) {
      const a = this.index(k);
      if (this.t[a] <= time) {
        const b = this.index(k + 1);
        const u = (time - this.t[a]) / (this.t[b] - this.t[a]);
        out.x = this.x[a] + (this.x[b] - this.x[a]) * u;
        out.y = this.y[a] + (this.y[b] - this.y[a]) * u;
        out.facing = this.f[a] + angleDelta(this.f[a], this.f[b]) * u;
        return true;
      }
    }
    return true;
  }

  /** Forgets samples older than `time` except the one just before it (still needed to interpolate). */
  prune(time: number): void {
    while (this.count > 2 && this.t[this.index(1)] < time) {
      this.head = (this.head + 1) % CAPACITY;
      this.count--;
    }
  }
}
