/**
 * Logs that cannot be used against the server. Every line is short (no
 * payload dumps, objects shown shallowly), each reason has its own budget per
 * window, and the whole process has one too: a client that makes the server
 * complain a thousand times a second costs a handful of lines and a count of
 * what was left out.
 *
 * The process's log is structured: one JSON object per line on stderr
 * (pino), `{ level, time, pid, processId?, reason, room?, msg }`. Nothing
 * secret goes in: a private match's room id is its join code, so rooms are
 * named by {@link roomRef} (a private one by a salted, non-reversible tag),
 * and the id of a live private room of this process is replaced by its tag
 * wherever it appears in a message. Passwords, tokens and seeds are never
 * passed to the log.
 *
 * `installConsoleGuard()` routes `console.*` — which Colyseus, its schema
 * decoder and our own code write to — through the same limits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatWithOptions, type InspectOptions } from 'node:util';
import { matchMaker } from '@colyseus/core';
import { pino } from 'pino';
import { clusterStatus } from './cluster/status.js';

/** Characters a log line's message may have; the rest is cut and marked. */
export const MAX_LINE = 400;
/**
 * Characters a whole JSON line may have, at worst: the message (each `"` or
 * `\\` written as two), its reason (80) and room (40) the same way, and the
 * fixed fields.
 */
export const MAX_JSON_LINE = 2 * (MAX_LINE + 80 + 40) + 200;
/** Lines of one reason per window. */
export const PER_REASON = 5;
/** Lines of all reasons together per window. */
export const PER_WINDOW = 60;
/** The window, in ms. */
export const WINDOW_MS = 10_000;
/** Reasons tracked at once (the oldest are forgotten first). */
const MAX_REASONS = 512;

const INSPECT: InspectOptions = {
  depth: 1,
  maxArrayLength: 8,
  maxStringLength: 120,
  breakLength: Number.POSITIVE_INFINITY,
  compact: true,
  colors: false,
};

/** Severity of a line. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** What a line may carry beside its text. */
export interface LogFields {
  /** The room concerned, as {@link roomRef} names it. */
  room?: string;
  /** Default: `error` for a reason naming a fault or an error, else `info`. */
  level?: Level;
}

/** Where a bounded log's lines go: the text (already cut), its reason, its fields. */
type Sink = (line: string, reason: string, fields: LogFields | undefined) => void;

interface Budget {
  used: number;
  dropped: number;
}

/** A rate-limited, length-bounded line writer. */
export class BoundedLog {
  private windowStart = 0;
  private total = 0;
  private droppedTotal = 0;
  private readonly reasons = new Map<string, Budget>();

  constructor(
    private readonly sink: Sink,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Write `text` under `reason` (a short constant naming what happened, with
   * the room or client it concerns). Returns whether it was written.
   */
  write(reason: string, text: string, fields?: LogFields): boolean {
    const t = this.now();
    if (t - this.windowStart >= WINDOW_MS) this.roll(t);
    let b = this.reasons.get(reason);
    if (!b) {
      if (this.reasons.size >= MAX_REASONS) {
        const oldest = this.reasons.keys().next().value as string;
        this.reasons.delete(oldest);
      }
      b = { used: 0, dropped: 0 };
      this.reasons.set(reason, b);
    }
    if (b.used >= PER_REASON || this.total >= PER_WINDOW) {
      b.dropped++;
      this.droppedTotal++;
      return false;
    }
    b.used++;
    this.total++;
    this.sink(clip(text), reason, fields);
    return true;
  }

  /** A new window: say how many lines the last one left out, then start counting again. */
  private roll(t: number): void {
    if (this.droppedTotal > 0) {
      const top = [...this.reasons.entries()]
        .filter(([, b]) => b.dropped > 0)
        .sort((a, b) => b[1].dropped - a[1].dropped)
        .slice(0, 3)
        .map(([r, b]) => `${clip(r, 60)} ×${b.dropped}`);
      this.sink(
        clip(`log: ${this.droppedTotal} lines suppressed in ${WINDOW_MS / 1000} s (${top.join(', ')})`),
        'log-suppressed',
        { level: 'warn' },
      );
    }
    this.windowStart = t;
    this.total = 0;
    this.droppedTotal = 0;
    this.reasons.clear();
  }
}

/** One line, at most `max` characters, control characters made visible. */
export function clip(text: string, max = MAX_LINE): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: making them harmless is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (flat.length <= max) return flat;
  const tail = `… (${flat.length} chars)`;
  return flat.slice(0, Math.max(0, max - tail.length)) + tail;
}

/** Format console-style arguments shallowly: no object is dumped whole. */
export function formatArgs(args: readonly unknown[]): string {
  const shown = args.map((a) => (a instanceof Error ? errorLine(a) : a));
  return formatWithOptions(INSPECT, ...shown);
}

/** An error as one line: its name, message and the first frame of its stack that is ours. */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return clip(String(formatWithOptions(INSPECT, e)), 200);
  const frame = e.stack
    ?.split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => l.startsWith('at ') && !l.includes('node_modules') && !l.includes('node:'));
  return `${e.name}: ${clip(e.message, 200)}${frame ? ` (${clip(frame, 160)})` : ''}`;
}

/** A private room's reference: a salted hash, so logs never hold the code (the salt lives and dies with the process). */
const SALT = randomBytes(16);

/** Room ids that are join codes (server/rooms/MatchRoom.ts: 6 of these characters). */
const CODE_LIKE = /\b[A-HJ-NP-Z2-9]{6}\b/g;

/**
 * How logs name a room: its id when it is public (a Colyseus id, shown in
 * the listing anyway), and `p-` and 8 hex digits of a salted SHA-256 when it
 * is private — its id is its join code. The same room gets the same tag for
 * the process's life, so its lines can be followed; nobody can get the code
 * back from it.
 */
export function roomRef(roomId: string, isPrivate: boolean): string {
  if (!isPrivate) return roomId;
  return `p-${createHash('sha256').update(SALT).update(roomId, 'utf8').digest('hex').slice(0, 8)}`;
}

/** A room's reference (see {@link roomRef}) from the room itself: private by its listing, or by an id shaped like a code. */
export function roomRefOf(room: { roomId: string }): string {
  const listed = (room as { _listing?: { private?: boolean } })._listing?.private === true;
  return roomRef(room.roomId, listed || isCodeShaped(room.roomId));
}

function isCodeShaped(id: string): boolean {
  CODE_LIKE.lastIndex = 0;
  const m = CODE_LIKE.exec(id);
  return m !== null && m[0] === id;
}

/** Whether `id` is the id of a live private room of this process. */
function isLivePrivateRoom(id: string): boolean {
  try {
    const room = matchMaker.getLocalRoomById(id) as unknown as
      | { _listing?: { private?: boolean } }
      | undefined;
    return room?._listing?.private === true;
  } catch {
    return false;
  }
}

/**
 * `text` with the id of every live private room of this process replaced by
 * its tag: a message written before its caller learned to use
 * {@link roomRef} (or one of a library) still gives no code away.
 */
export function redactCodes(text: string): string {
  return text.replace(CODE_LIKE, (id) => (isLivePrivateRoom(id) ? roomRef(id, true) : id));
}

/** Reasons that name a failure are logged as errors unless the caller says otherwise. */
function levelOf(reason: string, fields: LogFields | undefined): Level {
  if (fields?.level) return fields.level;
  return /fault|error|abort/i.test(reason) ? 'error' : 'info';
}

/** Where the JSON lines go (stderr; tests capture them with {@link setLogOutput}). */
let output: (line: string) => void = (line) => {
  process.stderr.write(line);
};

/**
 * Send the process log's JSON lines to `write` instead of stderr (each
 * ends with a newline); returns the function that puts stderr back.
 */
export function setLogOutput(write: (line: string) => void): () => void {
  const before = output;
  output = write;
  return () => {
    output = before;
  };
}

/** The JSON writer: pino, writing each line synchronously to {@link output}. */
const json = pino(
  {
    level: 'debug',
    base: { pid: process.pid },
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    // The cluster's name for this process, once the matchmaker has one.
    mixin: () => (clusterStatus.processId ? { processId: clusterStatus.processId } : {}),
  },
  { write: (line: string) => output(line) },
);

/** The process's sink: one JSON object per line, the message and room made safe. */
const jsonSink: Sink = (line, reason, fields) => {
  const entry: { reason: string; room?: string } = { reason: redactCodes(clip(reason, 80)) };
  if (fields?.room !== undefined) entry.room = clip(fields.room, 40);
  json[levelOf(reason, fields)](entry, redactCodes(line));
};

/** The process's log: everything the server writes goes through it. */
export const serverLog = new BoundedLog(jsonSink);

/**
 * Log `text` under `reason`, within the limits. Name a room in `fields.room`
 * with {@link roomRef} (and in the text, if at all, the same way).
 */
export function logLine(reason: string, text: string, fields?: LogFields): void {
  serverLog.write(reason, text, fields);
}

let guarded = false;

/** What the websocket library says of a frame a client sent that breaks the protocol or the size limit. */
const CLIENT_FRAME =
  /^(Invalid WebSocket frame: |Max payload size exceeded|Unsupported WebSocket frame|Too many (buffered chunks|message fragments))/;

/**
 * A console error that is a client's frame refused by the websocket library
 * (Colyseus prints it with its stack, as an error): the one line worth
 * keeping, or null for any other text. A client's bad frame is not the
 * server's fault, and no host should be alerted by it.
 */
export function clientFrameLine(text: string): string | null {
  if (!CLIENT_FRAME.test(text)) return null;
  return `a client's websocket frame was refused and the client closed: ${text.split('\n')[0]}`;
}

const CONSOLE_LEVEL: Record<'log' | 'info' | 'warn' | 'error' | 'debug', Level> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
};

/**
 * Route `console.log/info/warn/error/debug` through {@link serverLog}: the
 * reason of a console line is its first words, so one repeated complaint
 * (a decoder warning, a library's error) is limited as one reason.
 */
export function installConsoleGuard(): void {
  if (guarded) return;
  guarded = true;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...args: unknown[]) => {
      const text = formatArgs(args);
      const refused = clientFrameLine(text);
      if (refused !== null) return serverLog.write('client-frame', refused, { level: 'info' });
      serverLog.write(`console.${level}:${text.slice(0, 40).replace(/\d+/g, '#')}`, text, {
        level: CONSOLE_LEVEL[level],
      });
    };
  }
}
