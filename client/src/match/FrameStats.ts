/** A frame whose work passes this (ms) counts as slow: the benchmark's p95 target. */
export const SLOW_MS = 4;

/** Samples kept (about 20 s at 60 fps). */
const CAPACITY = 1200;

/**
 * The client's own work per frame — from the start of its update to the end
 * of Pixi's render — and the interval between frames, in a ring the
 * benchmark and the browser tests read through `window.__lm`.
 */
export class FrameStats {
  readonly work = new Float64Array(CAPACITY);
  readonly interval = new Float64Array(CAPACITY);
  /** Time of each named part of the update (ms), summed since the last reset: where the work goes. */
  readonly parts = new Map<string, number>();
  /** The same, over the frames whose work passed {@link SLOW_MS} only: what makes a slow frame slow. */
  readonly slowParts = new Map<string, number>();
  slowCount = 0;
  private readonly frameParts = new Map<string, number>();
  count = 0;
  private started = -1;
  private lastStart = -1;
  private interval0 = 0;
  private mark = 0;

  /** The frame's update starts (the interval is measured from the previous start, not Pixi's capped delta). */
  begin(now: number): void {
    this.interval0 = this.lastStart < 0 ? 0 : now - this.lastStart;
    this.lastStart = now;
    this.started = now;
    this.mark = now;
  }

  /** The part of the update since the last mark is called `name`. */
  part(name: string, now: number): void {
    const ms = now - this.mark;
    this.parts.set(name, (this.parts.get(name) ?? 0) + ms);
    this.frameParts.set(name, ms);
    this.mark = now;
  }

  /** Pixi finished rendering the frame. */
  end(now: number): void {
    if (this.started < 0) return;
    this.part('pixi render', now);
    const i = this.count % CAPACITY;
    this.work[i] = now - this.started;
    this.interval[i] = this.interval0;
    this.count++;
    this.started = -1;
    if (this.work[i] > SLOW_MS) {
      this.slowCount++;
      for (const [k, v] of this.frameParts) this.slowParts.set(k, (this.slowParts.get(k) ?? 0) + v);
    }
    this.frameParts.clear();
  }

  /** Forgets what was measured (start of a benchmark window). */
  reset(): void {
    this.count = 0;
    this.parts.clear();
    this.slowParts.clear();
    this.slowCount = 0;
  }

  /** The samples measured so far, oldest first. */
  samples(): { work: number[]; interval: number[] } {
    const n = Math.min(this.count, CAPACITY);
    const start = this.count > CAPACITY ? this.count % CAPACITY : 0;
    const work: number[] = [];
    const interval: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = (start + k) % CAPACITY;
      work.push(this.work[i]);
      interval.push(this.interval[i]);
    }
    return { work, interval };
  }
}
