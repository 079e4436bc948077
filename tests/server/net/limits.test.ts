import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedTable } from '../../../server/net/boundedTable.js';
import { Connections } from '../../../server/net/connections.js';
import { Lockout } from '../../../server/net/lockout.js';
import { TokenBuckets } from '../../../server/net/tokenBuckets.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A socket that only needs to close. */
const socket = () => new Duplex({ read() {}, write: (_c, _e, cb) => cb() });

describe('token buckets', () => {
  it('allow the burst at once, then one per refill interval, and say how long to wait', () => {
    const c = clock();
    const b = new TokenBuckets({ burst: 3, perSecond: 0.1 }, c.now);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBe(10_000);
    c.advance(4000);
    expect(b.take('a')).toBe(6000);
    c.advance(6000);
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(10_000);
  });

  it('keep addresses apart', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 1 }, clock().now);
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBeGreaterThan(0);
    expect(b.take('b')).toBe(0);
  });

  it('never refill beyond the burst', () => {
    const c = clock();
    const b = new TokenBuckets({ burst: 2, perSecond: 1 }, c.now);
    b.take('a');
    c.advance(3_600_000);
    expect([b.take('a'), b.take('a')]).toEqual([0, 0]);
    expect(b.take('a')).toBeGreaterThan(0);
  });

  it('wait() takes nothing; charge() may run into a debt the refill pays first', () => {
    const c = clock();
    const b = new TokenBuckets({ burst: 1, perSecond: 1 }, c.now);
    expect(b.wait('a')).toBe(0);
    expect(b.wait('a')).toBe(0);
    b.charge('a', 3);
    expect(b.wait('a')).toBe(3000);
    c.advance(3000);
    expect(b.take('a')).toBe(0);
  });

  it('hold at most their cap of addresses, however many come', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 0.001 }, clock().now, 100);
    for (let i = 0; i < 10_000; i++) b.take(`2001:db8:${i.toString(16)}::/64`);
    expect(b.size).toBe(100);
  });

  it('forget addresses whose bucket has refilled, as new ones arrive', () => {
    const c = clock();
    const b = new TokenBuckets({ burst: 1, perSecond: 1 }, c.now, 1000);
    for (let i = 0; i < 10; i++) b.take(`old${i}`);
    c.advance(1000);
    b.take('new');
    expect(b.size).toBe(1);
  });
});

describe('lock-out', () => {
  const policy = { free: 5, baseMs: 2000, maxMs: 900_000, forgiveMs: 900_000 };

  it('lets the first failures go, then locks out for 2 s, 4 s, 8 s … at most 15 minutes', () => {
    const c = clock();
    const l = new Lockout(policy, c.now);
    const locks: number[] = [];
    for (let i = 0; i < 20; i++) {
      c.advance(l.retryAfter('a'));
      locks.push(l.fail('a'));
    }
    expect(locks.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(locks.slice(5, 9)).toEqual([2000, 4000, 8000, 16000]);
    // While it waits, the address is forgiven a little, so a step may repeat; it never goes back.
    for (let i = 6; i < locks.length; i++) expect(locks[i]).toBeGreaterThanOrEqual(locks[i - 1]);
    expect(locks.slice(-3)).toEqual([900_000, 900_000, 900_000]);
  });

  it('reports the time left of a lock-out, and none for another address', () => {
    const c = clock();
    const l = new Lockout({ ...policy, free: 0 }, c.now);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(2000);
    c.advance(500);
    expect(l.retryAfter('a')).toBe(1500);
    expect(l.retryAfter('b')).toBe(0);
    c.advance(1500);
    expect(l.retryAfter('a')).toBe(0);
  });

  it('forgives one failure per 15 minutes, not at once', () => {
    const c = clock();
    const l = new Lockout(policy, c.now);
    for (let i = 0; i < 6; i++) l.fail('a');
    c.advance(900_000);
    expect(l.fail('a')).toBe(2000);
    c.advance(2 * 900_000);
    expect(l.fail('a')).toBe(0);
  });

  it('holds a guesser from one address to 14 guesses in a 15-minute match and 110 in a day', () => {
    const c = clock();
    const l = new Lockout(policy, c.now);
    const start = c.now();
    /** Guesses made, as fast as the lock-outs allow, until `ms` after the start. */
    const guessesBy = (ms: number) => {
      let n = 0;
      while (c.now() + l.retryAfter('a') - start <= ms) {
        c.advance(l.retryAfter('a'));
        l.fail('a');
        n++;
      }
      return n;
    };
    expect(guessesBy(15 * 60_000)).toBe(14);
    expect(guessesBy(24 * 3_600_000)).toBe(96);
  });

  it('holds at most its cap of addresses', () => {
    const l = new Lockout(policy, clock().now, 50);
    for (let i = 0; i < 1000; i++) l.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(l.size).toBe(50);
  });
});

describe('bounded table', () => {
  it('forgets the least recently used entry when full', () => {
    const t = new BoundedTable<number>(2, () => false);
    t.use('a', 0, () => 1);
    t.use('b', 0, () => 2);
    t.use('a', 0, () => 9);
    t.use('c', 0, () => 3);
    expect([t.peek('a'), t.peek('b'), t.peek('c')]).toEqual([1, undefined, 3]);
  });
});

describe('live connections', () => {
  it('are counted per address and in all until their socket closes', async () => {
    const c = new Connections(2, 3);
    const s = [socket(), socket(), socket()];
    expect(c.admit('a', s[0])).toBeNull();
    expect(c.admit('a', s[1])).toBeNull();
    expect(c.admit('a', socket())).toBe('address');
    expect(c.admit('b', s[2])).toBeNull();
    expect(c.admit('c', socket())).toBe('process');
    s[0].destroy();
    await new Promise((r) => setImmediate(r));
    expect(c.of('a')).toBe(1);
    expect(c.admit('c', socket())).toBeNull();
    expect(c.count).toBe(3);
  });
});
