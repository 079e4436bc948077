import { doorFacts } from '../map/doorFacts.js';
import { zoneAt } from '../map/grid.js';
import { DIST_SCALE, distanceField, UNREACHABLE } from '../map/paths.js';
import { BLOCKS_LIQUID, BLOCKS_WALK, DEADLY, TILE_FLAGS } from '../map/tiles.js';
import type { GameMap, Rect, Vec2, ZoneName } from '../map/types.js';

/**
 * Facts bots derive once per map: which door covers a tile, Sarah's cell,
 * the way out of the hospital, how far each tile is from molten steel, and
 * where to stand in the extraction zone. Shared by every bot on the map.
 */
export interface MapInfo {
  /** Door id covering each tile, or -1. */
  doorAt: Int16Array;
  /** The cell door nearest Sarah's spawn, or -1. */
  sarahCell: number;
  zones: Partial<Record<ZoneName, Rect>>;
  /** Walkable tiles just outside the hospital zone: reaching one leaves it. */
  hospitalExit: Vec2[];
  /** Path distance (field units) over walls-only blocking to the nearest tile beside steel; UNREACHABLE if no steel. */
  steelDist: Uint16Array;
  /** Walkable tiles beside molten steel. */
  besideSteel: Vec2[];
  /** 1 for each non-steel tile within one tile (diagonals too) of steel. */
  nearSteel: Uint8Array;
  /** The tile centre in the extraction zone farthest from steel. */
  extractionSpot: Vec2;
  /** Every locked door drawn open: routes that a door's opener could make. */
  openTiles: Uint8Array;
}

const infos = new WeakMap<GameMap, MapInfo>();

/** The map's derived facts, computed on first use. */
export function mapInfo(map: GameMap): MapInfo {
  let info = infos.get(map);
  if (!info) {
    info = build(map);
    infos.set(map, info);
  }
  return info;
}

function build(map: GameMap): MapInfo {
  const { width, height, tiles } = map;
  const n = width * height;
  const { doorAt, sarahCell, openTiles } = doorFacts(map);

  const zones: Partial<Record<ZoneName, Rect>> = {};
  for (const z of map.zones) zones[z.name] = z;

  const hospitalExit: Vec2[] = [];
  const hosp = zones.hospital;
  if (hosp) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (TILE_FLAGS[openTiles[y * width + x]] & (BLOCKS_WALK | DEADLY)) continue;
        if (zoneAt(map, x + 0.5, y + 0.5) === 'hospital') continue;
        const nearHosp = x >= hosp.x - 1 && x <= hosp.x + hosp.w && y >= hosp.y - 1 && y <= hosp.y + hosp.h;
        if (nearHosp) hospitalExit.push({ x: x + 0.5, y: y + 0.5 });
      }
    }
  }

  const besideSteel: Vec2[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (TILE_FLAGS[tiles[i]] & DEADLY) continue;
      const steel = (xx: number, yy: number) =>
        xx >= 0 &&
        yy >= 0 &&
        xx < width &&
        yy < height &&
        (TILE_FLAGS[tiles[yy * width + xx]] & DEADLY) !== 0;
      if (TILE_FLAGS[tiles[i]] & BLOCKS_WALK) continue;
      if (steel(x - 1, y) || steel(x + 1, y) || steel(x, y - 1) || steel(x, y + 1)) {
        besideSteel.push({ x: x + 0.5, y: y + 0.5 });
      }
    }
  }
  const nearSteel = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (TILE_FLAGS[tiles[y * width + x]] & DEADLY) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          if (TILE_FLAGS[tiles[yy * width + xx]] & DEADLY) nearSteel[y * width + x] = 1;
        }
      }
    }
  }
  const steelDist =
    besideSteel.length > 0
      ? distanceField(tiles, width, height, besideSteel, BLOCKS_LIQUID)
      : new Uint16Array(n).fill(UNREACHABLE);

  return {
    doorAt,
    sarahCell,
    zones,
    hospitalExit,
    steelDist,
    besideSteel,
    nearSteel,
    extractionSpot: extractionSpot(map, openTiles, steelDist),
    openTiles,
  };
}

/** The walkable tile of the extraction rectangle farthest from steel (ties: nearest its centre). */
function extractionSpot(map: GameMap, tiles: Uint8Array, steelDist: Uint16Array): Vec2 {
  const r = map.extraction;
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  let best: Vec2 = { x: cx, y: cy };
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let y = Math.floor(r.y); y < r.y + r.h; y++) {
    for (let x = Math.floor(r.x); x < r.x + r.w; x++) {
      if (x < 0 || y < 0 || x >= map.width || y >= map.height) continue;
      const i = y * map.width + x;
      if (TILE_FLAGS[tiles[i]] & (BLOCKS_WALK | DEADLY)) continue;
      const sd = steelDist[i] === UNREACHABLE ? 1000 : steelDist[i] / DIST_SCALE;
      const score = Math.min(sd, 6) * 10 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (score > bestScore) {
        bestScore = score;
        best = { x: x + 0.5, y: y + 0.5 };
      }
    }
  }
  return best;
}

/** Tiles from (x, y) to the nearest steel, roughly (∞ if the map has none). */
export function steelDistanceAt(info: MapInfo, map: GameMap, x: number, y: number): number {
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return Number.POSITIVE_INFINITY;
  const v = info.steelDist[ty * map.width + tx];
  return v === UNREACHABLE ? Number.POSITIVE_INFINITY : v / DIST_SCALE + 1;
}
