/**
 * The fuzz test's instruments, for a server running in the test's own
 * process: a tap on every frame the server's sockets receive (so an error or
 * a hang is pinned to the frame being handled), a recorder of uncaught
 * errors, a meter of everything written to stdout/stderr/console, a canary
 * match that must keep its patch cadence, and a memory reading after GC.
 */
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client as SDKClient, Room as SDKRoom } from '@colyseus/sdk';
import { hex } from '../../../bench/hostileFrames.js';
import type { Watchdog } from './watchdog.js';

// ─── Frame tap ───────────────────────────────────────────────────────────────

interface ServerSocket {
  readyState: number;
  prependListener(ev: 'message', cb: (data: unknown, isBinary: boolean) => void): void;
  on(ev: 'close', cb: (code: number) => void): void;
}
interface Wss {
  on(ev: 'connection', cb: (ws: ServerSocket, req: { url?: string }) => void): void;
  removeListener(ev: 'connection', cb: (...a: never[]) => void): void;
}

export interface TappedFrame {
  sessionId: string;
  bytes: Uint8Array;
  at: number;
}

/** Sees every frame before Colyseus does, per session id. */
export class FrameTap {
  /** Frames received per session id (from the socket's URL). */
  readonly received = new Map<string, number>();
  last: TappedFrame | null = null;
  total = 0;
  private readonly listener: (ws: ServerSocket, req: { url?: string }) => void;

  constructor(
    private readonly wss: Wss,
    watchdog: Watchdog | null,
    labelOf: (sessionId: string) => string | undefined = () => undefined,
  ) {
    this.listener = (ws, req) => {
      const sid = new URL(req.url ?? '/', 'ws://x').searchParams.get('sessionId') ?? '(none)';
      ws.prependListener('message', (data) => {
        const bytes = toBytes(data);
        this.total++;
        this.received.set(sid, (this.received.get(sid) ?? 0) + 1);
        this.last = { sessionId: sid, bytes, at: performance.now() };
        if (watchdog) {
          watchdog.frameIn(bytes);
          const label = labelOf(sid);
          if (label) watchdog.label(label);
        }
      });
    };
    wss.on('connection', this.listener);
  }

  count(sessionId: string): number {
    return this.received.get(sessionId) ?? 0;
  }

  detach(): void {
    this.wss.removeListener('connection', this.listener as never);
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return new Uint8Array(0);
}

// ─── Uncaught errors ─────────────────────────────────────────────────────────

export interface Fault {
  error: string;
  stack: string;
  /** The frame the server was handling or had handled last, and how long before. */
  frame: string;
  frameAgeMs: number;
  /** The case that sent that frame. */
  frameCase: string;
  /** What the run was doing when it happened (the latest case started). */
  label: string;
}

/** Records uncaught exceptions and unhandled rejections, each with the last tapped frame. */
export class FaultRecorder {
  readonly faults: Fault[] = [];
  label = '';
  private readonly onError = (e: unknown) => this.record(e);

  constructor(
    private readonly tap: () => TappedFrame | null,
    private readonly labelOf: (sessionId: string) => string | undefined = () => undefined,
  ) {
    process.on('uncaughtException', this.onError);
    process.on('unhandledRejection', this.onError);
  }

  record(e: unknown): void {
    const last = this.tap();
    const err = e instanceof Error ? e : new Error(String(e));
    this.faults.push({
      error: `${err.name}: ${err.message}`.slice(0, 300),
      stack: (err.stack ?? '').split('\n').slice(1, 8).join('\n'),
      frame: last ? hex(last.bytes, 200) : '(none)',
      frameAgeMs: last ? Math.round(performance.now() - last.at) : -1,
      frameCase: (last && this.labelOf(last.sessionId)) ?? '(not a fuzz case)',
      label: this.label,
    });
  }

  detach(): void {
    process.off('uncaughtException', this.onError);
    process.off('unhandledRejection', this.onError);
  }
}

// ─── Output meter ────────────────────────────────────────────────────────────

const LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Counts every byte written to stdout, stderr or the console while running,
 * passing at most `passBytes` through (the rest is counted, not shown). Lines
 * from the SDK clients of the test itself (their own warnings) are counted
 * apart, by the caller's stack.
 */
export class OutputMeter {
  serverBytes = 0;
  serverLines = 0;
  clientBytes = 0;
  /** The first lines seen, for the failure message. */
  readonly sample: string[] = [];
  private shown = 0;
  private depth = 0;
  private readonly saved: {
    out: typeof process.stdout.write;
    err: typeof process.stderr.write;
    console: Record<Level, (...a: unknown[]) => void>;
  };

  constructor(private readonly passBytes = 2048) {
    this.saved = {
      out: process.stdout.write,
      err: process.stderr.write,
      console: Object.fromEntries(LEVELS.map((l) => [l, console[l]])) as Record<
        Level,
        (...a: unknown[]) => void
      >,
    };
    const stream = (orig: typeof process.stdout.write, target: NodeJS.WriteStream) =>
      ((chunk: unknown, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        this.count(text, false);
        if (this.pass(text)) return (orig as (...a: unknown[]) => boolean).call(target, chunk, ...rest);
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = stream(this.saved.out, process.stdout);
    process.stderr.write = stream(this.saved.err, process.stderr);
    for (const level of LEVELS) {
      const orig = this.saved.console[level];
      console[level] = (...args: unknown[]) => {
        const fromClient = /@colyseus[\\/]sdk[\\/]/.test(new Error().stack ?? '');
        const before = this.serverBytes;
        this.depth++;
        const text = `${format(...args)}\n`;
        try {
          if (this.pass(text)) orig.apply(console, args);
        } finally {
          this.depth--;
        }
        // A console that wrote through process.stdout/stderr was counted there.
        if (this.serverBytes === before) this.count(text, fromClient);
      };
    }
  }

  private count(text: string, fromClient: boolean): void {
    if (fromClient) {
      this.clientBytes += Buffer.byteLength(text);
      return;
    }
    this.serverBytes += Buffer.byteLength(text);
    this.serverLines += text.split('\n').length - 1 || 1;
    if (this.sample.length < 6) this.sample.push(text.slice(0, 240).replace(/\n/g, '⏎'));
  }

  private pass(text: string): boolean {
    if (this.depth > 1) return true;
    if (this.shown >= this.passBytes) return false;
    this.shown += text.length;
    return true;
  }

  restore(): void {
    process.stdout.write = this.saved.out;
    process.stderr.write = this.saved.err;
    for (const level of LEVELS) console[level] = this.saved.console[level];
  }
}

// ─── Memory ──────────────────────────────────────────────────────────────────

let gcFn: (() => void) | null | undefined;

/** A full GC when it can be had (exposed through V8 flags at run time), else nothing. */
export function collect(): boolean {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  if (!gcFn) return false;
  gcFn();
  gcFn();
  return true;
}

export const rssMb = () => process.memoryUsage.rss() / 1e6;

// ─── Canary ──────────────────────────────────────────────────────────────────

/**
 * A match of its own that no hostile client touches: two real SDK players,
 * started, sending input 30 times a second, the largest gap between state
 * patches measured per window, every disconnection recorded.
 */
export class Canary {
  rooms: SDKRoom[] = [];
  lastPatch = 0;
  maxGapMs = 0;
  patches = 0;
  readonly disconnects: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private heading = 0;

  async start(
    client: () => SDKClient,
    until: (what: string, check: () => boolean, ms?: number) => Promise<void>,
  ) {
    const john = await client().create('match', {
      name: 'Canary John',
      pref: 'escort',
      mode: 'custom',
      bots: true,
      police: 2,
      civilians: 20,
    });
    const t = await client().joinById(john.roomId, { name: 'Canary T', pref: 'hunter' });
    this.rooms = [john, t];
    for (const r of this.rooms) {
      r.reconnection.enabled = false;
      r.onMessage('*', () => undefined);
      r.onLeave((code: number) => this.disconnects.push(`${r.sessionId} left with ${code}`));
      r.onDrop((code: number) => this.disconnects.push(`${r.sessionId} dropped with ${code}`));
      r.onError((code: number, msg?: string) =>
        this.disconnects.push(`${r.sessionId} error ${code} ${msg ?? ''}`),
      );
    }
    t.send('ready', { ready: true });
    const phase = () => (john.state as { phase?: string }).phase;
    await until('canary T ready', () => {
      const p = (john.state as { players?: Map<string, { ready: boolean }> }).players?.get(t.sessionId);
      return p?.ready === true;
    });
    john.send('start');
    await until('canary playing', () => phase() === 'playing', 10_000);
    john.onStateChange(() => this.patch());
    const inputs = this.rooms.map((r) =>
      r.input<{ moveX: number; moveY: number; aim: number; buttons: number }>(),
    );
    this.timer = setInterval(() => {
      this.heading += 0.05;
      inputs.forEach((input, i) => {
        if (!this.rooms[i].connection.isOpen) return;
        input.data.moveX = Math.cos(this.heading + i);
        input.data.moveY = Math.sin(this.heading + i);
        input.data.aim = this.heading;
        input.send();
      });
    }, 1000 / 30);
    this.lastPatch = performance.now();
  }

  private patch(): void {
    const now = performance.now();
    if (this.lastPatch > 0) this.maxGapMs = Math.max(this.maxGapMs, now - this.lastPatch);
    this.lastPatch = now;
    this.patches++;
  }

  /** Start a measuring window. */
  window(): void {
    this.maxGapMs = 0;
    this.patches = 0;
    this.lastPatch = performance.now();
  }

  /** The largest gap so far in the window, counting the time since the last patch. */
  gap(): number {
    return Math.max(this.maxGapMs, performance.now() - this.lastPatch);
  }

  get connected(): boolean {
    return this.rooms.length > 0 && this.rooms.every((r) => r.connection.isOpen);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.rooms.map((r) => (r.connection.isOpen ? r.leave().catch(() => 0) : 0)));
  }
}
