/**
 * A watchdog for a fuzz run whose server shares the test's process: if the
 * main thread stops turning (a frame made the server loop forever) or the
 * process grows past a limit (a frame made it allocate without bound), a
 * worker thread writes what was going on — the last frame the server
 * received, the case being run, and where the main thread is stuck (a
 * debugger pause through the inspector) — to stderr and to a file, then kills
 * the process so the run fails instead of hanging the machine.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Bytes of the last frame kept (the transport's limit is 4 KiB; longer frames are cut). */
const FRAME_MAX = 4200;
const LABEL_MAX = 2048;
// Int32 slots: 0 heartbeat, 1 frame length, 2 label length, 3 stop flag, 4 frame age slot (unused)
const HEADER = 8 * 4;

const WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const inspector = require('node:inspector');
const { sab, frameMax, labelMax, header, stallMs, rssLimit, reportPath } = workerData;
const ints = new Int32Array(sab, 0, 8);
const frame = new Uint8Array(sab, header, frameMax);
const label = new Uint8Array(sab, header + frameMax, labelMax);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let last = Atomics.load(ints, 0);
let lastChange = Date.now();
function text() {
  const n = Atomics.load(ints, 1);
  const shown = Math.min(n, frameMax);
  const hex = Buffer.from(frame.subarray(0, Math.min(shown, 512))).toString('hex');
  const l = Buffer.from(label.subarray(0, Math.min(Atomics.load(ints, 2), labelMax))).toString('utf8');
  return { hex: hex + (n > 512 ? '…(' + n + ' bytes)' : ''), label: l };
}
function stackOfMain(cb) {
  let done = false;
  const finish = (s) => { if (!done) { done = true; cb(s); } };
  setTimeout(() => finish('(no stack: the debugger did not answer)'), 2000);
  try {
    const session = new inspector.Session();
    session.connectToMainThread();
    const urls = new Map();
    session.on('Debugger.scriptParsed', (m) => urls.set(m.params.scriptId, m.params.url));
    session.on('Debugger.paused', (m) => {
      const frames = m.params.callFrames.slice(0, 14).map((f) => {
        const url = (f.url || urls.get(f.location.scriptId) || '?').replace(/^file:\\/\\//, '');
        return '    at ' + (f.functionName || '(anonymous)') + ' (' + url + ':' + (f.location.lineNumber + 1) + ')';
      });
      finish(frames.join('\\n'));
    });
    session.post('Debugger.enable', () => session.post('Debugger.pause'));
  } catch (e) {
    finish('(no stack: ' + e.message + ')');
  }
}
function die(why) {
  const t = text();
  stackOfMain((stack) => {
    const report = [
      '',
      '=== FUZZ WATCHDOG: ' + why + ' ===',
      'case: ' + t.label,
      'last frame the server received (hex): ' + t.hex,
      'main thread stack:',
      stack,
      'report also written to ' + reportPath,
      '',
    ].join('\\n');
    try { fs.writeSync(2, report); } catch {}
    try { fs.writeFileSync(reportPath, report); } catch {}
    process.kill(process.pid, 'SIGKILL');
  });
}
for (;;) {
  Atomics.wait(sleeper, 0, 0, 200);
  if (Atomics.load(ints, 3) === 1) break;
  const beat = Atomics.load(ints, 0);
  const now = Date.now();
  if (beat !== last) { last = beat; lastChange = now; }
  const rss = process.memoryUsage.rss();
  if (rss > rssLimit) { die('process memory ' + Math.round(rss / 1e6) + ' MB passed the limit of ' + Math.round(rssLimit / 1e6) + ' MB'); break; }
  if (now - lastChange > stallMs) { die('the main thread has not turned for ' + (now - lastChange) + ' ms (a hang)'); break; }
}
`;

export class Watchdog {
  private readonly sab = new SharedArrayBuffer(HEADER + FRAME_MAX + LABEL_MAX);
  private readonly ints = new Int32Array(this.sab, 0, 8);
  private readonly frame = new Uint8Array(this.sab, HEADER, FRAME_MAX);
  private readonly labelBytes = new Uint8Array(this.sab, HEADER + FRAME_MAX, LABEL_MAX);
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly reportPath = join(tmpdir(), `fuzz-watchdog-${process.pid}.txt`);

  /** Start watching: a stall longer than `stallMs`, or RSS above `rssLimitBytes`, ends the process. */
  start(stallMs: number, rssLimitBytes: number): void {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        sab: this.sab,
        frameMax: FRAME_MAX,
        labelMax: LABEL_MAX,
        header: HEADER,
        stallMs,
        rssLimit: rssLimitBytes,
        reportPath: this.reportPath,
      },
    });
    this.worker.unref();
    this.timer = setInterval(() => Atomics.add(this.ints, 0, 1), 50);
    this.timer.unref();
  }

  /** The frame the server is about to handle. */
  frameIn(bytes: Uint8Array): void {
    const n = Math.min(bytes.length, FRAME_MAX);
    this.frame.set(n === bytes.length ? bytes : bytes.subarray(0, n));
    Atomics.store(this.ints, 1, bytes.length);
  }

  /** What the run is doing now (shown if it hangs). */
  label(text: string): void {
    const b = Buffer.from(text.slice(0, LABEL_MAX / 2), 'utf8');
    const n = Math.min(b.length, LABEL_MAX);
    this.labelBytes.set(b.subarray(0, n));
    Atomics.store(this.ints, 2, n);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    Atomics.store(this.ints, 3, 1);
    await this.worker?.terminate();
    this.worker = null;
  }
}

/** A small helper for tests: write a text file next to the watchdog's report (used for failure details). */
export function writeReport(name: string, text: string): string {
  const path = join(tmpdir(), name);
  writeFileSync(path, text);
  return path;
}
