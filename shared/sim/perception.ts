import type { GameMap } from '../map/types.js';
import type { Role } from '../roles.js';
import type { ActionKind, Alarm, Entity, GameEvent, Life, Objectives } from './types.js';

/** Whose eyes: the escort team (shared vision), the hunter, or a spectator (sees all). */
export type Viewer = 'escort' | 'hunter' | 'spectator';

/**
 * One entity as a viewer sees it. For escorts a disguised T-1000 is exactly
 * the character it mimics: same role, name, colour, and an opaque id; nothing
 * here tells it apart. `trueRole` is filled only for the hunter and spectators.
 */
export interface SeenEntity {
  publicId: number;
  role: Role;
  name: string;
  color: number;
  x: number;
  y: number;
  facing: number;
  vx: number;
  vy: number;
  life: Life;
  /** A liquid puddle (the T-1000 melted), or melting / reforming. */
  liquid: boolean;
  /** The blade wind-up telegraph is showing. */
  windup: boolean;
  windupAim: number;
  stunned: boolean;
  /** The action being channelled, visible to whoever sees the entity. */
  action: ActionKind;
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
