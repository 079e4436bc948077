import type { GameMap } from '../map/types.js';
import type { PlayerRole, Role } from '../roles.js';
import type { MatchOptions } from '../tuning.js';
import type { MatchSeed, RngState } from './rng.js';

/**
 * Health of a character. `healthy` and `injured` act normally; `downed` crawls
 * and can be revived; `eliminated` (escort bled out or killed) and
 * `destroyed` (the T-1000 in the steel, anyone in the steel) are out of play.
 */
export type Life = 'healthy' | 'injured' | 'downed' | 'eliminated' | 'destroyed';

/** A channelled action in progress. */
export type ActionKind =
  | ''
  | 'hack' // John opens a door, cell or the vault
  | 'keycard' // Dyson (instant, kept for symmetry of events)
  | 'pick' // Sarah picks her cell from inside
  | 'plant' // a charge on the chip
  | 'wipe' // a document terminal
  | 'revive' // an escort revives a downed ally
  | 'terminate'; // the T-1000 over a downed John

/** What a person, a bot or a recording sends for one player each step. */
export interface PlayerInput {
  /** Movement direction, each axis in [-1, 1]; longer than 1 is normalised. */
  moveX: number;
  moveY: number;
  /** Aim direction in radians (0 = +x, π/2 = +y, screen down). */
  aim: number;
  /** Held buttons, a bitmask of {@link Button}. */
  buttons: number;
}

export const Button = {
  /** Blade (T-1000) or weapon (Sarah, T-800). Held: fires when ready. */
  Primary: 1,
  /** Interact (hack, pick, plant, wipe, revive, terminate, crate) or mimic. Held to channel. */
  Interact: 2,
  /** T-1000: toggles liquid on the press. */
  Liquid: 4,
  /** Escorts: starts a sprint when ready. */
  Sprint: 8,
} as const;
export const BUTTON_MASK = 15;

export const NEUTRAL_INPUT: Readonly<PlayerInput> = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };

/**
 * One character or NPC. Flat and monomorphic on purpose: every entity has
 * every field, so the hot loops stay fast and the world serialises as data.
 */
export interface Entity {
  /** Index in {@link World.entities}. Internal: never sent to clients. */
  id: number;
  /** The opaque id clients see. Drawn from the world RNG; re-drawn whenever the T-1000's look changes. */
  publicId: number;
  role: Role;
  /** Display name and colour (0xRRGGBB) of the character itself. */
  name: string;
  color: number;
  x: number;
  y: number;
  facing: number;
  /** Velocity of the last step, tiles/s. */
  vx: number;
  vy: number;

  life: Life;
  /** Blade hits taken since last revived to full. */
  hits: number;
  /** Seconds spent downed (bleeds out at DOWNED.bleedOut). */
  downedFor: number;
  /** Seconds of stun left (no move, no action). */
  stun: number;
  /** Seconds left in which a shot cannot stun again: the stun it had, then STUN.immunity more (no stun-lock). */
  stunImmune: number;
  /** Seconds of police slow left. */
  slow: number;
  /** Knockback velocity and seconds left. */
  pushX: number;
  pushY: number;
  pushTime: number;

  sprintLeft: number;
  sprintCooldown: number;
  /** Primary (blade / gun) cooldown left. */
  cooldown: number;
  /** Blade wind-up left; > 0 while the telegraph is visible. */
  windup: number;
  /** Direction of the blade swing being wound up. */
  windupAim: number;
  ammo: number;

  action: ActionKind;
  /** Target of the action: door id, terminal index, entity id; -1 for none. */
  actionTarget: number;
  actionProgress: number;
  actionTime: number;

  /** T-1000: liquid form (true also during the melt; false during the reform). */
  liquid: boolean;
  /** T-1000: seconds left of a melt or reform transition. */
  morph: number;
  /** T-1000: the look it wears, or '' for its own. */
  mimicRole: Role | '';
  mimicName: string;
  mimicColor: number;
  /** T-1000: the health the mimicked character showed when touched (an injured John stays injured-looking). */
  mimicLife: Life;
  mimicLeft: number;
  mimicCooldown: number;

  /** NPC: patrol route index (-1 for civilians), waypoint index and direction. */
  route: number;
  routeIdx: number;
  routeDir: number;
  /** NPC: where it is walking to, and how long it waits on arrival. */
  goalX: number;
  goalY: number;
  wait: number;
  /** NPC: the walking direction last read from the path field (re-read a few times a second, not every step). */
  dirX: number;
  dirY: number;
  /** NPC: seconds left fleeing from gunfire. */
  scatter: number;
  /** Buttons held in the previous step, to detect presses. */
  prevButtons: number;
}

/** Who won; `none` when the match was called off (the server shut down with no other to take it). */
export type Winner = 'hunter' | 'escort' | 'none';

export type EndReason =
  | 'terminated' // the T-1000 stood over downed John
  | 'bled-out' // John bled out
  | 'john-in-steel'
  | 'judgment-day' // the clock ran out
  | 't1000-in-steel'
  | 'extraction'
  | 'shutdown'; // called off: the server stopped and no other process could take the match

export interface MatchResult {
  winner: Winner;
  reason: EndReason;
  /** Game seconds when the match was decided. */
  time: number;
  /** The T-800 walked into the steel in the window after the T-1000 fell. */
  noFate: boolean;
}

/** Per-player statistics shown on the end screen. */
export interface PlayerStats {
  distance: number;
  hitsDealt: number;
  hitsTaken: number;
  revives: number;
  /** Objectives completed: Sarah freed from her cell, the vault opened, the chip destroyed, a terminal wiped. */
  objectives: number;
  timeDisguised: number;
  timeLiquid: number;
  downs: number;
}

/** Something that happened in a step; clients draw it, bots react to it. */
export interface GameEvent {
  type: GameEventType;
  /** The entity that did it (or -1). */
  by: number;
  /** The entity it was done to (or -1). */
  target: number;
  x: number;
  y: number;
  /** Free per-type value: an angle, a door id, an act number, etc. */
  value: number;
}

export type GameEventType =
  | 'windup' // blade wind-up started (value: aim)
  | 'strike' // blade swing (value: aim)
  | 'hit' // a blade hit an escort
  | 'shot' // a gun fired (value: aim; x,y: muzzle)
  | 'shot-hit' // a shot hit the T-1000
  | 'downed'
  | 'revived'
  | 'eliminated'
  | 'destroyed'
  | 'mimic' // the T-1000 took a look (hunter and spectators only)
  | 'unmask' // the disguise ended
  | 'melt'
  | 'reform'
  | 'door' // a door opened (value: door id)
  | 'crate' // ammo refilled
  | 'alarm'
  | 'act' // a new act (value: act number)
  | 'objective' // chip or terminal done (value: terminal index, or -1 for the chip)
  | 'slowed'
  | 'end';

export interface DoorState {
  open: boolean;
}

export interface Objectives {
  sarahFreed: boolean;
  vaultOpen: boolean;
  chipDestroyed: boolean;
  terminalsWiped: boolean[];
  /** Seconds John has stood in the extraction zone (counts only while the T-1000 is not inside). */
  extraction: number;
}

export interface Alarm {
  /** Seconds the police still converge on (x, y). */
  left: number;
  x: number;
  y: number;
  /** Seconds the hunter still sees every escort. */
  reveal: number;
}

/** The whole state of a match: plain data, serialisable, stepped by {@link step}. */
export interface World {
  /** The match seed (secret while the match runs: it gives the whole RNG stream). */
  seed: MatchSeed;
  /** RNG state (see rng.ts); secret, like the seed. */
  rng: RngState;
  tick: number;
  /** Game seconds since the start. */
  time: number;
  options: MatchOptions;
  /** The map (immutable); serialised by file name, not content. */
  map: GameMap;
  /** Tile codes as they are now (doors open). */
  tiles: Uint8Array;
  /** Bumped whenever a tile changes (a door opens), so path caches know to rebuild. */
  tilesVersion: number;
  entities: Entity[];
  /** Entity id of each player role in the match; absent roles are not in the match. */
  players: Partial<Record<PlayerRole, number>>;
  doors: DoorState[];
  act: 1 | 2 | 3;
  objectives: Objectives;
  alarm: Alarm;
  result: MatchResult | null;
  /** Game time at which the match is over (the no-fate window after a win in the steel); null while playing. */
  endsAt: number | null;
  /** The match is over and nothing more happens. */
  over: boolean;
  stats: Partial<Record<PlayerRole, PlayerStats>>;
  /** Events of the last step only. */
  events: GameEvent[];
}

/** Inputs for one step, keyed by player role. A missing role is neutral. */
export type StepInputs = Partial<Record<PlayerRole, PlayerInput>>;
