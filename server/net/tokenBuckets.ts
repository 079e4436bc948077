/**
 * A token bucket per address: `burst` tokens at most, refilled at
 * `perSecond`. Taking a token either succeeds or says how long until one is
 * there. The clock is injectable for tests.
 */
import { BoundedTable } from './boundedTable.js';

export interface Rate {
  /** Tokens a full bucket holds: requests allowed at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Addresses tracked at once per table (the least recently seen are forgotten first). */
export const MAX_TRACKED = 20_000;

export class TokenBuckets {
  private readonly table: BoundedTable<Bucket>;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = Date.now,
    cap = MAX_TRACKED,
  ) {
    this.table = new BoundedTable<Bucket>(cap, (b, t) => this.level(b, t) >= rate.burst);
  }

  private level(b: Bucket, t: number): number {
    return Math.min(this.rate.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * this.rate.perSecond);
  }

  private bucket(key: string): Bucket {
    const t = this.now();
    const b = this.table.use(key, t, () => ({ tokens: this.rate.burst, at: t }));
    b.tokens = this.level(b, t);
    b.at = t;
    return b;
  }

  private waitFor(b: Bucket): number {
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / this.rate.perSecond) * 1000);
  }

  /** Take a token: 0 if there was one, else the milliseconds until there is (nothing taken). */
  take(key: string): number {
    const b = this.bucket(key);
    const wait = this.waitFor(b);
    if (wait === 0) b.tokens -= 1;
    return wait;
  }

  /** Milliseconds until a token is there (0: now), taking none. */
  wait(key: string): number {
    return this.waitFor(this.bucket(key));
  }

  /** Take `n` tokens whether or not they are there: a debt the refill pays back first. */
  charge(key: string, n = 1): void {
    this.bucket(key).tokens -= n;
  }

  /** Addresses tracked (for tests and stats). */
  get size(): number {
    return this.table.size;
  }
}
