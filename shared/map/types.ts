import type { PlayerRole } from '../roles.js';

export interface Vec2 {
  x: number;
  y: number;
}

/** An axis-aligned rectangle in tiles: [x, x + w) × [y, y + h). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type ZoneName = 'hospital' | 'streets' | 'cyberdyne' | 'mill';
export const ZONE_NAMES: readonly ZoneName[] = ['hospital', 'streets', 'cyberdyne', 'mill'];

export interface Zone extends Rect {
  name: ZoneName;
}

/**
 * What opens a door (the rule is `doorOpenTime` in shared/sim/doors.ts).
 * `cell`: John's hack or Sarah's lock-pick. `door`: John's hack. `cyberdyne`:
 * John's hack or Dyson's card at once. `vault`: John's vault hack or Dyson's
 * card at once.
 */
export type DoorKind = 'cell' | 'door' | 'cyberdyne' | 'vault';
export const DOOR_KINDS: readonly DoorKind[] = ['cell', 'door', 'cyberdyne', 'vault'];

export interface DoorDef {
  /** Index in {@link GameMap.doors}. */
  id: number;
  name: string;
  kind: DoorKind;
  /** Tile indices (y * width + x) this door covers; all are door tiles. */
  tiles: number[];
  /** Centre of the door, in tiles. */
  x: number;
  y: number;
  /** Whether the door starts locked (tile DoorLocked) or open (DoorOpen). */
  locked: boolean;
}

export type PatrolUnit = 'police' | 'guard';

export interface PatrolRoute {
  name: string;
  unit: PatrolUnit;
  /** Waypoints in tiles; walked in order and then back (ping-pong) or looped. */
  points: Vec2[];
  loop: boolean;
  /** How many units walk this route by default (they share the pool of ★ police). */
  weight: number;
}

/** A validated map, ready for the simulation. Immutable during a match. */
export interface GameMap {
  /** The file it came from (for messages), or a generator name. */
  file: string;
  name: string;
  width: number;
  height: number;
  /** Tile codes (see tiles.ts), row-major: index = y * width + x. */
  tiles: Uint8Array;
  spawns: Record<PlayerRole, Vec2>;
  zones: Zone[];
  doors: DoorDef[];
  /** Where the chip is (inside the vault). */
  chip: Vec2;
  /** The document terminals (as many as `TERMINAL_COUNT` in tuning.ts). */
  terminals: Vec2[];
  /** John must stand here in act 3. */
  extraction: Rect;
  patrols: PatrolRoute[];
  /** Ammo crates (refill the shotgun). */
  crates: Vec2[];
  /** Points of interest civilians wander between. */
  pois: Vec2[];
}
