import { Tile } from './tiles.js';
import type { DoorDef, GameMap, PatrolRoute, Vec2, Zone } from './types.js';

/** Refuse worlds larger than this many tiles (a benchmark needs ~10× the default map, not 1000×). */
const MAX_TILES = 1 << 24;

/**
 * A world of nx × ny copies of `map` side by side, for benchmarks at the same
 * density over a larger area (e.g. 5 × 2 for ten times the default map).
 *
 * The players' spawns, the chip, the terminals and the extraction stay those
 * of the first copy (top-left). Zones, patrols, crates, points of interest
 * and doors are repeated in every copy; the other copies' vault doors become
 * Cyberdyne doors, so the world keeps exactly one vault. Where two copies
 * meet, their border walls are opened wherever floor faces floor, so the
 * world is one connected place.
 */
export function tileMapGrid(map: GameMap, nx: number, ny: number): GameMap {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) {
    throw new RangeError(`tileMapGrid: nx and ny must be whole numbers ≥ 1, not ${nx} × ${ny}`);
  }
  const w = map.width;
  const h = map.height;
  const width = w * nx;
  const height = h * ny;
  if (width * height > MAX_TILES)
    throw new RangeError(`tileMapGrid: ${width} × ${height} tiles is too large`);

  const tiles = new Uint8Array(width * height);
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      for (let y = 0; y < h; y++) {
        tiles.set(map.tiles.subarray(y * w, (y + 1) * w), (cy * h + y) * width + cx * w);
      }
    }
  }
  openSeams(tiles, width, height, w, h);

  const zones: Zone[] = [];
  const doors: DoorDef[] = [];
  const patrols: PatrolRoute[] = [];
  const crates: Vec2[] = [];
  const pois: Vec2[] = [];
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const first = cx === 0 && cy === 0;
      const ox = cx * w;
      const oy = cy * h;
      const tag = first ? '' : `@${cx},${cy}`;
      const at = (p: Vec2): Vec2 => ({ x: p.x + ox, y: p.y + oy });
      for (const z of map.zones) zones.push({ ...z, x: z.x + ox, y: z.y + oy });
      for (const d of map.doors) {
        doors.push({
          id: doors.length,
          name: d.name + tag,
          kind: d.kind === 'vault' && !first ? 'cyberdyne' : d.kind,
          tiles: d.tiles.map((i) => (Math.floor(i / w) + oy) * width + (i % w) + ox),
          x: d.x + ox,
          y: d.y + oy,
          locked: d.locked,
        });
      }
      for (const r of map.patrols) patrols.push({ ...r, name: r.name + tag, points: r.points.map(at) });
      for (const c of map.crates) crates.push(at(c));
      for (const p of map.pois) pois.push(at(p));
    }
  }

  return {
    file: `${map.file}#grid-${nx}x${ny}`,
    name: `${map.name} (${nx}×${ny})`,
    width,
    height,
    tiles,
    spawns: { ...map.spawns },
    zones,
    doors,
    chip: { ...map.chip },
    terminals: map.terminals.map((t) => ({ ...t })),
    extraction: { ...map.extraction },
    patrols,
    crates,
    pois,
  };
}

/** Opens the two wall tiles between neighbouring copies wherever floor lies on both sides. */
function openSeams(tiles: Uint8Array, width: number, height: number, w: number, h: number): void {
  const floor = (x: number, y: number) => tiles[y * width + x] === Tile.Floor;
  for (let sx = w; sx < width; sx += w) {
    for (let y = 0; y < height; y++) {
      if (floor(sx - 2, y) && floor(sx + 1, y)) {
        tiles[y * width + sx - 1] = Tile.Floor;
        tiles[y * width + sx] = Tile.Floor;
      }
    }
  }
  for (let sy = h; sy < height; sy += h) {
    for (let x = 0; x < width; x++) {
      if (floor(x, sy - 2) && floor(x, sy + 1)) {
        tiles[(sy - 1) * width + x] = Tile.Floor;
        tiles[sy * width + x] = Tile.Floor;
      }
    }
  }
}
