/**
 * A raw client for hostile traffic: matchmaking over HTTP as the SDK does it
 * (`POST /matchmake/<method>/<room>`), then a plain WebSocket to the room, so
 * any bytes can be sent at any moment — before the join is acknowledged,
 * after leaving, with another client's session id. Used by the fuzz test, the
 * hostile benchmark and the soak. Node 22's global WebSocket and fetch only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { MatchMethod } from './hostileFrames.js';

/** A seat reservation as the matchmaker answers it. */
export interface Seat {
  name: string;
  roomId: string;
  processId: string;
  sessionId: string;
  reconnectionToken?: string;
}

export type Reservation =
  | { ok: true; seat: Seat; ms: number }
  /** status: the HTTP status (0 = no answer); code: the matchmaker's error code. */
  | { ok: false; status: number; code: number | undefined; error: string; ms: number };

/** Ask the matchmaker for a seat (create, join, joinById, joinOrCreate, reconnect). */
export async function reserve(
  httpBase: string,
  method: MatchMethod | 'reconnect',
  roomNameOrId: string,
  options: unknown,
  timeoutMs = 5000,
): Promise<Reservation> {
  const t0 = performance.now();
  let body: string;
  try {
    body = JSON.stringify(options ?? {});
  } catch {
    body = '{}';
  }
  try {
    const res = await fetch(`${httpBase}/matchmake/${method}/${encodeURIComponent(roomNameOrId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: reported by status
    }
    const ms = performance.now() - t0;
    if (res.ok && typeof json.sessionId === 'string') return { ok: true, seat: json as unknown as Seat, ms };
    const code = typeof json.code === 'number' ? json.code : undefined;
    const error = typeof json.error === 'string' ? json.error : text.slice(0, 120);
    return { ok: false, status: res.status, code, error, ms };
  } catch (e) {
    return { ok: false, status: 0, code: undefined, error: (e as Error).message, ms: performance.now() - t0 };
  }
}

export interface ClosedInfo {
  code: number;
  reason: string;
  /** performance.now() when the socket closed. */
  at: number;
}

/**
 * One raw WebSocket to a room. `joined` resolves when the server's JOIN_ROOM
 * arrives (true) or the socket closes first (false); the client acknowledges
 * the join only when asked (`ackJoin`), so it can stay "joining" on purpose.
 */
export class RawConn {
  readonly ws: WebSocket;
  readonly openedAt = performance.now();
  readonly joined: Promise<boolean>;
  readonly closed: Promise<ClosedInfo>;
  closeInfo: ClosedInfo | null = null;
  /** The reconnection token from the server's JOIN_ROOM (without the room id). */
  token = '';
  framesIn = 0;
  bytesIn = 0;
  pongs = 0;
  framesOut = 0;
  /** The code of each frame the server sent, counted (10 join, 14 state, 15 patch, 13 data, 18 pong...). */
  readonly codesIn = new Map<number, number>();
  private joinedResolve!: (v: boolean) => void;

  constructor(
    wsBase: string,
    readonly seat: Pick<Seat, 'roomId' | 'processId' | 'sessionId'>,
    query: Record<string, string> = {},
  ) {
    const params = new URLSearchParams({ sessionId: seat.sessionId, ...query });
    this.ws = new WebSocket(`${wsBase}/${seat.processId}/${seat.roomId}?${params}`);
    this.ws.binaryType = 'arraybuffer';
    this.joined = new Promise<boolean>((r) => {
      this.joinedResolve = r;
    });
    this.closed = new Promise<ClosedInfo>((resolve) => {
      this.ws.addEventListener('close', (e) => {
        this.closeInfo = { code: e.code, reason: e.reason, at: performance.now() };
        this.joinedResolve(false);
        resolve(this.closeInfo);
      });
    });
    this.ws.addEventListener('error', () => undefined);
    this.ws.addEventListener('message', (e) => {
      const data = e.data;
      if (!(data instanceof ArrayBuffer)) return;
      const b = new Uint8Array(data);
      this.framesIn++;
      this.bytesIn += b.length;
      const code = b[0] & 31;
      this.codesIn.set(code, (this.codesIn.get(code) ?? 0) + 1);
      if (code === 18) this.pongs++;
      if (code === 10 && !this.token) {
        const n = b[1] ?? 0;
        this.token = Buffer.from(b.subarray(2, 2 + n)).toString('utf8');
        this.joinedResolve(true);
      }
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Send raw bytes; false when the socket is not open (nothing sent). */
  send(bytes: Uint8Array): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    try {
      this.ws.send(bytes);
      this.framesOut++;
      return true;
    } catch {
      return false;
    }
  }

  /** Acknowledge JOIN_ROOM, as the SDK does once it has read the handshake. */
  ackJoin(): boolean {
    return this.send(Uint8Array.of(10));
  }

  /** Consented leave (LEAVE_ROOM). */
  leave(): boolean {
    return this.send(Uint8Array.of(12));
  }

  /** This side closed the socket (abort), so its close code is this side's. */
  aborted = false;

  /** Close the socket without a goodbye. */
  abort(): void {
    if (!this.closeInfo) this.aborted = true;
    try {
      this.ws.close();
    } catch {
      // already closing
    }
  }

  /** Wait for the close, at most `ms`; null if still open. */
  async closedWithin(ms: number): Promise<ClosedInfo | null> {
    if (this.closeInfo) return this.closeInfo;
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), ms);
    });
    const v = await Promise.race([this.closed, t]);
    clearTimeout(timer);
    return v;
  }

  /** Wait for the join handshake, at most `ms`. */
  async joinedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), ms);
    });
    const v = await Promise.race([this.joined, t]);
    clearTimeout(timer);
    return v;
  }
}

/**
 * Reserve a seat and open its socket. Resolves with the connection once the
 * server's JOIN_ROOM arrived (acknowledged unless `ack` is false), or with
 * the reservation's refusal.
 */
export async function connect(
  httpBase: string,
  wsBase: string,
  method: MatchMethod | 'reconnect',
  roomNameOrId: string,
  options: unknown,
  { ack = true, timeoutMs = 5000 }: { ack?: boolean; timeoutMs?: number } = {},
): Promise<
  { conn: RawConn; refused?: undefined } | { conn?: undefined; refused: Reservation & { ok: false } }
> {
  const r = await reserve(httpBase, method, roomNameOrId, options, timeoutMs);
  if (!r.ok) return { refused: r };
  const query: Record<string, string> =
    method === 'reconnect' &&
    typeof (options as { reconnectionToken?: unknown }).reconnectionToken === 'string'
      ? { reconnectionToken: (options as { reconnectionToken: string }).reconnectionToken }
      : {};
  const conn = new RawConn(wsBase, r.seat, query);
  const ok = await conn.joinedWithin(timeoutMs);
  if (ok && ack) conn.ackJoin();
  if (!ok) {
    const info = conn.closeInfo;
    conn.abort();
    return {
      refused: {
        ok: false,
        status: 0,
        code: info?.code,
        error: info ? `socket closed ${info.code} before joining` : 'no JOIN_ROOM in time',
        ms: performance.now() - conn.openedAt,
      },
    };
  }
  return { conn };
}

/** Quantile of a list (nearest rank); NaN when empty. */
export function quantileOf(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** GET a JSON route with a deadline; null when it does not answer in time. */
export async function getJson<T = Record<string, unknown>>(
  url: string,
  timeoutMs: number,
): Promise<T | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    return (await res.json()) as T;
  } catch {
    return null;
  }
}

// ─── A server child process (the benchmark's and the soak's) ─────────────────

/** The server (`server/main.ts`) as a child process: its output counted, its exit and memory watched. */
export class ServerChild {
  readonly child: ChildProcess;
  outBytes = 0;
  exitCode: number | null = null;
  exitSignal: string | null = null;
  exitedAt = 0;
  /** The last lines it wrote (for a crash report). */
  readonly tail: string[] = [];
  /** Lines that name an error, with the first frames of their stacks (the first 40). */
  readonly errors: string[] = [];
  private errorLines = 0;
  private stopping = false;

  constructor(
    /** Over this process's environment; an undefined value removes the variable. */
    env: Record<string, string | undefined>,
    private readonly echo = false,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (chunk: Buffer) => {
      this.outBytes += chunk.length;
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.tail.push(line.slice(0, 300));
        // Error lines and the first lines of their stacks.
        if (
          this.errors.length < 40 &&
          (/Error\b|uncaught|Uncaught|FATAL|out of memory/.test(line) ||
            (this.errorLines > 0 && /^\s+at /.test(line)))
        ) {
          this.errors.push(line.slice(0, 300));
          this.errorLines = /^\s+at /.test(line) ? this.errorLines - 1 : 3;
        } else this.errorLines = 0;
      }
      if (this.tail.length > 400) this.tail.splice(0, this.tail.length - 200);
      if (this.echo) process.stderr.write(chunk);
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.child.on('exit', (code, signal) => {
      this.exitCode = code ?? -1;
      this.exitSignal = signal;
      this.exitedAt = performance.now();
    });
  }

  /** It exited by itself (not stopped by us). */
  get crashed(): boolean {
    return this.exitCode !== null && !this.stopping;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resident memory in MB from /proc (Linux), or NaN. */
  async rssMb(): Promise<number> {
    try {
      const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) / 1024 : Number.NaN;
    } catch {
      return Number.NaN;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const late = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(late);
  }
}

/** Wait until `/health` answers, at most `ms`; false if it never did. */
export async function waitHealthy(
  httpBase: string,
  ms = 30_000,
  alive: () => boolean = () => true,
): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < ms && alive()) {
    if (await getJson(`${httpBase}/health`, 1000)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
