/**
 * Per-address state with bounded memory. Entries are kept in order of last
 * use; a full table forgets its least recently used entry, and each new
 * entry first sweeps a few of the oldest that have gone idle (whose state
 * is what a fresh entry would have). A flood of made-up addresses therefore
 * costs at most `cap` entries, and a quiet server keeps almost none.
 */

/** Oldest entries looked at for idleness when a new one is added. */
const SWEEP = 16;

export class BoundedTable<V> {
  private readonly map = new Map<string, V>();

  constructor(
    private readonly cap: number,
    private readonly isIdle: (value: V, now: number) => boolean,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The keys, the least recently used first. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** The entry of `key` without touching it. */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  /** The entry of `key`, made by `create` if there is none, now the most recently used. */
  use(key: string, now: number, create: () => V): V {
    let value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
    } else {
      this.sweep(now);
      if (this.map.size >= this.cap) this.map.delete(this.map.keys().next().value as string);
      value = create();
    }
    this.map.set(key, value);
    return value;
  }

  /** Drop idle entries among the oldest few. */
  sweep(now: number): void {
    let looked = 0;
    for (const [key, value] of this.map) {
      if (looked++ >= SWEEP) break;
      if (this.isIdle(value, now)) this.map.delete(key);
    }
  }
}
