/**
 * The baked chunks of the last map drawn, kept for the next view of the
 * same map on the same renderer: Play again, a match moved to another
 * server process, a live view after a replay of it. Baking is the slowest
 * part of opening a match (about a second on a slow machine, with the
 * page frozen meanwhile), and the textures do not change with the match.
 *
 * One map's worth at most: baking another map (or for another renderer)
 * frees the last one as soon as no view uses it any more.
 */
export interface Baked<R, M, T> {
  readonly renderer: R;
  readonly map: M;
  readonly chunks: readonly T[];
  /** Views using these chunks now. */
  users: number;
  /** Replaced by another bake: freed when its last user lets go. */
  stale: boolean;
}

export class BakeCache<R, M, T> {
  private last: Baked<R, M, T> | null = null;
  /** Bakes made (not reused), for tests and the probe. */
  bakes = 0;

  constructor(private readonly free: (chunks: readonly T[]) => void) {}

  /** The chunks of `map` on `renderer`: the last ones if they are those, else baked now. */
  acquire(renderer: R, map: M, bake: () => T[]): Baked<R, M, T> {
    const last = this.last;
    if (last && !last.stale && last.renderer === renderer && last.map === map) {
      last.users++;
      return last;
    }
    if (last) {
      last.stale = true;
      if (last.users === 0) this.free(last.chunks);
    }
    this.bakes++;
    this.last = { renderer, map, chunks: bake(), users: 1, stale: false };
    return this.last;
  }

  /** A view is done with its chunks (they stay for the next view of the map unless replaced). */
  release(b: Baked<R, M, T>): void {
    if (b.users <= 0) return;
    b.users--;
    if (b.users === 0 && b.stale) this.free(b.chunks);
  }
}
