import { describe, expect, it } from 'vitest';
import { PlaybackClock } from '../../../client/src/net/PlaybackClock.js';

const opts = { delay: 0.1, maxWarp: 0.08, snapError: 0.5, window: 2 };

describe('PlaybackClock', () => {
  it('draws remote entities the interpolation delay behind the newest server time', () => {
    const c = new PlaybackClock(opts);
    c.observe(10, 100);
    expect(c.renderTime(100)).toBeCloseTo(9.9);
    expect(c.renderTime(100.5)).toBeCloseTo(10.4);
  });

  it('advances at the speed of local time when patches arrive on time', () => {
    const c = new PlaybackClock(opts);
    let prev = Number.NaN;
    for (let i = 0; i < 100; i++) {
      const local = 100 + i / 60;
      if (i % 3 === 0) c.observe(10 + i / 60 + 0.001 * Math.sin(i), local);
      const r = c.renderTime(local);
      if (!Number.isNaN(prev)) expect(r - prev).toBeGreaterThan(0);
      prev = r;
    }
  });

  it('jitter and a retransmission stall neither stop nor jump playback', () => {
    const c = new PlaybackClock(opts);
    const arrivals: { st: number; at: number }[] = [];
    for (let k = 0; k < 80; k++) {
      const st = k * 0.05;
      // Every third patch is 60 ms late; a loss at 2.0 s holds 2.0–2.2 s back until 2.25 s (TCP).
      let at = k % 3 === 0 ? st + 0.06 : st;
      if (st >= 2 && st < 2.25) at = 2.25;
      arrivals.push({ st, at });
    }
    arrivals.sort((a, b) => a.at - b.at);
    const seen: number[] = [];
    let next = 0;
    for (let i = 0; i < 230; i++) {
      const local = i / 60;
      while (next < arrivals.length && arrivals[next].at <= local) {
        c.observe(50 + arrivals[next].st, arrivals[next].at);
        next++;
      }
      if (c.ready) seen.push(c.renderTime(local));
    }
    expect(seen.length).toBeGreaterThan(200);
    for (let i = 1; i < seen.length; i++) {
      const step = seen[i] - seen[i - 1];
      expect(step).toBeGreaterThan((1 / 60) * 0.98);
      expect(step).toBeLessThan((1 / 60) * 1.02);
    }
  });

  it('catches up gradually when the server turns out to be ahead', () => {
    const c = new PlaybackClock(opts);
    c.observe(10, 100);
    c.renderTime(100);
    c.observe(10.3, 100.05);
    const a = c.renderTime(100.05);
    const b = c.renderTime(100.1);
    expect(b - a).toBeGreaterThan(0.05);
    expect(b - a).toBeLessThan(0.05 * 1.1);
  });

  it('snaps when it is far off (after a long stall)', () => {
    const c = new PlaybackClock(opts);
    c.observe(10, 100);
    c.renderTime(100);
    c.observe(20, 101);
    expect(c.renderTime(101)).toBeCloseTo(19.9);
  });
});
