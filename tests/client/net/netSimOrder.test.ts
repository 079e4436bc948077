/**
 * The network simulator must hand the SDK its frames in the order they came:
 * a patch decoded before the state it patches (or before the one before it)
 * is what Colyseus reports as "refId not found … Please report this issue".
 * Browsers truncate a timer's delay to whole milliseconds, so two frames due
 * at the same instant (every frame behind a lost one is) but scheduled a
 * fraction of a millisecond apart used to fire in the wrong order.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installNetSim } from '../../../client/src/net/netSim.js';

/** A clock and timers that behave as the browser's: delays truncated to whole ms (WebIDL `long`). */
function browserTimers() {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimeout: (fn: () => void, delay = 0) => {
      timers.push({ at: now + Math.max(0, Math.trunc(delay)), seq: seq++, fn });
      return seq;
    },
    /** Moves the clock to `t`, firing every timer due by then in the browser's order. */
    advance(t: number) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.fn();
      }
      now = t;
    },
  };
}

class FakeSocket extends EventTarget {
  static readonly OPEN = 1;
  readyState = 1;
  constructor(
    readonly url: string | URL,
    readonly protocols?: string | string[],
  ) {
    super();
  }
  send(): void {}
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the network simulator keeps the order of frames', () => {
  it('frames held behind a lost one are delivered after it, in order', () => {
    const t = browserTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('setTimeout', t.setTimeout);
    vi.stubGlobal('performance', { now: t.now });
    // Each frame draws a loss roll then a jitter roll: the first frame is lost, no other.
    const rolls = [0, 0.5];
    vi.spyOn(Math, 'random').mockImplementation(() => rolls.shift() ?? 0.99);
    installNetSim({ rtt: 100, loss: 0.02, jitter: 0 });
    const ws = new (globalThis.WebSocket as unknown as typeof FakeSocket)('ws://test') as FakeSocket & {
      onmessage: ((ev: MessageEvent) => void) | null;
    };
    const got: number[] = [];
    ws.onmessage = (ev) => got.push(ev.data as number);
    // The state, then patches arriving every 0.3 ms or so (fractions of a millisecond apart).
    for (let i = 0; i < 20; i++) {
      t.advance(i * 0.35);
      ws.dispatchEvent(new MessageEvent('message', { data: i }));
    }
    t.advance(2000);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('a close comes after every frame before it', () => {
    const t = browserTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('setTimeout', t.setTimeout);
    vi.stubGlobal('performance', { now: t.now });
    const rolls = [0, 0.5];
    vi.spyOn(Math, 'random').mockImplementation(() => rolls.shift() ?? 0.99);
    installNetSim({ rtt: 100, loss: 0.02, jitter: 0 });
    const ws = new (globalThis.WebSocket as unknown as typeof FakeSocket)('ws://test') as FakeSocket & {
      onmessage: ((ev: MessageEvent) => void) | null;
      onclose: ((ev: Event) => void) | null;
    };
    const got: string[] = [];
    ws.onmessage = (ev) => got.push(`m${ev.data}`);
    ws.onclose = () => got.push('close');
    ws.dispatchEvent(new MessageEvent('message', { data: 0 }));
    t.advance(0.6);
    ws.dispatchEvent(new MessageEvent('message', { data: 1 }));
    t.advance(0.9);
    ws.dispatchEvent(new Event('close'));
    t.advance(2000);
    expect(got).toEqual(['m0', 'm1', 'close']);
  });
});
