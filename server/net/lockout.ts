/**
 * Failed attempts per address — a wrong password, a room code or id that
 * does not exist, a reconnection token that is not valid — with lock-outs.
 *
 * Each failure adds one to the address's score, and the score goes down by
 * one every `forgiveMs` (successes change nothing: a guesser cannot wash its
 * record with a join it is allowed). The first `free` failures cost
 * nothing; each one after that locks the address out for `baseMs`, doubled
 * per failure over the free ones, at most `maxMs`.
 */
import { BoundedTable } from './boundedTable.js';
import { MAX_TRACKED } from './tokenBuckets.js';

export interface LockoutPolicy {
  /** Failures allowed before the first lock-out. */
  free: number;
  /** The first lock-out, in ms. */
  baseMs: number;
  /** The longest lock-out, in ms. */
  maxMs: number;
  /** One failure is forgiven per this many ms. */
  forgiveMs: number;
}

interface Record {
  score: number;
  at: number;
  until: number;
}

/** The first lock-out: two seconds. */
export const FIRST_LOCKOUT_MS = 2000;

export class Lockout {
  private readonly table: BoundedTable<Record>;

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
    cap = MAX_TRACKED,
  ) {
    this.table = new BoundedTable<Record>(cap, (r, t) => this.decayed(r, t) === 0 && r.until <= t);
  }

  private decayed(r: Record, t: number): number {
    return Math.max(0, r.score - Math.max(0, t - r.at) / this.policy.forgiveMs);
  }

  /** Milliseconds the address is still locked out for (0: not locked). */
  retryAfter(key: string): number {
    const r = this.table.peek(key);
    return r ? Math.max(0, r.until - this.now()) : 0;
  }

  /** Record a failure; returns the lock-out it earned, in ms (0: still free). */
  fail(key: string): number {
    const t = this.now();
    const r = this.table.use(key, t, () => ({ score: 0, at: t, until: 0 }));
    r.score = this.decayed(r, t) + 1;
    r.at = t;
    const over = Math.ceil(r.score - this.policy.free);
    if (over <= 0) return 0;
    const { baseMs, maxMs } = this.policy;
    const lock = Math.min(maxMs, baseMs * 2 ** Math.min(over - 1, 40));
    r.until = Math.max(r.until, t + lock);
    return lock;
  }

  /** Addresses tracked (for tests and stats). */
  get size(): number {
    return this.table.size;
  }
}
