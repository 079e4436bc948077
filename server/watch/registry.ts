/**
 * The matches of this process that can be watched: per match (room id or
 * private code), its current recording's feed and who watches it. The match
 * room opens a feed when its match starts; the watch room reads it. An entry
 * outlives its match room while its feed still has records to release (the
 * delay), then goes.
 */
import type { SpectatorFeed } from './SpectatorFeed.js';

export class Watched {
  /** The feed of the match being played or last played (null in the lobby before the first). */
  feed: SpectatorFeed | null = null;
  /** The match room is gone (ended and closed, or failed). */
  roomGone = false;
  /** Whether someone from an address plays a character still in the match (they may not watch it). */
  playsLive: (address: string) => boolean = () => false;
  /**
   * The match's spectator delay now (s). With none (a private match's
   * default) the same-address rule has nothing to protect: whoever watches
   * sees what any friend watching from elsewhere could tell.
   */
  delay: () => number = () => 0;
  /** Called when the number of watchers changes. */
  onWatchers: ((n: number) => void) | null = null;
  /** The watch rooms of this match (each sends its watchers on when the match moves). */
  readonly rooms = new Set<{ matchMoved(): void }>();
  private readonly addresses = new Map<string, number>();

  constructor(readonly match: string) {}

  /**
   * The match moved to another process of the cluster: its watch rooms send
   * their watchers there (they join the watch room again, made beside the
   * match), and this entry goes.
   */
  moved(): void {
    this.roomGone = true;
    for (const room of [...this.rooms]) room.matchMoved();
    this.rooms.clear();
    if (watched.get(this.match) === this) watched.delete(this.match);
  }

  /** A watcher from `address` came (+1) or went (−1). */
  watcher(address: string, delta: 1 | -1): void {
    const n = (this.addresses.get(address) ?? 0) + delta;
    if (n > 0) this.addresses.set(address, n);
    else this.addresses.delete(address);
    this.onWatchers?.(this.watchers);
    this.sweep();
  }

  get watchers(): number {
    let n = 0;
    for (const c of this.addresses.values()) n += c;
    return n;
  }

  /** Whether someone from `address` watches this match. */
  watchedFrom(address: string): boolean {
    return this.addresses.has(address);
  }

  /** Forget the entry once nothing needs it: room gone, feed released to its end (or none), no watcher. */
  sweep(): void {
    if (this.roomGone && (this.feed === null || this.feed.finished) && this.addresses.size === 0) {
      if (watched.get(this.match) === this) watched.delete(this.match);
    }
  }
}

const watched = new Map<string, Watched>();

/** The entry of a match, made when `create` (by the match room) — a watch room only finds one. */
export function watchedMatch(match: string, create: true): Watched;
export function watchedMatch(match: string, create?: false): Watched | undefined;
export function watchedMatch(match: string, create = false): Watched | undefined {
  let w = watched.get(match);
  if (!w && create) {
    w = new Watched(match);
    watched.set(match, w);
  }
  return w;
}

/** Entries alive (for tests and /stats). */
export const watchedCount = (): number => watched.size;
