/**
 * Process-wide performance figures: the duration of every match step, the
 * event-loop delay, and CPU use since the last reset. Served at `/stats`
 * (the load benchmark reads them from its separate process).
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

const RING = 1 << 16;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export interface MetricsSnapshot {
  steps: number;
  stepMedianMs: number;
  stepP99Ms: number;
  patches: number;
  patchMedianMs: number;
  patchP99Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  cpuPct: number;
  seconds: number;
}

class Series {
  private readonly ring = new Float64Array(RING);
  count = 0;
  add(ms: number): void {
    this.ring[this.count++ & (RING - 1)] = ms;
  }
  sorted(): Float64Array {
    return this.ring.slice(0, Math.min(this.count, RING)).sort();
  }
  reset(): void {
    this.count = 0;
  }
}

export class Metrics {
  private readonly steps = new Series();
  private readonly patches = new Series();
  private loop: IntervalHistogram | null = null;
  private cpu = process.cpuUsage();
  private since = performance.now();

  /** One match step (inputs, bots and simulation) took `ms`. */
  recordStep(ms: number): void {
    this.steps.add(ms);
  }

  /** One room's state copy before a patch took `ms`. */
  recordPatch(ms: number): void {
    this.patches.add(ms);
  }

  reset(): void {
    this.steps.reset();
    this.patches.reset();
    this.loop?.reset();
    this.cpu = process.cpuUsage();
    this.since = performance.now();
  }

  snapshot(): MetricsSnapshot {
    if (!this.loop) {
      this.loop = monitorEventLoopDelay({ resolution: 10 });
      this.loop.enable();
    }
    const steps = this.steps.sorted();
    const patches = this.patches.sorted();
    const seconds = (performance.now() - this.since) / 1000;
    const cpu = process.cpuUsage(this.cpu);
    const loopP99 = this.loop.count > 0 ? this.loop.percentile(99) / 1e6 : 0;
    return {
      steps: this.steps.count,
      stepMedianMs: percentile(steps, 0.5),
      stepP99Ms: percentile(steps, 0.99),
      patches: this.patches.count,
      patchMedianMs: percentile(patches, 0.5),
      patchP99Ms: percentile(patches, 0.99),
      loopP99Ms: loopP99,
      loopMaxMs: this.loop.count > 0 ? this.loop.max / 1e6 : 0,
      cpuPct: seconds > 0 ? ((cpu.user + cpu.system) / 1e3 / (seconds * 1000)) * 100 : 0,
      seconds,
    };
  }

  /** Start watching the event loop (before the first snapshot). */
  start(): void {
    if (this.loop) return;
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
  }
}

export const metrics = new Metrics();
