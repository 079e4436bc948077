import type { GameMap } from '../../../shared/map/types.js';
import { nextObjective, type TeamObjective } from '../../../shared/sim/objective.js';
import type { MatchFrame } from '../contract/frame.js';

/** How long the hunter remembers where it last saw John (seconds of game time). */
const JOHN_MEMORY = 30;
/** Within this many tiles of where John was last seen, and not seeing him, the hunter forgets the spot. */
const SEARCHED = 3;
/** Guidance is worked out this often (seconds of real time): it moves at walking pace. */
const EVERY = 0.1;

/**
 * The next objective for the player of this client, from what the client
 * has: the frame (the own character, what it sees, the public objectives
 * and tiles) and the map. The rule is shared/sim/objective.ts; this adds
 * only the hunter's memory of where it last saw John, which it saw itself.
 * Spectators get none.
 */
export class Guidance {
  current: TeamObjective | null = null;
  private johnSeen: { x: number; y: number; time: number } | null = null;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly map: GameMap) {}

  /** Brings the guidance up to date for `frame`; `now` is a real clock in seconds. */
  update(frame: MatchFrame, now: number): TeamObjective | null {
    if (now - this.last < EVERY) return this.current;
    this.last = now;
    const me = frame.entities.find((e) => e.self);
    const s = frame.self;
    if (!me || !s || frame.viewer === 'spectator' || s.life === 'eliminated' || frame.time < 0) {
      this.current = null;
      return null;
    }
    let john: { x: number; y: number } | null = null;
    if (s.role === 't1000') {
      const seen = frame.entities.find((e) => !e.self && (e.trueRole ?? e.role) === 'john');
      if (seen) this.johnSeen = { x: seen.x, y: seen.y, time: frame.time };
      const m = this.johnSeen;
      if (m && !seen) {
        const stale = frame.time - m.time > JOHN_MEMORY;
        const searched = Math.hypot(m.x - me.x, m.y - me.y) < SEARCHED;
        if (stale || searched) this.johnSeen = null;
      }
      john = this.johnSeen;
    }
    this.current = nextObjective({
      map: this.map,
      tiles: frame.tiles,
      tilesVersion: frame.tilesVersion,
      act: frame.act,
      objectives: frame.objectives,
      role: s.role,
      x: me.x,
      y: me.y,
      others: frame.entities.filter((e) => !e.self),
      john,
    });
    return this.current;
  }
}
