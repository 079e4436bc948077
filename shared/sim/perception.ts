import type { GameMap } from '../map/types.js';
import type { Role } from '../roles.js';
import type { Look, Viewer } from './look.js';
import type { Alarm, Entity, GameEvent, Objectives } from './types.js';

export type { Viewer } from './look.js';

/**
 * One entity as a viewer sees it (bots read this): its {@link Look} — for
 * escorts a disguised T-1000 is exactly the character it mimics, with an
 * opaque id; nothing here tells it apart — plus its motion and, for the
 * hunter and spectators only, the truth.
 */
export interface SeenEntity extends Look {
  publicId: number;
  vx: number;
  vy: number;
  /** The true role behind the look; null for escort viewers (they never learn it from the wire). */
  trueRole: Role | null;
  /** Internal entity id; null for escort viewers. */
  entityId: number | null;
}

/**
 * Everything one player (a person's client or a bot) may know: its own full
 * state, what its team's vision shows, and the public match state.
 */
export interface Perception {
  viewer: Viewer;
  /** The viewer's own character, in full (null for spectators). */
  self: Entity | null;
  seen: SeenEntity[];
  /** Events of the last step this viewer may know of. */
  events: GameEvent[];
  map: GameMap;
  /** Tile codes as they are now (open doors are public knowledge). */
  tiles: Uint8Array;
  act: 1 | 2 | 3;
  objectives: Readonly<Objectives>;
  alarm: Readonly<Alarm>;
  time: number;
  /** Seconds left on the Judgment Day clock. */
  clockLeft: number;
}
