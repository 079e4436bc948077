import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { zoneAt } from '../../../shared/map/grid.js';
import { BLOCKS_LIQUID, BLOCKS_WALK, DEADLY, TILE_FLAGS, Tile } from '../../../shared/map/tiles.js';
import type { DoorKind, GameMap, Vec2 } from '../../../shared/map/types.js';

const map = resolveMap();

/**
 * Tiles reachable on foot from `from`, with the doors of the given kinds
 * opened (a locked door of another kind blocks). Walking never enters steel.
 */
function reachable(m: GameMap, from: Vec2, open: readonly DoorKind[] | 'all'): Uint8Array {
  const passable = new Uint8Array(m.width * m.height);
  for (let i = 0; i < passable.length; i++)
    passable[i] = TILE_FLAGS[m.tiles[i]] & (BLOCKS_WALK | DEADLY) ? 0 : 1;
  for (const d of m.doors) {
    if (open === 'all' || open.includes(d.kind)) for (const t of d.tiles) passable[t] = 1;
  }
  return flood(m, from, passable);
}

/** Tiles the liquid T-1000 reaches: through bars and under locked doors, never into steel. */
function liquidReach(m: GameMap, from: Vec2): Uint8Array {
  const passable = new Uint8Array(m.width * m.height);
  for (let i = 0; i < passable.length; i++)
    passable[i] = TILE_FLAGS[m.tiles[i]] & (BLOCKS_LIQUID | DEADLY) ? 0 : 1;
  return flood(m, from, passable);
}

function flood(m: GameMap, from: Vec2, passable: Uint8Array): Uint8Array {
  const seen = new Uint8Array(m.width * m.height);
  const start = idx(m, from);
  const queue = [start];
  seen[start] = 1;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const x = i % m.width;
    for (const n of [i - m.width, i + m.width, x > 0 ? i - 1 : -1, x < m.width - 1 ? i + 1 : -1]) {
      if (n >= 0 && n < seen.length && !seen[n] && passable[n]) {
        seen[n] = 1;
        queue.push(n);
      }
    }
  }
  return seen;
}

const idx = (m: GameMap, p: Vec2) => Math.floor(p.y) * m.width + Math.floor(p.x);
const door = (name: string) => {
  const d = map.doors.find((o) => o.name === name);
  if (!d) throw new Error(`no door ${name}`);
  return d;
};
/** Whether some walkable neighbour of the door is reached (the door itself is still shut). */
const atDoor = (seen: Uint8Array, name: string) =>
  door(name).tiles.some((t) => [t - 1, t + 1, t - map.width, t + map.width].some((n) => seen[n] === 1));

describe('the default map, Los Angeles 1995', () => {
  it('loads and is about 160 × 60 tiles', () => {
    expect(map.file).toMatch(/maps\/la-1995\.tmj$/);
    expect(map.name).toBe('Los Angeles 1995');
    expect([map.width, map.height]).toEqual([160, 60]);
  });

  it('joins its four zones west to east', () => {
    expect(map.zones.map((z) => z.name)).toEqual(['hospital', 'streets', 'cyberdyne', 'mill']);
    for (let i = 1; i < map.zones.length; i++)
      expect(map.zones[i].x).toBe(map.zones[i - 1].x + map.zones[i - 1].w);
  });

  it('puts each spawn where GAME.md says', () => {
    expect(zoneAt(map, map.spawns.john.x, map.spawns.john.y)).toBe('hospital');
    expect(zoneAt(map, map.spawns.t800.x, map.spawns.t800.y)).toBe('hospital');
    expect(zoneAt(map, map.spawns.sarah.x, map.spawns.sarah.y)).toBe('hospital');
    expect(zoneAt(map, map.spawns.t1000.x, map.spawns.t1000.y)).toBe('hospital');
    expect(zoneAt(map, map.spawns.dyson.x, map.spawns.dyson.y)).toBe('streets');
    // The T-1000 starts in the far (west) wing; John and the T-800 at the east gate.
    expect(map.spawns.t1000.x).toBeLessThan(12);
    expect(map.spawns.john.x).toBeGreaterThan(30);
    expect(
      Math.hypot(map.spawns.john.x - map.spawns.t800.x, map.spawns.john.y - map.spawns.t800.y),
    ).toBeLessThan(3);
  });

  it('keeps the objectives in their zones', () => {
    expect(zoneAt(map, map.chip.x, map.chip.y)).toBe('cyberdyne');
    for (const t of map.terminals) expect(zoneAt(map, t.x, t.y)).toBe('cyberdyne');
    expect(zoneAt(map, map.extraction.x, map.extraction.y)).toBe('mill');
    expect(
      map.doors.filter((d) => d.kind === 'cyberdyne').every((d) => zoneAt(map, d.x, d.y) === 'cyberdyne'),
    ).toBe(true);
  });

  it('has the patrols, crates and points of interest a match needs', () => {
    expect(map.patrols.length).toBeGreaterThanOrEqual(15);
    expect(map.patrols.some((p) => p.unit === 'guard')).toBe(true);
    const guardZones = map.patrols
      .filter((p) => p.unit === 'guard')
      .map((p) => zoneAt(map, p.points[0].x, p.points[0].y));
    expect(new Set(guardZones)).toEqual(new Set(['cyberdyne']));
    const policeInStreets = map.patrols.filter(
      (p) => p.unit === 'police' && zoneAt(map, p.points[0].x, p.points[0].y) === 'streets',
    );
    expect(policeInStreets.length).toBeGreaterThanOrEqual(6);
    expect(map.crates.length).toBeGreaterThanOrEqual(6);
    expect(map.pois.length).toBeGreaterThanOrEqual(30);
    const onStreets = map.pois.filter((p) => zoneAt(map, p.x, p.y) === 'streets').length;
    expect(onStreets / map.pois.length).toBeGreaterThan(0.5);
  });

  it('everything is reachable on foot from John once locked doors are opened', () => {
    const seen = reachable(map, map.spawns.john, 'all');
    const points: [string, Vec2][] = [
      ...Object.entries(map.spawns),
      ['chip', map.chip],
      ...map.terminals.map((t, i): [string, Vec2] => [`terminal ${i}`, t]),
      ...map.crates.map((c, i): [string, Vec2] => [`crate ${i}`, c]),
      ...map.pois.map((p, i): [string, Vec2] => [`poi ${i}`, p]),
      ...map.patrols.flatMap((r) => r.points.map((p, i): [string, Vec2] => [`${r.name} ${i}`, p])),
    ];
    const unreached = points.filter(([, p]) => !seen[idx(map, p)]).map(([n]) => n);
    expect(unreached).toEqual([]);
    const { x, y, w, h } = map.extraction;
    let extraction = 0;
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) extraction += seen[j * map.width + i];
    expect(extraction).toBeGreaterThan(0);
  });

  it("act 1: John walks to Sarah's cell door without opening anything (the west-wing way round)", () => {
    const seen = reachable(map, map.spawns.john, []);
    expect(atDoor(seen, 'sarah-cell')).toBe(true);
    expect(seen[idx(map, map.spawns.sarah)]).toBe(0);
  });

  it("act 1: hacking the cell block's security door is a much shorter way to Sarah than the west wing", () => {
    expect(door('cell-block-security')).toMatchObject({ kind: 'door', locked: true });
    const cellDoor = door('sarah-cell');
    const front = { x: cellDoor.x, y: cellDoor.y + 1 };
    const around = walk(map, map.spawns.john, front, []);
    const hacked = walk(map, map.spawns.john, front, ['cell-block-security']);
    expect(around).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(hacked).toBeLessThan(around - 20);
  });

  it('act 2: Cyberdyne doors and the vault open the chip and all three terminals; nothing else is needed', () => {
    const seen = reachable(map, map.spawns.john, ['cyberdyne', 'vault']);
    expect(seen[idx(map, map.chip)]).toBe(1);
    for (const t of map.terminals) expect(seen[idx(map, t)]).toBe(1);
    const closed = reachable(map, map.spawns.john, []);
    expect(closed[idx(map, map.chip)]).toBe(0);
    expect(map.terminals.filter((t) => closed[idx(map, t)] === 1)).toEqual([]);
    expect(atDoor(closed, 'vault')).toBe(false);
  });

  it('act 2: Cyberdyne has several ways in, each through a locked Cyberdyne door', () => {
    const closed = reachable(map, map.spawns.john, []);
    const entrances = map.doors.filter((d) => d.kind === 'cyberdyne' && atDoor(closed, d.name));
    expect(entrances.length).toBeGreaterThanOrEqual(3);
  });

  it('act 3: the extraction is reached without opening any door, and it borders molten steel', () => {
    const seen = reachable(map, map.spawns.dyson, []);
    expect(seen[idx(map, { x: map.extraction.x + 0.5, y: map.extraction.y + 0.5 })]).toBe(1);
    const { x, y, h } = map.extraction;
    let steel = 0;
    for (let j = y; j < y + h; j++) steel += map.tiles[j * map.width + x - 1] === Tile.Steel ? 1 : 0;
    expect(steel).toBeGreaterThan(0);
  });

  it('neighbouring zones meet at two openings or more, or along open ground', () => {
    for (let z = 1; z < map.zones.length; z++) {
      const border = map.zones[z].x;
      // Openings: rows where one can step from column border - 1 to border.
      const rows: number[] = [];
      for (let y = 0; y < map.height; y++) {
        const a = map.tiles[y * map.width + border - 1];
        const b = map.tiles[y * map.width + border];
        if (!(TILE_FLAGS[a] & (BLOCKS_WALK | DEADLY)) && !(TILE_FLAGS[b] & (BLOCKS_WALK | DEADLY)))
          rows.push(y);
      }
      const runs = rows.filter((y, i) => i === 0 || rows[i - 1] !== y - 1).length;
      const wide = rows.length >= 20;
      expect(runs >= 2 || wide, `between ${map.zones[z - 1].name} and ${map.zones[z].name}`).toBe(true);
    }
  });

  it('the mill has three entrances', () => {
    const mill = map.zones[3];
    let runs = 0;
    // The mill's west wall is the first wall column east of the zone's edge.
    const x = mill.x + 1;
    for (let y = 1; y < map.height - 1; y++) {
      const open = map.tiles[y * map.width + x] === Tile.Floor;
      if (open && map.tiles[(y - 1) * map.width + x] !== Tile.Floor) runs++;
    }
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('bars give the liquid T-1000 shortcuts that solid characters must walk round', () => {
    const t = map.spawns.t1000;
    const solid = reachable(map, t, []);
    const liquid = liquidReach(map, t);
    let bars = 0;
    for (let i = 0; i < map.tiles.length; i++) bars += map.tiles[i] === Tile.Bars ? 1 : 0;
    expect(bars).toBeGreaterThan(10);
    // Solid, the hunter can leave its wing only by walking; liquid it reaches Sarah's cell under the door.
    expect(solid[idx(map, map.spawns.sarah)]).toBe(0);
    expect(liquid[idx(map, map.spawns.sarah)]).toBe(1);
    expect(pathLength(map, t, map.spawns.sarah, true)).toBeLessThan(
      pathLength(map, t, map.spawns.sarah, false) - 10,
    );
  });
});

/** Shortest 4-connected walk in tiles for a solid character, with the named doors open. */
function walk(m: GameMap, from: Vec2, to: Vec2, open: string[]): number {
  const opened = new Set(m.doors.filter((d) => open.includes(d.name)).flatMap((d) => d.tiles));
  return distance(m, from, to, (n) => opened.has(n) || !(TILE_FLAGS[m.tiles[n]] & (BLOCKS_WALK | DEADLY)));
}

/** Shortest 4-connected walk in tiles; liquid passes bars and locked doors, solid opens every door. */
function pathLength(m: GameMap, from: Vec2, to: Vec2, liquid: boolean): number {
  return distance(m, from, to, (n) => {
    const f = TILE_FLAGS[m.tiles[n]];
    return liquid
      ? !(f & (BLOCKS_LIQUID | DEADLY))
      : m.tiles[n] === Tile.DoorLocked || !(f & (BLOCKS_WALK | DEADLY));
  });
}

function distance(m: GameMap, from: Vec2, to: Vec2, ok: (n: number) => boolean): number {
  const dist = new Int32Array(m.width * m.height).fill(-1);
  const start = idx(m, from);
  const goal = idx(m, to);
  dist[start] = 0;
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    if (i === goal) return dist[i];
    const x = i % m.width;
    for (const n of [i - m.width, i + m.width, x > 0 ? i - 1 : -1, x < m.width - 1 ? i + 1 : -1]) {
      if (n < 0 || n >= dist.length || dist[n] >= 0 || !ok(n)) continue;
      dist[n] = dist[i] + 1;
      queue.push(n);
    }
  }
  return Number.POSITIVE_INFINITY;
}
