import { describe, expect, it } from 'vitest';
import type { PlayerRole } from '../../../shared/roles.js';
import type { Viewer } from '../../../shared/sim/perception.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { Button, type Entity, type World } from '../../../shared/sim/types.js';
import { eventVisibleTo, perceive, seeEntity, visibleIds } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';
import {
  asciiMap,
  ent,
  input,
  moveTo,
  npcsOf,
  npcWorld,
  ofType,
  place,
  room,
  run,
  testWorld,
  tick,
} from './fixtures.js';

/** GAME.md, Vision: what each client is sent. */

const sees = (w: World, viewer: Viewer, e: Entity) => visibleIds(w, viewer).includes(e.id);
const open = (roles: PlayerRole[] = ['t1000', 'john']) => testWorld(asciiMap(room(60, 20)), roles);
/** A 60 × 20 room with a north–south line of `tile` at x = 20 (y 1–18). */
const divided = (tile: string, roles: PlayerRole[] = ['t1000', 'john']) =>
  testWorld(
    asciiMap(room(60, 20).map((r, y) => (y > 0 && y < 19 ? `${r.slice(0, 20)}${tile}${r.slice(21)}` : r))),
    roles,
  );

describe('escorts share team vision: 10 tiles and line of sight', () => {
  it('an escort sees the T-1000 within 10 tiles', () => {
    const w = open();
    place(w, 'john', 5, 10);
    const t = place(w, 't1000', 14.8, 10);
    expect(sees(w, 'escort', t)).toBe(true);
  });

  it('an escort does not see the T-1000 beyond 10 tiles', () => {
    const w = open();
    place(w, 'john', 5, 10);
    const t = place(w, 't1000', 15.3, 10);
    expect(sees(w, 'escort', t)).toBe(false);
  });

  it('what one escort sees, the whole team sees', () => {
    const w = open(['t1000', 'john', 'dyson']);
    place(w, 'john', 3, 3);
    place(w, 'dyson', 40, 10);
    const t = place(w, 't1000', 45, 10);
    expect(sees(w, 'escort', t)).toBe(true);
  });

  it('escorts always see each other', () => {
    const w = open(['t1000', 'john', 'sarah']);
    const j = place(w, 'john', 3, 3);
    const s = place(w, 'sarah', 55, 17);
    expect(sees(w, 'escort', j)).toBe(true);
    expect(sees(w, 'escort', s)).toBe(true);
  });

  it('NPCs are seen by the same rule', () => {
    const w = npcWorld(asciiMap(room(60, 20)), { roles: ['t1000', 'john'], civilians: 2 });
    place(w, 'john', 5, 10);
    place(w, 't1000', 55, 18);
    const [near, far] = npcsOf(w, 'civilian');
    moveTo(w, near, 12, 13);
    moveTo(w, far, 25, 10);
    expect(sees(w, 'escort', near)).toBe(true);
    expect(sees(w, 'escort', far)).toBe(false);
  });

  it('an eliminated escort no longer gives the team vision', () => {
    const w = open(['t1000', 'john', 'sarah']);
    place(w, 'john', 3, 3);
    const s = place(w, 'sarah', 40, 10);
    const t = place(w, 't1000', 45, 10);
    expect(sees(w, 'escort', t)).toBe(true);
    s.life = 'eliminated';
    refresh(w);
    expect(sees(w, 'escort', t)).toBe(false);
  });
});

describe('the T-1000 sees 11 tiles in line of sight', () => {
  it('the hunter sees an escort within 11 tiles', () => {
    const w = open();
    place(w, 't1000', 5, 10);
    const j = place(w, 'john', 15.8, 10);
    expect(sees(w, 'hunter', j)).toBe(true);
  });

  it('the hunter does not see beyond 11 tiles', () => {
    const w = open();
    place(w, 't1000', 5, 10);
    const j = place(w, 'john', 16.3, 10);
    expect(sees(w, 'hunter', j)).toBe(false);
  });
});

describe('walls and locked doors block sight; bars and open doors do not', () => {
  for (const [tile, name, blocks] of [
    ['#', 'a wall', true],
    ['D', 'a locked door', true],
    ['|', 'bars', false],
    ['d', 'an open door', false],
  ] as const) {
    it(`${name} ${blocks ? 'blocks' : 'does not block'} the sight of escorts and hunter`, () => {
      const w = divided(tile);
      const j = place(w, 'john', 17, 10);
      const t = place(w, 't1000', 24, 10);
      expect(sees(w, 'escort', t)).toBe(!blocks);
      expect(sees(w, 'hunter', j)).toBe(!blocks);
    });
  }
});

describe('the liquid T-1000: escorts see nothing of it unless an escort is within 2.5 tiles', () => {
  const puddle = (d: number) => {
    const w = open();
    place(w, 'john', 10, 10);
    const t = place(w, 't1000', 10 + d, 10);
    t.liquid = true;
    t.morph = 0;
    refresh(w);
    return { w, t };
  };

  it('a puddle 3 tiles from every escort is not sent to escorts', () => {
    const { w, t } = puddle(3);
    expect(sees(w, 'escort', t)).toBe(false);
    expect(perceive(w, 'john').seen.some((s) => s.liquid)).toBe(false);
  });

  it('a puddle within 2.5 tiles of an escort is seen, as a puddle', () => {
    const { w, t } = puddle(2.4);
    expect(sees(w, 'escort', t)).toBe(true);
    expect(seeEntity(w, t, 'escort').liquid).toBe(true);
  });

  it('the melt itself is seen from afar', () => {
    const w = open();
    place(w, 'john', 10, 10);
    const t = place(w, 't1000', 17, 10);
    const evs = tick(w, { t1000: input({ buttons: Button.Liquid }) });
    expect(sees(w, 'escort', t)).toBe(true);
    expect(eventVisibleTo(w, ofType(evs, 'melt')[0], 'escort')).toBe(true);
    run(w, 0.7);
    expect(sees(w, 'escort', t)).toBe(false);
  });

  it('the hunter and spectators always see it', () => {
    const { w, t } = puddle(5);
    expect(sees(w, 'hunter', t)).toBe(true);
    expect(sees(w, 'spectator', t)).toBe(true);
  });
});

describe('after an alarm the T-1000 sees every escort for 5 s', () => {
  it('a guard alarm reveals all escorts to the hunter for 5 s', () => {
    const map = asciiMap(room(60, 20), {
      zones: [
        { name: 'streets', x: 0, y: 0, w: 30, h: 20 },
        { name: 'cyberdyne', x: 30, y: 0, w: 30, h: 20 },
      ],
      patrols: [{ name: 'g', unit: 'guard', points: [{ x: 40, y: 10 }], loop: false, weight: 1 }],
    });
    const w = npcWorld(map, { roles: ['t1000', 'john', 'sarah'], police: 1 });
    place(w, 't1000', 3, 3);
    const j = place(w, 'john', 36, 10);
    const s = place(w, 'sarah', 20, 18);
    expect(sees(w, 'hunter', j)).toBe(false);
    tick(w);
    expect(w.alarm.reveal).toBeGreaterThan(0);
    expect(sees(w, 'hunter', j)).toBe(true);
    expect(sees(w, 'hunter', s)).toBe(true);
    place(w, 'john', 20, 16);
    run(w, 4.8);
    expect(sees(w, 'hunter', j)).toBe(true);
    run(w, 0.3);
    expect(sees(w, 'hunter', j)).toBe(false);
    expect(sees(w, 'hunter', s)).toBe(false);
  });
});

describe('spectators see everything, true identities included', () => {
  it('every entity in the match, far or hidden, with its true role', () => {
    const w = npcWorld(asciiMap(room(60, 20)), { roles: ['t1000', 'john', 'sarah'], civilians: 5 });
    const t = place(w, 't1000', 10, 10);
    place(w, 'john', 10.9, 10);
    place(w, 'sarah', 50, 10);
    tick(w, { t1000: input({ buttons: Button.Interact }) });
    expect(t.mimicRole).toBe('john');
    const ids = visibleIds(w, 'spectator');
    expect([...ids].sort((a, b) => a - b)).toEqual(w.entities.map((e) => e.id));
    expect(seeEntity(w, t, 'spectator')).toMatchObject({ role: 't1000', trueRole: 't1000', entityId: t.id });
    for (const c of npcsOf(w, 'civilian')) expect(seeEntity(w, c, 'spectator').trueRole).toBe('civilian');
  });

  it('escort viewers never get a true role or an internal id', () => {
    const w = npcWorld(asciiMap(room(60, 20)), { roles: ['t1000', 'john', 'sarah'], civilians: 5 });
    place(w, 't1000', 8, 8);
    for (const id of visibleIds(w, 'escort')) {
      const s = seeEntity(w, w.entities[id], 'escort');
      expect(s.trueRole).toBeNull();
      expect(s.entityId).toBeNull();
    }
  });
});

describe('events are filtered per viewer', () => {
  it("a 'mimic' event never reaches escorts, even in plain view", () => {
    const w = open();
    place(w, 't1000', 10, 10);
    place(w, 'john', 10.9, 10);
    const evs = tick(w, { t1000: input({ buttons: Button.Interact }) });
    const m = ofType(evs, 'mimic');
    expect(m).toHaveLength(1);
    expect(eventVisibleTo(w, m[0], 'escort')).toBe(false);
    expect(eventVisibleTo(w, m[0], 'hunter')).toBe(true);
    expect(eventVisibleTo(w, m[0], 'spectator')).toBe(true);
    expect(perceive(w, 'john').events.some((e) => e.type === 'mimic')).toBe(false);
    expect(perceive(w, 't1000').events.some((e) => e.type === 'mimic')).toBe(true);
  });

  it('a shot hitting an unseen puddle tells the escorts nothing', () => {
    const w = open(['t1000', 'john', 'sarah']);
    place(w, 'john', 3, 3);
    place(w, 'sarah', 10, 10);
    const t = place(w, 't1000', 15, 10);
    t.liquid = true;
    t.morph = 0;
    refresh(w);
    const evs = tick(w, { sarah: input({ aim: 0, buttons: Button.Primary }) });
    const hit = ofType(evs, 'shot-hit');
    expect(hit).toHaveLength(1);
    expect(eventVisibleTo(w, hit[0], 'escort')).toBe(false);
    expect(eventVisibleTo(w, ofType(evs, 'shot')[0], 'escort')).toBe(true);
    expect(eventVisibleTo(w, hit[0], 'hunter')).toBe(true);
    expect(perceive(w, 'sarah').events.map((e) => e.type)).not.toContain('shot-hit');
  });

  it('an event by an entity a viewer cannot see is not sent to it', () => {
    const w = open();
    place(w, 'john', 5, 5);
    place(w, 't1000', 40, 15);
    const evs = tick(w, { t1000: input({ buttons: Button.Liquid }) });
    expect(eventVisibleTo(w, ofType(evs, 'melt')[0], 'escort')).toBe(false);
    expect(eventVisibleTo(w, ofType(evs, 'melt')[0], 'hunter')).toBe(true);
  });

  it('public events (a door opening, an act, the end) reach every viewer', () => {
    const w = testWorld(asciiMap(['##########', '#...D....#', '##########', '#........#', '##########']), [
      't1000',
      'john',
    ]);
    place(w, 'john', 3.5, 1.5);
    place(w, 't1000', 8.5, 3.5);
    let door = ofType(tick(w, { john: input({ buttons: Button.Interact }) }), 'door');
    for (let i = 0; i < 240 && door.length === 0; i++) {
      door = ofType(tick(w, { john: input({ buttons: Button.Interact }) }), 'door');
    }
    expect(door).toHaveLength(1);
    expect(sees(w, 'hunter', ent(w, 'john'))).toBe(false);
    expect(eventVisibleTo(w, door[0], 'hunter')).toBe(true);
    for (const type of ['act', 'end', 'objective', 'alarm'] as const) {
      expect(
        eventVisibleTo(w, { type, by: ent(w, 'john').id, target: -1, x: 0, y: 0, value: 0 }, 'hunter'),
      ).toBe(true);
    }
  });
});

describe('perception: what a client or bot is given', () => {
  it("an escort's perception holds only what the team sees, the disguise as its look", () => {
    const w = open(['t1000', 'john', 'sarah']);
    const t = place(w, 't1000', 10, 10);
    const s = place(w, 'sarah', 10.9, 10);
    place(w, 'john', 5, 10);
    tick(w, { t1000: input({ buttons: Button.Interact }) });
    const p = perceive(w, 'john');
    expect(p.viewer).toBe('escort');
    expect(p.self?.id).toBe(ent(w, 'john').id);
    const sarahs = p.seen.filter((e) => e.role === 'sarah');
    expect(sarahs).toHaveLength(2);
    expect(new Set(sarahs.map((e) => e.name))).toEqual(new Set([s.name]));
    expect(p.seen.every((e) => e.trueRole === null)).toBe(true);
    place(w, 't1000', 40, 10);
    expect(perceive(w, 'john').seen.some((e) => e.publicId === t.publicId)).toBe(false);
  });

  it('the order escorts are sent things in does not tell a disguise from the real one', () => {
    let fakeFirst = 0;
    let realFirst = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const w = createWorld({ map: asciiMap(room(60, 20)), seed, roles: ['t1000', 'john', 'sarah'] });
      const t = place(w, 't1000', 10, 10);
      const j = place(w, 'john', 10.9, 10);
      place(w, 'sarah', 5, 10);
      tick(w, { t1000: input({ buttons: Button.Interact }) });
      expect(t.mimicRole).toBe('john');
      const order = perceive(w, 'sarah').seen.map((s) => s.publicId);
      if (order.indexOf(t.publicId) < order.indexOf(j.publicId)) fakeFirst++;
      else realFirst++;
    }
    expect(fakeFirst).toBeGreaterThan(0);
    expect(realFirst).toBeGreaterThan(0);
  });

  it('the Judgment Day clock counts down in every perception', () => {
    const w = open();
    run(w, 10);
    expect(perceive(w, 'john').clockLeft).toBeCloseTo(890, 6);
    expect(perceive(w, 't1000').clockLeft).toBeCloseTo(890, 6);
  });
});
