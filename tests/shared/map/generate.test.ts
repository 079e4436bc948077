import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { tileMapGrid } from '../../../shared/map/generate.js';
import { zoneAt } from '../../../shared/map/grid.js';
import { parseMap } from '../../../shared/map/loadMap.js';
import { BLOCKS_WALK, DEADLY, TILE_FLAGS, Tile } from '../../../shared/map/tiles.js';
import type { GameMap, Vec2 } from '../../../shared/map/types.js';
import { SMALL_ROWS, smallObjects, tiled } from './tiledFixture.js';

const small = parseMap(tiled(SMALL_ROWS, smallObjects()), 'maps/small.tmj');
const la = resolveMap();

/** Tiles reachable on foot from p, with every locked door opened. */
function reach(m: GameMap, p: Vec2): Uint8Array {
  const seen = new Uint8Array(m.width * m.height);
  const start = Math.floor(p.y) * m.width + Math.floor(p.x);
  const queue = [start];
  seen[start] = 1;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const x = i % m.width;
    for (const n of [i - m.width, i + m.width, x > 0 ? i - 1 : -1, x < m.width - 1 ? i + 1 : -1]) {
      if (n < 0 || n >= seen.length || seen[n]) continue;
      if (m.tiles[n] !== Tile.DoorLocked && TILE_FLAGS[m.tiles[n]] & (BLOCKS_WALK | DEADLY)) continue;
      seen[n] = 1;
      queue.push(n);
    }
  }
  return seen;
}

describe('tileMapGrid', () => {
  it('lays nx × ny copies of the tiles side by side', () => {
    const g = tileMapGrid(small, 3, 2);
    expect([g.width, g.height]).toEqual([72, 20]);
    // An interior tile of every copy matches the original.
    for (let cy = 0; cy < 2; cy++) {
      for (let cx = 0; cx < 3; cx++) {
        for (let y = 1; y < small.height - 1; y++) {
          for (let x = 1; x < small.width - 1; x++) {
            expect(g.tiles[(cy * 10 + y) * 72 + cx * 24 + x]).toBe(small.tiles[y * 24 + x]);
          }
        }
      }
    }
  });

  it('a 1 × 1 grid is the map itself', () => {
    const g = tileMapGrid(small, 1, 1);
    expect(g.tiles).toEqual(small.tiles);
    expect(g.doors).toEqual(small.doors);
    expect(g.patrols).toEqual(small.patrols);
  });

  it('keeps spawns, chip, terminals and extraction of the first copy only', () => {
    const g = tileMapGrid(la, 5, 2);
    expect(g.spawns).toEqual(la.spawns);
    expect(g.chip).toEqual(la.chip);
    expect(g.terminals).toEqual(la.terminals);
    expect(g.extraction).toEqual(la.extraction);
  });

  it('repeats zones, patrols, crates and points of interest in every copy (10× for 5 × 2)', () => {
    const g = tileMapGrid(la, 5, 2);
    expect(g.width * g.height).toBe(10 * la.width * la.height);
    expect(g.zones).toHaveLength(10 * la.zones.length);
    expect(g.patrols).toHaveLength(10 * la.patrols.length);
    expect(g.crates).toHaveLength(10 * la.crates.length);
    expect(g.pois).toHaveLength(10 * la.pois.length);
    const last = la.pois[0];
    expect(g.pois).toContainEqual({ x: last.x + 4 * la.width, y: last.y + la.height });
    expect(new Set(g.patrols.map((p) => p.name)).size).toBe(g.patrols.length);
    expect(zoneAt(g, la.spawns.dyson.x + 2 * la.width, la.spawns.dyson.y + la.height)).toBe('streets');
    // Patrol points stay on walkable ground in every copy.
    for (const r of g.patrols) {
      for (const p of r.points) {
        expect(
          TILE_FLAGS[g.tiles[Math.floor(p.y) * g.width + Math.floor(p.x)]] & (BLOCKS_WALK | DEADLY),
        ).toBe(0);
      }
    }
  });

  it('every door tile belongs to exactly one door, and there is still exactly one vault', () => {
    const g = tileMapGrid(la, 5, 2);
    const owners = new Uint8Array(g.tiles.length);
    for (const d of g.doors) {
      for (const t of d.tiles) {
        expect([Tile.DoorLocked, Tile.DoorOpen]).toContain(g.tiles[t]);
        owners[t]++;
      }
    }
    for (let i = 0; i < g.tiles.length; i++) {
      const isDoor = g.tiles[i] === Tile.DoorLocked || g.tiles[i] === Tile.DoorOpen;
      expect(owners[i]).toBe(isDoor ? 1 : 0);
    }
    expect(g.doors.filter((d) => d.kind === 'vault')).toHaveLength(1);
    expect(g.doors.map((d) => d.id)).toEqual(g.doors.map((_, i) => i));
  });

  it('opens the seams between copies so the world is one place', () => {
    const g = tileMapGrid(la, 5, 2);
    const seen = reach(g, g.spawns.john);
    const far = g.pois[g.pois.length - 1];
    expect(seen[Math.floor(far.y) * g.width + Math.floor(far.x)]).toBe(1);
    // The border walls where copies meet are opened where floor faces floor, and only there.
    let opened = 0;
    for (let y = 1; y < la.height - 1; y++) {
      const seam = g.tiles[y * g.width + la.width] === Tile.Floor;
      const faces =
        la.tiles[y * la.width + la.width - 2] === Tile.Floor && la.tiles[y * la.width + 1] === Tile.Floor;
      expect(seam).toBe(faces);
      opened += seam ? 1 : 0;
    }
    expect(opened).toBeGreaterThan(0);
  });

  it('refuses a grid that is not whole, positive numbers', () => {
    expect(() => tileMapGrid(small, 0, 1)).toThrow(RangeError);
    expect(() => tileMapGrid(small, 1.5, 1)).toThrow(RangeError);
  });
});
