import type { Graphics } from 'pixi.js';
import { zoneAt } from '../../../shared/map/grid.js';
import { Tile } from '../../../shared/map/tiles.js';
import type { GameMap } from '../../../shared/map/types.js';
import { COLORS, TILE, ZONE_FLOOR } from './palette.js';

/** A small stable hash of a tile position, for per-tile variation that never flickers. */
export function tileHash(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Scales each channel of a colour by `k` (k < 1 darkens). */
export function shade(color: number, k: number): number {
  const r = Math.min(255, Math.round(((color >> 16) & 255) * k));
  const g = Math.min(255, Math.round(((color >> 8) & 255) * k));
  const b = Math.min(255, Math.round((color & 255) * k));
  return (r << 16) | (g << 8) | b;
}

/** Wall-like tiles cast shadows and get a front face. */
const isSolid = (code: number): boolean => code === Tile.Wall;

/** Tile code at (x, y) of the map as first laid out; outside the map is wall. */
function codeAt(map: GameMap, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= map.width || y >= map.height) return Tile.Wall;
  return map.tiles[y * map.width + x];
}

function floor(g: Graphics, map: GameMap, x: number, y: number): void {
  const px = x * TILE;
  const py = y * TILE;
  const base = ZONE_FLOOR[zoneAt(map, x + 0.5, y + 0.5) ?? 'none'];
  const h = tileHash(x, y);
  g.rect(px, py, TILE, TILE).fill(shade(base, 0.94 + h * 0.12));
  // Faint grout lines every tile, a scuff now and then: texture without noise.
  g.rect(px, py, TILE, 1).fill({ color: 0x000000, alpha: 0.18 });
  g.rect(px, py, 1, TILE).fill({ color: 0x000000, alpha: 0.18 });
  if (h > 0.86) {
    g.circle(px + 6 + h * 20, py + 8 + ((h * 97) % 1) * 16, 2 + h * 2).fill({ color: 0x000000, alpha: 0.12 });
  }
  // A shadow under walls to the north and west gives the walls height.
  if (isSolid(codeAt(map, x, y - 1))) g.rect(px, py, TILE, 7).fill({ color: 0x000000, alpha: 0.35 });
  if (isSolid(codeAt(map, x - 1, y))) g.rect(px, py, 4, TILE).fill({ color: 0x000000, alpha: 0.22 });
}

function wall(g: Graphics, map: GameMap, x: number, y: number): void {
  const px = x * TILE;
  const py = y * TILE;
  const h = tileHash(x, y);
  g.rect(px, py, TILE, TILE).fill(shade(COLORS.wall, 0.95 + h * 0.08));
  if (!isSolid(codeAt(map, x, y - 1))) g.rect(px, py, TILE, 3).fill(COLORS.wallTop);
  if (!isSolid(codeAt(map, x, y + 1))) g.rect(px, py + TILE - 9, TILE, 9).fill(COLORS.wallDark);
  if (!isSolid(codeAt(map, x - 1, y))) g.rect(px, py, 2, TILE).fill({ color: COLORS.wallTop, alpha: 0.6 });
  if (!isSolid(codeAt(map, x + 1, y)))
    g.rect(px + TILE - 2, py, 2, TILE).fill({ color: 0x000000, alpha: 0.3 });
}

function bars(g: Graphics, map: GameMap, x: number, y: number): void {
  floor(g, map, x, y);
  const px = x * TILE;
  const py = y * TILE;
  const vertical = isSolid(codeAt(map, x, y - 1)) || isSolid(codeAt(map, x, y + 1));
  for (let i = 0; i < 4; i++) {
    const o = 4 + i * 8;
    if (vertical) {
      g.rect(px + 13, py + o - 1, 6, 3).fill(COLORS.bars);
    } else {
      g.rect(px + o - 1, py + 10, 3, 12).fill(COLORS.bars);
      g.rect(px + o - 1, py + 10, 1, 12).fill({ color: 0xffffff, alpha: 0.5 });
    }
  }
  if (vertical) g.rect(px + 15, py, 2, TILE).fill({ color: COLORS.bars, alpha: 0.8 });
  else g.rect(px, py + 15, TILE, 2).fill({ color: COLORS.bars, alpha: 0.8 });
}

function steel(g: Graphics, x: number, y: number): void {
  const px = x * TILE;
  const py = y * TILE;
  const h = tileHash(x, y);
  g.rect(px, py, TILE, TILE).fill(shade(COLORS.steel, 0.82 + h * 0.2));
  g.circle(px + 8 + h * 16, py + 8 + ((h * 53) % 1) * 16, 4 + h * 5).fill({
    color: COLORS.steelHot,
    alpha: 0.55,
  });
  g.circle(px + 24 - h * 10, py + 22 - ((h * 31) % 1) * 10, 2 + h * 3).fill({ color: 0xfff1c1, alpha: 0.45 });
}

/** A door's frame on the ground; the panel itself is drawn by the door layer, since it opens. */
function doorway(g: Graphics, map: GameMap, x: number, y: number): void {
  floor(g, map, x, y);
  g.rect(x * TILE, y * TILE, TILE, TILE).fill({ color: COLORS.doorFrame, alpha: 0.45 });
}

/** Draws the tile (x, y) of the map, as first laid out, into `g`. */
export function drawTile(g: Graphics, map: GameMap, x: number, y: number): void {
  switch (codeAt(map, x, y)) {
    case Tile.Wall:
      wall(g, map, x, y);
      break;
    case Tile.Bars:
      bars(g, map, x, y);
      break;
    case Tile.Steel:
      steel(g, x, y);
      break;
    case Tile.DoorLocked:
    case Tile.DoorOpen:
      doorway(g, map, x, y);
      break;
    default:
      floor(g, map, x, y);
  }
}

/** The minimap colour of a tile code. */
export function minimapColor(code: number): number {
  switch (code) {
    case Tile.Wall:
      return 0x596175;
    case Tile.Bars:
      return 0x8a93a3;
    case Tile.DoorLocked:
      return 0xc78a3b;
    case Tile.Steel:
      return 0xff5a1f;
    default:
      return 0x1b1e24;
  }
}
