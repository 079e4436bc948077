/**
 * Process-wide performance figures: the duration of every match step, the
 * event-loop delay, and CPU use since the last reset. Served at `/stats`
 * (the load benchmark reads them from its separate process).
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { TICK_HZ } from '../shared/tuning.js';

/** Room for a minute of steps of 100 matches (older ones are overwritten). */
const RING = 1 << 18;
/** Sampling interval of the event-loop delay histogram. */
const LOOP_RESOLUTION_MS = 10;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export interface MetricsSnapshot {
  steps: number;
  stepMedianMs: number;
  stepP99Ms: number;
  /** Mean step: with the count, the CPU share the simulation takes (the median hides rare heavy steps). */
  stepMeanMs: number;
  patches: number;
  patchMedianMs: number;
  patchP99Ms: number;
  patchMeanMs: number;
  /**
   * How late the event loop ran a timer, p99 and max: Node's histogram holds
   * the whole interval between its sampling timer's runs, so its resolution
   * is taken out (an idle loop reads 0, not 10 ms).
   */
  loopP99Ms: number;
  loopMaxMs: number;
  cpuPct: number;
  /**
   * CPU time of the whole process per second of match played (30 steps of one
   * match), in ms: the cost of one match, whatever share of the machine the
   * process got. /10 is the percentage of a core one match takes.
   */
  cpuMsPerMatchSecond: number;
  seconds: number;
  /** Matches ended by a fault of their own since start (each ended alone; the process went on). */
  roomFaults: number;
  /** Clients dropped at a room's door for a frame the game does not use, since start. */
  clientsRefused: number;
  /** Resident memory of the process, MB. */
  rssMb: number;
}

class Series {
  private readonly ring = new Float64Array(RING);
  count = 0;
  add(ms: number): void {
    this.ring[this.count++ & (RING - 1)] = ms;
  }
  mean(): number {
    const n = Math.min(this.count, RING);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.ring[i];
    return n > 0 ? sum / n : 0;
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
  private roomFaults = 0;
  private clientsRefused = 0;

  /** A room's handler, step or timer threw: that match ended. */
  recordRoomFault(): void {
    this.roomFaults++;
  }

  /** A client was dropped at a room's door. */
  recordRefused(): void {
    this.clientsRefused++;
  }

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
    const loop = this.start();
    const steps = this.steps.sorted();
    const patches = this.patches.sorted();
    const seconds = (performance.now() - this.since) / 1000;
    const cpu = process.cpuUsage(this.cpu);
    const late = (ns: number) => (loop.count > 0 ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) : 0);
    const cpuMs = (cpu.user + cpu.system) / 1e3;
    const matchSeconds = this.steps.count / TICK_HZ;
    return {
      steps: this.steps.count,
      stepMedianMs: percentile(steps, 0.5),
      stepP99Ms: percentile(steps, 0.99),
      stepMeanMs: this.steps.mean(),
      patches: this.patches.count,
      patchMedianMs: percentile(patches, 0.5),
      patchP99Ms: percentile(patches, 0.99),
      patchMeanMs: this.patches.mean(),
      loopP99Ms: late(loop.percentile(99)),
      loopMaxMs: late(loop.max),
      cpuPct: seconds > 0 ? (cpuMs / (seconds * 1000)) * 100 : 0,
      cpuMsPerMatchSecond: matchSeconds > 0 ? cpuMs / matchSeconds : 0,
      seconds,
      roomFaults: this.roomFaults,
      clientsRefused: this.clientsRefused,
      rssMb: Math.round(process.memoryUsage.rss() / 1e5) / 10,
    };
  }

  /** Start watching the event loop (before the first snapshot); returns the histogram. */
  start(): IntervalHistogram {
    if (!this.loop) {
      this.loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      this.loop.enable();
    }
    return this.loop;
  }
}

export const metrics = new Metrics();
