/**
 * Process-wide performance figures, two ways:
 *
 * - `/stats` (JSON): the duration of every match step, the event-loop delay,
 *   and CPU use since the last reset (the load benchmark reads them from its
 *   separate process);
 * - `/metrics` (Prometheus text, server/ops/prometheus.ts): counters,
 *   gauges and histograms in base units (seconds, bytes), `liquid_metal_`
 *   first, counters ending in `_total`, plus Node's default process metrics.
 *   Labels are small fixed sets only — never a room id, session id, code or
 *   address — so a hostile client cannot grow the series.
 *
 * Each {@link Metrics} has its own prom-client registry (not the library's
 * global one), so several can live in one process (tests).
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { matchMaker } from '@colyseus/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ROOM } from '../shared/protocol.js';
import type { EndReason } from '../shared/sim/types.js';
import { TICK_HZ } from '../shared/tuning.js';
import { clusterStatus, ready } from './cluster/status.js';
import { sentBytes } from './net/connections.js';
import { recorderCpuMs } from './replay/Recorder.js';

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
  /** Of that, the JS thread's own (steps, patches, sockets' JS side): the rest is the recording worker and Node's helper threads (GC, I/O). */
  mainMsPerMatchSecond: number;
  /** Of that, the recording worker's thread (re-simulating each match and writing its records; server/replay/Recorder.ts). */
  recorderMsPerMatchSecond: number;
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

/** Why a client was dropped or refused (a fixed set: each is one series). */
export const DROP_REASONS = [
  /** A frame the game does not use (server/rooms/door.ts). */
  'bad_frame',
  /** Never acknowledged its join within the door's time. */
  'no_join_ack',
  /** More frames a second than `MAX_MESSAGES_PER_SECOND`. */
  'rate',
  /** Websocket upgrades from one address faster than `UPGRADES_PER_SECOND`. */
  'upgrade_rate',
  /** `CONNECTIONS_PER_ADDRESS` live websockets (or TCP connections) already. */
  'too_many_connections',
  /** `MAX_CLIENTS` websockets in the process already. */
  'server_full',
  /** The host of a custom match sent the player out. */
  'kicked',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Why a client's input was not played (a fixed set). */
export const INPUT_DROP_REASONS = [
  /** A spectator's input: valid, moves nothing. */
  'spectator',
  /** The room's input buffer was full: Colyseus dropped its oldest input. */
  'buffer_full',
  /** Faster than real time: the pacer acknowledged the excess without moving (server/match/InputPacer.ts). */
  'backlog',
] as const;
export type InputDropReason = (typeof INPUT_DROP_REASONS)[number];

/**
 * How a match ended: the game's own reasons, `shutdown` (called off: the
 * server stopped and no other process took it), `aborted` (a fault ended it),
 * `abandoned` (closed unfinished), `other` (a reason not in this list).
 */
export const END_REASONS = [
  'terminated',
  'bled-out',
  'john-in-steel',
  'judgment-day',
  't1000-in-steel',
  'extraction',
  'shutdown',
  'aborted',
  'abandoned',
  'other',
] as const satisfies readonly (EndReason | 'shutdown' | 'aborted' | 'abandoned' | 'other')[];
export type MatchEndReason = (typeof END_REASONS)[number];

/** Room types as labels: anything else is `other` (the label set stays fixed). */
const ROOM_TYPES = [ROOM.match, ROOM.watch, ROOM.lobby] as const;

/** Histogram buckets of a step or a state copy, in seconds: 50 µs … 100 ms (a step has 33 ms). */
const WORK_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.033, 0.066, 0.1];

const PREFIX = 'liquid_metal_';

/** The Prometheus side of {@link Metrics}: its registry and instruments. */
class Instruments {
  readonly registry = new Registry();
  readonly step: Histogram;
  readonly patch: Histogram;
  readonly matchesStarted: Counter;
  readonly matchesEnded: Counter<'reason'>;
  readonly roomFaults: Counter;
  readonly clientsDropped: Counter<'reason'>;
  readonly inputsDropped: Counter<'reason'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.step = new Histogram({
      name: `${PREFIX}step_duration_seconds`,
      help: 'Duration of one match step (inputs, bots and simulation).',
      buckets: WORK_BUCKETS,
      registers,
    });
    this.patch = new Histogram({
      name: `${PREFIX}patch_duration_seconds`,
      help: "Duration of one room's state copy before a patch.",
      buckets: WORK_BUCKETS,
      registers,
    });
    this.matchesStarted = new Counter({
      name: `${PREFIX}matches_started_total`,
      help: 'Matches started (the countdown ran out).',
      registers,
    });
    this.matchesEnded = new Counter({
      name: `${PREFIX}matches_ended_total`,
      help: 'Matches ended, by how: the game reasons, aborted (a fault) or abandoned (closed unfinished).',
      labelNames: ['reason'],
      registers,
    });
    this.roomFaults = new Counter({
      name: `${PREFIX}room_faults_total`,
      help: 'Rooms whose handler, step or timer threw (each fault ends only its own match).',
      registers,
    });
    this.clientsDropped = new Counter({
      name: `${PREFIX}clients_dropped_total`,
      help: 'Clients dropped or refused by the server, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.inputsDropped = new Counter({
      name: `${PREFIX}inputs_dropped_total`,
      help: 'Client inputs received but not played, by reason.',
      labelNames: ['reason'],
      registers,
    });
    // Every fixed series exists from the start at 0 (an alert on a rate needs the series before the first event).
    for (const reason of END_REASONS) this.matchesEnded.inc({ reason }, 0);
    for (const reason of DROP_REASONS) this.clientsDropped.inc({ reason }, 0);
    for (const reason of INPUT_DROP_REASONS) this.inputsDropped.inc({ reason }, 0);

    totalCounter(
      `${PREFIX}recorder_cpu_seconds_total`,
      'CPU time of the recording worker thread (re-simulating each match and writing its replay), part of process_cpu_seconds_total.',
      registers,
      () => recorderCpuMs() / 1000,
    );
    totalCounter(
      `${PREFIX}sent_bytes_total`,
      'Bytes written to clients on every TCP connection (HTTP and websockets).',
      registers,
      () => sentBytes.total,
    );
    const roomsOpen = new Gauge({
      name: `${PREFIX}rooms_open`,
      help: 'Rooms open in this process, by type.',
      labelNames: ['type'],
      registers,
      async collect() {
        const local = await localRooms();
        const counts: Record<string, number> = {
          [ROOM.match]: 0,
          [ROOM.watch]: 0,
          [ROOM.lobby]: 0,
          other: 0,
        };
        for (const r of local) counts[roomType(r.name)]++;
        for (const [type, n] of Object.entries(counts)) roomsOpen.set({ type }, n);
      },
    });
    new Gauge({
      name: `${PREFIX}clients_connected`,
      help: 'Clients in the rooms of this process (players, spectators and the listing).',
      registers,
      async collect() {
        this.set((await localRooms()).reduce((n, r) => n + r.clients, 0));
      },
    });
    new Gauge({
      name: `${PREFIX}spectators_watching`,
      help: 'Clients in the watch rooms of this process.',
      registers,
      async collect() {
        this.set((await localRooms()).reduce((n, r) => n + (r.name === ROOM.watch ? r.clients : 0), 0));
      },
    });
    new Gauge({
      name: `${PREFIX}draining`,
      help: '1 while the process drains (takes no new matches), else 0.',
      registers,
      collect() {
        this.set(clusterStatus.draining ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}redis_up`,
      help: '1 while Redis answers, 0 while it does not; no sample when the process runs without Redis.',
      registers,
      collect() {
        if (clusterStatus.redis === 'none') this.remove();
        else this.set(clusterStatus.redis === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}ready`,
      help: '1 when the process takes new players (what /health/ready answers 200 to), else 0.',
      registers,
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
  }
}

/** A counter that follows a running total kept elsewhere: at each scrape it goes up by what the total gained. */
function totalCounter(name: string, help: string, registers: Registry[], total: () => number): void {
  let last = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const now = total();
      if (now > last) this.inc(now - last);
      last = Math.max(last, now);
    },
  });
}

function roomType(name: string): string {
  return (ROOM_TYPES as readonly string[]).includes(name) ? name : 'other';
}

/** The rooms this process runs (with Redis, the driver knows every process's: only ours are counted); none before the matchmaker is up. */
export async function localRooms(): Promise<{ name: string; clients: number }[]> {
  if (!matchMaker.driver) return [];
  const processId = matchMaker.processId;
  return matchMaker.query(processId ? { processId } : {});
}

/** The calling (JS) thread's CPU time, ms (0 where Node cannot tell: before 22.19 / 23.9). */
function threadCpu(): number {
  if (typeof process.threadCpuUsage !== 'function') return 0;
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

export class Metrics {
  private readonly steps = new Series();
  private readonly patches = new Series();
  private loop: IntervalHistogram | null = null;
  private cpu = process.cpuUsage();
  private mainCpu = threadCpu();
  private recorderCpu = recorderCpuMs();
  private since = performance.now();
  private roomFaults = 0;
  private clientsRefused = 0;
  private readonly prom = new Instruments();

  /** The Prometheus registry of these metrics (with Node's default process metrics). */
  get registry(): Registry {
    return this.prom.registry;
  }

  /** A room's handler, step or timer threw: that match ended. */
  recordRoomFault(): void {
    this.roomFaults++;
    this.prom.roomFaults.inc();
  }

  /** A client was dropped at a room's door (a frame the game does not use, or no join acknowledgement). */
  recordRefused(reason: DropReason = 'bad_frame'): void {
    this.clientsRefused++;
    this.prom.clientsDropped.inc({ reason });
  }

  /** A client was dropped or refused for `reason` outside the door (the guard, a kick, a timeout). */
  clientDropped(reason: DropReason): void {
    this.prom.clientsDropped.inc({ reason });
  }

  /** `n` inputs of a client were received and not played, for `reason`. */
  inputDropped(reason: InputDropReason, n = 1): void {
    if (n > 0) this.prom.inputsDropped.inc({ reason }, n);
  }

  /** A match started (its countdown ran out). */
  matchStarted(): void {
    this.prom.matchesStarted.inc();
  }

  /** A match ended: its world's end reason, `aborted` after a fault, `abandoned` if the room closed unfinished. */
  matchEnded(reason: MatchEndReason | EndReason): void {
    this.prom.matchesEnded.inc({
      reason: (END_REASONS as readonly string[]).includes(reason) ? reason : 'other',
    });
  }

  /** One match step (inputs, bots and simulation) took `ms`. */
  recordStep(ms: number): void {
    this.steps.add(ms);
    this.prom.step.observe(ms / 1000);
  }

  /** One room's state copy before a patch took `ms`. */
  recordPatch(ms: number): void {
    this.patches.add(ms);
    this.prom.patch.observe(ms / 1000);
  }

  /** The Prometheus text of every metric. */
  prometheus(): Promise<string> {
    return this.prom.registry.metrics();
  }

  /** The Prometheus text's content type. */
  get prometheusType(): string {
    return this.prom.registry.contentType;
  }

  /** `/stats`' figures start over (the Prometheus counters never do: rates are taken by the scraper). */
  reset(): void {
    this.steps.reset();
    this.patches.reset();
    this.loop?.reset();
    this.cpu = process.cpuUsage();
    this.mainCpu = threadCpu();
    this.recorderCpu = recorderCpuMs();
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
    const perMatchSecond = (ms: number) => (matchSeconds > 0 ? ms / matchSeconds : 0);
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
      cpuMsPerMatchSecond: perMatchSecond(cpuMs),
      mainMsPerMatchSecond: perMatchSecond(threadCpu() - this.mainCpu),
      recorderMsPerMatchSecond: perMatchSecond(recorderCpuMs() - this.recorderCpu),
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
