/**
 * A development switch that makes the network worse on purpose: every
 * WebSocket frame, both ways, is held for half the round trip, and a share
 * of frames is "lost" and retransmitted the way TCP does it — after a
 * retransmission timeout, holding back every frame behind it (head-of-line
 * blocking). Turned on with `?rtt=100&loss=2` (milliseconds, percent) or
 * `localStorage['lm.netsim'] = '100,2'`; it must be installed before the SDK
 * is loaded, because the SDK takes `WebSocket` when its module runs.
 */

export interface NetSimOptions {
  /** Round-trip time to add, ms. */
  rtt: number;
  /** Share of frames lost and retransmitted, 0–1. */
  loss: number;
  /** ± jitter on each one-way delay, ms. */
  jitter: number;
}

/** Counters a test can read from `window.__lmNetSim`. */
export interface NetSimStats extends NetSimOptions {
  sent: number;
  received: number;
  lost: number;
}

/** TCP's minimum retransmission timeout on Linux. */
const MIN_RTO = 200;

/** When a frame sent at `now` is delivered, given the previous delivery (order is kept) and the dice. */
export function deliveryTime(
  now: number,
  previous: number,
  opts: NetSimOptions,
  lossRoll: number,
  jitterRoll: number,
): number {
  const oneWay = opts.rtt / 2 + (jitterRoll * 2 - 1) * opts.jitter;
  const lost = lossRoll < opts.loss;
  const retransmit = lost ? Math.max(MIN_RTO, 2 * opts.rtt) + opts.rtt / 2 : 0;
  return Math.max(previous, now + Math.max(0, oneWay) + retransmit);
}

/** Reads `rtt`/`loss` from the query string or localStorage; null when off. */
export function netSimFromUrl(search: string, stored: string | null): NetSimOptions | null {
  const q = new URLSearchParams(search);
  let rtt = Number(q.get('rtt') ?? Number.NaN);
  let loss = Number(q.get('loss') ?? Number.NaN);
  if (Number.isNaN(rtt) && Number.isNaN(loss) && stored) {
    const [a, b] = stored.split(',');
    rtt = Number(a);
    loss = Number(b ?? 0);
  }
  if (!(rtt > 0) && !(loss > 0)) return null;
  return {
    rtt: Math.min(2000, Math.max(0, rtt || 0)),
    loss: Math.min(0.5, Math.max(0, (loss || 0) / 100)),
    jitter: Math.min(20, (rtt || 0) * 0.1),
  };
}

/**
 * Frames of one direction, delivered strictly in the order they were sent.
 * One timer per frame is not enough: browsers truncate a delay to whole
 * milliseconds, so two frames due at the same instant (every frame held
 * behind a lost one is) but queued a fraction of a millisecond apart could
 * fire the wrong way round — a state patch decoded before the state it
 * patches, which Colyseus reports as "refId not found".
 */
export class Lane {
  private readonly queue: { at: number; fn: () => void }[] = [];
  private timer = false;
  /** When the last frame queued is due (the next cannot be earlier). */
  last = 0;

  push(at: number, fn: () => void): void {
    this.last = Math.max(this.last, at);
    this.queue.push({ at: this.last, fn });
    if (!this.timer) this.wait();
  }

  private wait(): void {
    const head = this.queue[0];
    if (!head) return;
    this.timer = true;
    // Rounded up: a timer that fires a fraction early would only be set again.
    setTimeout(() => this.drain(), Math.max(0, Math.ceil(head.at - performance.now())));
  }

  private drain(): void {
    this.timer = false;
    const now = performance.now();
    try {
      while (this.queue.length > 0 && this.queue[0].at <= now) this.queue.shift()!.fn();
    } finally {
      // A handler that throws is reported as before, and the frames behind it still come.
      this.wait();
    }
  }
}

/** Replaces `globalThis.WebSocket` with one that delays and "loses" frames. */
export function installNetSim(opts: NetSimOptions): NetSimStats {
  const Native = globalThis.WebSocket;
  const stats: NetSimStats = { ...opts, sent: 0, received: 0, lost: 0 };
  const roll = (): number => {
    const r = Math.random();
    if (r < opts.loss) stats.lost++;
    return r;
  };

  class LaggyWebSocket extends Native {
    private readonly inbound = new Lane();
    private readonly outbound = new Lane();

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // The SDK assigns onmessage / onclose; keep its handlers and call them late.
      let onmessage: ((ev: MessageEvent) => void) | null = null;
      let onclose: ((ev: CloseEvent) => void) | null = null;
      Object.defineProperty(this, 'onmessage', { get: () => onmessage, set: (fn) => (onmessage = fn) });
      Object.defineProperty(this, 'onclose', { get: () => onclose, set: (fn) => (onclose = fn) });
      super.addEventListener('message', (ev) => this.later('in', () => onmessage?.call(this, ev)));
      // A close arrives after the frames sent before it.
      super.addEventListener('close', (ev) => this.later('in', () => onclose?.call(this, ev), true));
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      // Copy: the SDK reuses its encode buffer for the next frame.
      const copy = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
        : data;
      stats.sent++;
      this.later('out', () => {
        if (this.readyState === Native.OPEN) super.send(copy);
      });
    }

    private later(dir: 'in' | 'out', fn: () => void, noLoss = false): void {
      const lane = dir === 'in' ? this.inbound : this.outbound;
      const at = deliveryTime(performance.now(), lane.last, opts, noLoss ? 1 : roll(), Math.random());
      if (dir === 'in') stats.received++;
      lane.push(at, fn);
    }
  }

  globalThis.WebSocket = LaggyWebSocket as typeof WebSocket;
  (globalThis as { __lmNetSim?: NetSimStats }).__lmNetSim = stats;
  return stats;
}
