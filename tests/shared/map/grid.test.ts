import { describe, expect, it } from 'vitest';
import { flagsAt, inRect, tileAt, tileIndex, zoneAt } from '../../../shared/map/grid.js';
import { BLOCKS_LIQUID, BLOCKS_SIGHT, BLOCKS_WALK, DEADLY, Tile } from '../../../shared/map/tiles.js';
import type { GameMap } from '../../../shared/map/types.js';

// 3 × 2 grid:  floor wall bars / door-locked door-open steel
const tiles = Uint8Array.from([Tile.Floor, Tile.Wall, Tile.Bars, Tile.DoorLocked, Tile.DoorOpen, Tile.Steel]);

describe('grid', () => {
  it('indexes tiles row-major', () => {
    expect(tileIndex(3, 2, 1)).toBe(5);
    expect(tileIndex(3, 0, 0)).toBe(0);
  });

  it('floors float coordinates to the tile they lie in', () => {
    expect(tileAt(tiles, 3, 2, 0.99, 0.5)).toBe(Tile.Floor);
    expect(tileAt(tiles, 3, 2, 1.0, 0.0)).toBe(Tile.Wall);
    expect(tileAt(tiles, 3, 2, 2.5, 0.2)).toBe(Tile.Bars);
    expect(tileAt(tiles, 3, 2, 0.1, 1.9)).toBe(Tile.DoorLocked);
    expect(tileAt(tiles, 3, 2, 2.99, 1.99)).toBe(Tile.Steel);
  });

  it('counts everything outside the grid as wall', () => {
    expect(tileAt(tiles, 3, 2, -0.01, 0.5)).toBe(Tile.Wall);
    expect(tileAt(tiles, 3, 2, 0.5, -0.5)).toBe(Tile.Wall);
    expect(tileAt(tiles, 3, 2, 3, 0.5)).toBe(Tile.Wall);
    expect(tileAt(tiles, 3, 2, 0.5, 2)).toBe(Tile.Wall);
    expect(flagsAt(tiles, 3, 2, 99, 99)).toBe(BLOCKS_WALK | BLOCKS_LIQUID | BLOCKS_SIGHT);
  });

  it('reports the flags of each tile kind', () => {
    expect(flagsAt(tiles, 3, 2, 0.5, 0.5)).toBe(0);
    expect(flagsAt(tiles, 3, 2, 2.5, 0.5)).toBe(BLOCKS_WALK);
    expect(flagsAt(tiles, 3, 2, 0.5, 1.5)).toBe(BLOCKS_WALK | BLOCKS_SIGHT);
    expect(flagsAt(tiles, 3, 2, 1.5, 1.5)).toBe(0);
    expect(flagsAt(tiles, 3, 2, 2.5, 1.5)).toBe(DEADLY);
  });

  it('treats rectangles as half-open', () => {
    const r = { x: 2, y: 3, w: 4, h: 2 };
    expect(inRect(r, 2, 3)).toBe(true);
    expect(inRect(r, 5.99, 4.99)).toBe(true);
    expect(inRect(r, 6, 4)).toBe(false);
    expect(inRect(r, 3, 5)).toBe(false);
    expect(inRect(r, 1.99, 4)).toBe(false);
  });

  it('finds the zone a point is in, or null', () => {
    const map = {
      zones: [
        { name: 'hospital', x: 0, y: 0, w: 10, h: 5 },
        { name: 'streets', x: 10, y: 0, w: 10, h: 5 },
      ],
    } as unknown as GameMap;
    expect(zoneAt(map, 9.9, 2)).toBe('hospital');
    expect(zoneAt(map, 10, 2)).toBe('streets');
    expect(zoneAt(map, 25, 2)).toBeNull();
  });
});
