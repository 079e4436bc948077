/**
 * Logs that cannot be used against the server. Every line is short (no
 * payload dumps, objects shown shallowly), each reason has its own budget per
 * window, and the whole process has one too: a client that makes the server
 * complain a thousand times a second costs a handful of lines and a count of
 * what was left out.
 *
 * `installConsoleGuard()` routes `console.*` — which Colyseus, its schema
 * decoder and our own code write to — through the same limits.
 */
import { formatWithOptions, type InspectOptions } from 'node:util';

/** Characters a log line may have; the rest is cut and marked. */
export const MAX_LINE = 400;
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

type Sink = (line: string) => void;

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
  write(reason: string, text: string): boolean {
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
    this.sink(clip(text));
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

const stderrSink: Sink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** The process's log: everything the server writes goes through it. */
export const serverLog = new BoundedLog(stderrSink);

/** Log `text` under `reason`, within the limits. */
export function logLine(reason: string, text: string): void {
  serverLog.write(reason, text);
}

let guarded = false;

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
      serverLog.write(`console.${level}:${text.slice(0, 40).replace(/\d+/g, '#')}`, text);
    };
  }
}
