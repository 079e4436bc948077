import { describe, expect, it } from 'vitest';
import { deliveryTime, netSimFromUrl } from '../../../client/src/net/netSim.js';

const opts = { rtt: 100, loss: 0.02, jitter: 0 };

describe('the network simulator', () => {
  it('holds a frame for half the round trip', () => {
    expect(deliveryTime(1000, 0, opts, 0.5, 0.5)).toBe(1050);
  });

  it('a lost frame arrives after a retransmission timeout, and frames behind it wait (TCP)', () => {
    const lost = deliveryTime(1000, 0, opts, 0.01, 0.5);
    expect(lost).toBeGreaterThanOrEqual(1000 + 50 + 200);
    const next = deliveryTime(1010, lost, opts, 0.9, 0.5);
    expect(next).toBe(lost);
  });

  it('never reorders frames', () => {
    let prev = 0;
    for (let i = 0; i < 200; i++) {
      const at = deliveryTime(
        i * 16,
        prev,
        { rtt: 100, loss: 0.1, jitter: 20 },
        (i * 0.37) % 1,
        (i * 0.61) % 1,
      );
      expect(at).toBeGreaterThanOrEqual(prev);
      prev = at;
    }
  });

  it('is switched on by the address or by storage, and off otherwise', () => {
    expect(netSimFromUrl('?rtt=100&loss=2', null)).toEqual({ rtt: 100, loss: 0.02, jitter: 10 });
    expect(netSimFromUrl('', '150,1')).toMatchObject({ rtt: 150, loss: 0.01 });
    expect(netSimFromUrl('', null)).toBeNull();
    expect(netSimFromUrl('?rtt=0', null)).toBeNull();
    expect(netSimFromUrl('?rtt=99999&loss=90', null)).toMatchObject({ rtt: 2000, loss: 0.5 });
  });
});
