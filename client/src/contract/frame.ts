import type { PlayerRole, Role } from '../../../shared/roles.js';
import type { Look } from '../../../shared/sim/look.js';
import type { Viewer } from '../../../shared/sim/perception.js';
import type { ActionKind, GameEventType, Life, Objectives } from '../../../shared/sim/types.js';

/** The part of a game event the effects need: what, where, and its value (an angle, mostly). */
export interface FxEvent {
  type: GameEventType;
  x: number;
  y: number;
  value: number;
  /** For shots: the range of the weapon that fired (tiles); 0 when unknown. */
  range?: number;
  /** For shots: a shotgun cone rather than a pistol ray. */
  cone?: boolean;
}

/**
 * How one entity looks this frame: what the viewer was sent (its fields are
 * declared once, in shared/sim/look.ts), plus what the client adds.
 */
export interface EntityLook extends Look {
  /** The identity behind the look, for spectators and the hunter (null for escorts). */
  trueRole: Role | null;
  /** A stable number for per-character variety (skin, hair). */
  variant: number;
}

/** One entity as drawn this frame: its look and its smoothed (or predicted) pose. */
export interface FrameEntity extends EntityLook {
  /** The id the viewer knows it by (opaque for escorts). */
  id: number;
  x: number;
  y: number;
  facing: number;
  /** The player's own character. */
  self: boolean;
}

/** The player's own character in full, for the HUD. */
export interface SelfStatus {
  role: PlayerRole;
  life: Life;
  hits: number;
  hitsToDown: number;
  cooldown: number;
  sprintLeft: number;
  sprintCooldown: number;
  ammo: number;
  stun: number;
  slow: number;
  liquid: boolean;
  morph: number;
  mimicRole: Role | '';
  mimicName: string;
  mimicLeft: number;
  mimicCooldown: number;
  action: ActionKind;
  actionProgress: number;
  actionTime: number;
  downedFor: number;
}

/** A line of the event feed. */
export interface FeedLine {
  text: string;
  tone: 'info' | 'good' | 'bad' | 'alarm';
}

/** Whose view a spectator watches: everything (true identities), the escort team's or the hunter's. */
export type SpectatorSide = 'all' | 'escort' | 'hunter';

/** One player in the spectators' roster (the truth, whatever side's view is shown). */
export interface RosterRow {
  /** The frame id to follow it by. */
  id: number;
  /** Who plays it: the seat's name, or the character's name when the seat is unknown. */
  player: string;
  /** The character's true name. */
  name: string;
  role: PlayerRole;
  life: Life;
  /** The name its disguise wears ('' when none). */
  disguise: string;
  liquid: boolean;
  /** Drawn in the side's view now. */
  shown: boolean;
}

/** Everything the match view draws for one frame, whatever its source (a live room, a local sandbox). */
export interface MatchFrame {
  viewer: Viewer;
  /** Game seconds since the start. */
  time: number;
  clockLeft: number;
  act: 1 | 2 | 3;
  objectives: Readonly<Objectives>;
  alarmLeft: number;
  revealLeft: number;
  tiles: Uint8Array;
  /** Bumped when a tile changes (a door opened). */
  tilesVersion: number;
  entities: readonly FrameEntity[];
  self: SelfStatus | null;
  /** Effects and feed lines that happened since the last frame. */
  fx: readonly FxEvent[];
  feed: readonly FeedLine[];
  /** Spectators: the side whose view this frame shows (entities and looks as that side sees them). */
  side?: SpectatorSide;
  /** Spectators: every player, in role order. */
  roster?: readonly RosterRow[];
}
