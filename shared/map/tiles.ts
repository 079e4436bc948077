/**
 * Tile codes and what each lets through. The map's tile layer holds these
 * codes (Tiled gid = code + 1); the world keeps a mutable copy, because doors
 * open during a match.
 */
export const Tile = {
  Floor: 0,
  Wall: 1,
  Bars: 2,
  DoorLocked: 3,
  DoorOpen: 4,
  Steel: 5,
} as const;
export type Tile = (typeof Tile)[keyof typeof Tile];

export const TILE_COUNT = 6;

/** Bit flags: what a tile blocks or does. */
export const BLOCKS_WALK = 1; // escorts, NPCs, the solid T-1000
export const BLOCKS_LIQUID = 2; // the liquid T-1000
export const BLOCKS_SIGHT = 4;
export const DEADLY = 8; // molten steel

/** Flags of each tile code, indexed by code. */
export const TILE_FLAGS: Readonly<Uint8Array> = Uint8Array.from([
  /* Floor      */ 0,
  /* Wall       */ BLOCKS_WALK | BLOCKS_LIQUID | BLOCKS_SIGHT,
  /* Bars       */ BLOCKS_WALK,
  /* DoorLocked */ BLOCKS_WALK | BLOCKS_SIGHT,
  /* DoorOpen   */ 0,
  /* Steel      */ DEADLY,
]);

export const TILE_NAMES = ['floor', 'wall', 'bars', 'door-locked', 'door-open', 'steel'] as const;
