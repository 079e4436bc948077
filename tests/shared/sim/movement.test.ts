import { describe, expect, it } from 'vitest';
import { BLOCKS_LIQUID, BLOCKS_WALK } from '../../../shared/map/tiles.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { moveCircle, overlapsBlocked } from '../../../shared/sim/movement.js';
import { Button, type Entity, type World } from '../../../shared/sim/types.js';
import { ENTITY_RADIUS } from '../../../shared/tuning.js';
import { asciiMap, ent, input, moveTo, npcsOf, npcWorld, place, room, run, testWorld } from './fixtures.js';

/**
 * GAME.md, World: circles of radius 0.35 moving against the tile table.
 * Each lane of this map is a one-tile corridor with one tile of a kind at x = 5.
 */
const LANES = [
  '############',
  '#....|.....#', // y 1: bars
  '############',
  '#....D.....#', // y 3: locked door
  '############',
  '#....d.....#', // y 5: open door
  '############',
  '#....~.....#', // y 7: molten steel
  '############',
  '#....#.....#', // y 9: wall
  '############',
];
const LANE = { bars: 1.5, locked: 3.5, open: 5.5, steel: 7.5, wall: 9.5 } as const;
type Lane = keyof typeof LANE;

const lanesWorld = (roles: PlayerRole[] = ['t1000', 'john']) =>
  npcWorld(asciiMap(LANES), { roles, civilians: 1 });

/** Walk a player east along a lane for 2 s; returns it. */
function walkLane(w: World, role: PlayerRole, lane: Lane, liquid = false): Entity {
  const e = place(w, role, 2.5, LANE[lane]);
  if (liquid) {
    run(w, 1 / 30, { [role]: input({ buttons: Button.Liquid }) });
    run(w, 0.7);
    expect(e.liquid && e.morph === 0).toBe(true);
  }
  run(w, 2, { [role]: input({ moveX: 1 }) });
  return e;
}

/** Send the civilian east along a lane for 4 s; returns it. */
function civilianLane(w: World, lane: Lane): Entity {
  const c = moveTo(w, npcsOf(w, 'civilian')[0], 2.5, LANE[lane]);
  c.goalX = 9.5;
  c.goalY = LANE[lane];
  c.wait = 0;
  run(w, 4);
  return c;
}

const passed = (e: Entity) => e.x > 6;
const stopped = (e: Entity) => e.x <= 5 - ENTITY_RADIUS + 1e-6;

describe('the tile table: escorts and NPCs', () => {
  for (const [lane, pass] of [
    ['bars', false],
    ['locked', false],
    ['open', true],
    ['wall', false],
  ] as const) {
    it(`an escort ${pass ? 'passes' : 'is blocked by'} ${lane === 'open' ? 'an open door' : lane === 'locked' ? 'a locked door' : lane}`, () => {
      const w = lanesWorld();
      const j = walkLane(w, 'john', lane);
      expect(pass ? passed(j) : stopped(j)).toBe(true);
    });
    it(`an NPC ${pass ? 'passes' : 'is blocked by'} ${lane === 'open' ? 'an open door' : lane === 'locked' ? 'a locked door' : lane}`, () => {
      const w = lanesWorld();
      const c = civilianLane(w, lane);
      expect(pass ? passed(c) : stopped(c)).toBe(true);
    });
  }

  it('molten steel kills an escort who walks in', () => {
    const w = lanesWorld(['t1000', 'john', 'sarah']);
    const s = walkLane(w, 'sarah', 'steel');
    expect(s.life).toBe('destroyed');
  });

  it('molten steel kills an NPC that walks in', () => {
    const w = lanesWorld();
    expect(civilianLane(w, 'steel').life).toBe('destroyed');
  });
});

describe('the tile table: the solid T-1000', () => {
  for (const [lane, pass] of [
    ['bars', false],
    ['locked', false],
    ['open', true],
    ['wall', false],
  ] as const) {
    it(`the solid T-1000 ${pass ? 'passes' : 'is blocked by'} ${lane}`, () => {
      const w = lanesWorld();
      const t = walkLane(w, 't1000', lane);
      expect(pass ? passed(t) : stopped(t)).toBe(true);
    });
  }
  it('molten steel destroys the solid T-1000', () => {
    const w = lanesWorld();
    expect(walkLane(w, 't1000', 'steel').life).toBe('destroyed');
  });
});

describe('the tile table: the liquid T-1000', () => {
  for (const [lane, pass] of [
    ['bars', true],
    ['locked', true],
    ['open', true],
    ['wall', false],
  ] as const) {
    it(`the liquid T-1000 ${pass ? 'passes' : 'is blocked by'} ${lane}`, () => {
      const w = lanesWorld();
      const t = walkLane(w, 't1000', lane, true);
      expect(pass ? passed(t) : stopped(t)).toBe(true);
    });
  }
  it('molten steel destroys the liquid T-1000', () => {
    const w = lanesWorld();
    expect(walkLane(w, 't1000', 'steel', true).life).toBe('destroyed');
  });
});

describe('circles against tiles (moveCircle)', () => {
  const m = asciiMap(room(10, 10));
  it('a circle slides along a wall instead of stopping', () => {
    const p = { x: 2, y: 1.5 };
    moveCircle(m.tiles, m.width, m.height, p, 3, -3, BLOCKS_WALK);
    expect(p.y).toBeCloseTo(1 + ENTITY_RADIUS, 6);
    expect(p.x).toBeCloseTo(5, 6);
  });
  it('a fast move never tunnels through a one-tile wall', () => {
    const t = asciiMap(['#######', '#..#..#', '#######']);
    const p = { x: 1.5, y: 1.5 };
    moveCircle(t.tiles, t.width, t.height, p, 50, 0, BLOCKS_WALK);
    expect(p.x).toBeLessThanOrEqual(3 - ENTITY_RADIUS + 1e-9);
  });
  it('the edge of the map blocks like a wall', () => {
    const open = asciiMap(['....', '....']);
    const p = { x: 1, y: 1 };
    moveCircle(open.tiles, open.width, open.height, p, -5, 0, BLOCKS_WALK);
    expect(p.x).toBeCloseTo(ENTITY_RADIUS, 6);
  });
  it('bars block a walking circle but not a liquid one', () => {
    const t = asciiMap(['#####', '#.|.#', '#####']);
    expect(overlapsBlocked(t.tiles, t.width, t.height, 2.5, 1.5, BLOCKS_WALK)).toBe(true);
    expect(overlapsBlocked(t.tiles, t.width, t.height, 2.5, 1.5, BLOCKS_LIQUID)).toBe(false);
  });
});

describe('entities are circles of radius 0.35', () => {
  it('two characters walking into each other stop 0.7 apart', () => {
    const w = testWorld(asciiMap(room(20, 5)), ['t1000', 'john', 'sarah']);
    place(w, 't1000', 17, 3);
    place(w, 'john', 5, 2.5);
    place(w, 'sarah', 9, 2.5);
    run(w, 1.5, { john: input({ moveX: 1 }), sarah: input({ moveX: -1 }) });
    const d = Math.abs(ent(w, 'john').x - ent(w, 'sarah').x);
    expect(d).toBeGreaterThan(2 * ENTITY_RADIUS - 0.05);
    expect(d).toBeLessThan(2 * ENTITY_RADIUS + 0.2);
  });
  it('a wall stops John at his radius', () => {
    const w = testWorld(asciiMap(['########', '#..#...#', '#..#...#', '########']), ['t1000', 'john']);
    place(w, 'john', 1.5, 1.5);
    run(w, 2, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').x).toBeCloseTo(3 - ENTITY_RADIUS, 6);
  });
});
