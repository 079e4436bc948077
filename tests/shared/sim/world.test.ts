import { describe, expect, it } from 'vitest';
import { Tile } from '../../../shared/map/tiles.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import { createWorld, playerEntity } from '../../../shared/sim/world.js';
import { DEFAULT_OPTIONS } from '../../../shared/tuning.js';
import { asciiMap, room } from './fixtures.js';

/** GAME.md, Roles and NPCs: who is in a match, where they start, how many NPCs. */

const MAP = asciiMap(
  [
    '####################',
    '#..#...............#',
    '#..D...............#',
    '#..#...............#',
    '####...............#',
    '#..................#',
    '#..................#',
    '####################',
  ],
  {
    doorKinds: ['cell'],
    spawns: {
      john: { x: 5.5, y: 2.5 },
      t800: { x: 6.5, y: 2.5 },
      sarah: { x: 1.5, y: 2.5 },
      dyson: { x: 15.5, y: 5.5 },
      t1000: { x: 18.5, y: 1.5 },
    },
    patrols: [
      {
        name: 'beat',
        unit: 'police',
        points: [
          { x: 6, y: 5.5 },
          { x: 16, y: 5.5 },
        ],
        loop: false,
        weight: 3,
      },
      { name: 'post', unit: 'guard', points: [{ x: 12, y: 2 }], loop: false, weight: 1 },
    ],
    pois: [
      { x: 8, y: 3 },
      { x: 14, y: 6 },
    ],
  },
);

describe('who is in a match', () => {
  it('John and the T-1000 are always in a match', () => {
    const w = createWorld({ map: MAP, seed: 3, roles: ['sarah'] });
    expect(Object.keys(w.players).sort()).toEqual(['john', 'sarah', 't1000']);
    const none = createWorld({ map: MAP, seed: 3, roles: [] });
    expect(Object.keys(none.players).sort()).toEqual(['john', 't1000']);
  });

  it('by default all five roles play', () => {
    const w = createWorld({ map: MAP, seed: 3 });
    expect(Object.keys(w.players).sort()).toEqual([...PLAYER_ROLES].sort());
  });

  it('every character starts at its spawn (Sarah in her cell)', () => {
    const w = createWorld({ map: MAP, seed: 3 });
    for (const role of PLAYER_ROLES) {
      const e = playerEntity(w, role);
      expect(e && { x: e.x, y: e.y }, role).toEqual(MAP.spawns[role]);
    }
    expect(w.doors[0].open).toBe(false);
    expect(w.tiles[MAP.doors[0].tiles[0]]).toBe(Tile.DoorLocked);
  });

  it('the T-800 starts with 8 shells', () => {
    const w = createWorld({ map: MAP, seed: 3 });
    expect(playerEntity(w, 't800')?.ammo).toBe(8);
  });

  it('the match starts in act 1, nothing decided, the clock at 15 minutes', () => {
    const w = createWorld({ map: MAP, seed: 3 });
    expect(w).toMatchObject({ act: 1, result: null, over: false, time: 0, tick: 0 });
    expect(w.options).toEqual(DEFAULT_OPTIONS);
  });
});

describe('NPCs: ★ police and guards, ★ civilians', () => {
  it('defaults: 30 police and guards, 120 civilians', () => {
    expect(DEFAULT_OPTIONS).toMatchObject({ police: 30, civilians: 120, bots: true });
    const w = createWorld({ map: MAP, seed: 3 });
    expect(w.entities.filter((e) => e.role === 'police' || e.role === 'guard')).toHaveLength(30);
    expect(w.entities.filter((e) => e.role === 'civilian')).toHaveLength(120);
  });

  it('the host sets the counts; police and guards share the pool by route weight', () => {
    const w = createWorld({ map: MAP, seed: 3, options: { police: 8, civilians: 5 } });
    expect(w.entities.filter((e) => e.role === 'police')).toHaveLength(6);
    expect(w.entities.filter((e) => e.role === 'guard')).toHaveLength(2);
    expect(w.entities.filter((e) => e.role === 'civilian')).toHaveLength(5);
  });

  it('patrol units start on a waypoint of their route; civilians near a point of interest', () => {
    const w = createWorld({ map: MAP, seed: 3, options: { police: 8, civilians: 20 } });
    for (const e of w.entities) {
      if (e.role === 'police' || e.role === 'guard') {
        expect(MAP.patrols[e.route].unit).toBe(e.role);
        expect(MAP.patrols[e.route].points).toContainEqual({ x: e.x, y: e.y });
      } else if (e.role === 'civilian') {
        expect(Math.min(...MAP.pois.map((p) => Math.hypot(p.x - e.x, p.y - e.y)))).toBeLessThanOrEqual(
          1.5 * Math.SQRT2,
        );
      }
    }
  });

  it('a map without routes or points of interest has no NPCs', () => {
    const w = createWorld({ map: asciiMap(room(10, 10), { pois: [] }), seed: 3 });
    expect(w.entities.map((e) => e.role).sort()).toEqual([...PLAYER_ROLES].sort());
  });
});

describe('public ids are opaque', () => {
  it('every entity has a distinct positive public id, not its index', () => {
    const w = createWorld({ map: MAP, seed: 3 });
    const ids = w.entities.map((e) => e.publicId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id > 0)).toBe(true);
    expect(w.entities.filter((e) => e.publicId === e.id)).toHaveLength(0);
  });
});
