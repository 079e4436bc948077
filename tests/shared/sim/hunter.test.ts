import { describe, expect, it } from 'vitest';
import type { PlayerRole } from '../../../shared/roles.js';
import { Button, type World } from '../../../shared/sim/types.js';
import { seeEntity } from '../../../shared/sim/vision.js';
import {
  asciiMap,
  input,
  moveTo,
  npcsOf,
  npcWorld,
  ofType,
  place,
  record,
  room,
  run,
  testWorld,
  tick,
} from './fixtures.js';

/** GAME.md, T-1000: mimic and liquid. */

const arena = (roles: PlayerRole[] = ['t1000', 'john', 'sarah']) => testWorld(asciiMap(room(30, 14)), roles);
const press = (w: World, buttons: number, extra: Partial<Parameters<typeof input>[0]> = {}) =>
  tick(w, { t1000: input({ buttons, ...extra }) });
const mimic = (w: World) => press(w, Button.Interact);
const melt = (w: World) => press(w, Button.Liquid);

describe('mimic: on touch, within 1.0 tile of an escort or NPC', () => {
  it('takes the look of an escort within 1.0 tile: role, name, colour', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    const s = place(w, 'sarah', 10.95, 7);
    place(w, 'john', 3, 3);
    const evs = mimic(w);
    expect(ofType(evs, 'mimic')).toHaveLength(1);
    expect(t).toMatchObject({ mimicRole: 'sarah', mimicName: s.name, mimicColor: s.color });
  });

  it('reaches no farther than 1.0 tile', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    place(w, 'sarah', 11.1, 7);
    place(w, 'john', 3, 3);
    expect(ofType(mimic(w), 'mimic')).toHaveLength(0);
    expect(t.mimicRole).toBe('');
  });

  it('takes the look of an NPC (a civilian, with its name and colour)', () => {
    const w = npcWorld(asciiMap(room(30, 14)), { roles: ['t1000', 'john'], civilians: 3 });
    const t = place(w, 't1000', 10, 7);
    place(w, 'john', 3, 3);
    const [c, ...rest] = npcsOf(w, 'civilian');
    rest.forEach((o, i) => {
      moveTo(w, o, 20 + i * 2, 10);
    });
    moveTo(w, c, 10.8, 7);
    mimic(w);
    expect(t).toMatchObject({
      mimicRole: 'civilian',
      mimicName: c.name,
      mimicColor: c.color,
      mimicLife: 'healthy',
    });
  });

  for (const unit of ['police', 'guard'] as const) {
    it(`takes the look of a ${unit === 'police' ? 'police officer' : 'guard'}`, () => {
      const map = asciiMap(room(30, 14), {
        patrols: [{ name: 'p', unit, points: [{ x: 20, y: 7 }], loop: false, weight: 1 }],
      });
      const w = npcWorld(map, { roles: ['t1000', 'john'], police: 1 });
      const t = place(w, 't1000', 10, 7);
      place(w, 'john', 3, 3);
      const npc = moveTo(w, npcsOf(w, unit)[0], 10.8, 7);
      npc.wait = 100;
      mimic(w);
      expect(t).toMatchObject({ mimicRole: unit, mimicName: npc.name, mimicColor: npc.color });
    });
  }

  it('in a crowd, a T-1000 disguised as a civilian looks to escorts exactly like one', () => {
    const w = npcWorld(asciiMap(room(30, 14)), { roles: ['t1000', 'john'], civilians: 1 });
    const t = place(w, 't1000', 10, 7);
    place(w, 'john', 6, 7);
    const c = moveTo(w, npcsOf(w, 'civilian')[0], 10.8, 7);
    c.wait = 100;
    mimic(w);
    const fake = seeEntity(w, t, 'escort');
    const real = seeEntity(w, c, 'escort');
    expect(Object.keys(fake).sort()).toEqual(Object.keys(real).sort());
    const { publicId: _a, x: _b, y: _c, facing: _d, vx: _e, vy: _f, ...fakeLook } = fake;
    const { publicId: _g, x: _h, y: _i, facing: _j, vx: _k, vy: _l, ...realLook } = real;
    expect(fakeLook).toEqual(realLook);
  });

  it('to escorts the disguise is the real one on the wire: same fields, same look, an opaque new id', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    const j = place(w, 'john', 10.9, 7);
    place(w, 'sarah', 3, 3);
    const before = t.publicId;
    mimic(w);
    const fake = seeEntity(w, t, 'escort');
    const real = seeEntity(w, j, 'escort');
    expect(Object.keys(fake).sort()).toEqual(Object.keys(real).sort());
    for (const k of [
      'role',
      'name',
      'color',
      'life',
      'liquid',
      'stunned',
      'action',
      'trueRole',
      'entityId',
    ] as const) {
      expect(fake[k], k).toEqual(real[k]);
    }
    expect(fake.trueRole).toBeNull();
    expect(fake.entityId).toBeNull();
    expect(fake.publicId).not.toBe(before);
    expect(fake.publicId).not.toBe(j.publicId);
    expect(JSON.stringify(fake)).not.toMatch(/t1000|T-1000/);
  });

  it('an injured escort copied looks injured', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    const j = place(w, 'john', 10.9, 7);
    place(w, 'sarah', 3, 3);
    j.life = 'injured';
    j.hits = 1;
    mimic(w);
    expect(seeEntity(w, t, 'escort').life).toBe('injured');
  });

  it('the hunter and spectators still see the T-1000 behind the look', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    place(w, 'john', 10.9, 7);
    place(w, 'sarah', 3, 3);
    mimic(w);
    expect(seeEntity(w, t, 'hunter')).toMatchObject({ role: 't1000', trueRole: 't1000' });
    expect(seeEntity(w, t, 'spectator')).toMatchObject({ role: 't1000', trueRole: 't1000' });
  });
});

describe('mimic: lasts 45 s, or until it strikes, is shot or goes liquid; cooldown 10 s', () => {
  const disguised = () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    place(w, 'john', 10.9, 7);
    place(w, 'sarah', 3, 7);
    mimic(w);
    expect(t.mimicRole).toBe('john');
    return { w, t };
  };

  it('the disguise lasts 45 s', () => {
    const { w, t } = disguised();
    run(w, 44.8);
    expect(t.mimicRole).toBe('john');
    const id = t.publicId;
    const evs = record(w, 0.4);
    expect(t.mimicRole).toBe('');
    expect(ofType(evs, 'unmask')).toHaveLength(1);
    expect(t.publicId).not.toBe(id);
  });

  it('the disguise ends when it strikes (not at the wind-up)', () => {
    const { w, t } = disguised();
    press(w, Button.Primary, { aim: Math.PI / 2 });
    expect(t.mimicRole).toBe('john');
    run(w, 0.5);
    expect(t.mimicRole).toBe('');
  });

  it('the disguise ends when it is shot', () => {
    const { w, t } = disguised();
    tick(w, { sarah: input({ aim: 0, buttons: Button.Primary }) });
    expect(t.stun).toBeGreaterThan(0);
    expect(t.mimicRole).toBe('');
  });

  it('the disguise ends when it goes liquid', () => {
    const { w, t } = disguised();
    melt(w);
    expect(t.mimicRole).toBe('');
  });

  it('mimic has a 10 s cooldown', () => {
    const { w, t } = disguised();
    place(w, 'sarah', 9.25, 7);
    run(w, 9.8);
    mimic(w);
    expect(t.mimicRole).toBe('john');
    run(w, 0.3);
    mimic(w);
    expect(t.mimicRole).toBe('sarah');
  });

  it('every change of look draws a new public id', () => {
    const { w, t } = disguised();
    const ids = new Set([t.publicId]);
    melt(w);
    ids.add(t.publicId);
    expect(ids.size).toBe(2);
  });
});

describe('liquid: 0.6 s to melt or reform, speed 2.6', () => {
  it('melting takes 0.6 s', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    const evs = melt(w);
    expect(ofType(evs, 'melt')).toHaveLength(1);
    expect(t.liquid).toBe(true);
    run(w, 0.55);
    expect(t.morph).toBeGreaterThan(0);
    run(w, 0.1);
    expect(t.morph).toBe(0);
  });

  it('a liquid T-1000 moves at 2.6 tiles/s', () => {
    const w = arena();
    const t = place(w, 't1000', 5, 7);
    melt(w);
    run(w, 0.7);
    const x = t.x;
    run(w, 2, { t1000: input({ moveX: 1 }) });
    expect(t.x - x).toBeCloseTo(5.2, 2);
  });

  it('reforming takes 0.6 s, and it walks at 5.2 again after', () => {
    const w = arena();
    const t = place(w, 't1000', 5, 7);
    melt(w);
    run(w, 0.7);
    const evs = melt(w);
    expect(ofType(evs, 'reform')).toHaveLength(1);
    expect(t.liquid).toBe(false);
    expect(t.morph).toBeGreaterThan(0);
    run(w, 0.65);
    expect(t.morph).toBe(0);
    const x = t.x;
    run(w, 1, { t1000: input({ moveX: 1 }) });
    expect(t.x - x).toBeCloseTo(5.2, 2);
  });

  it('a liquid T-1000 cannot strike or mimic', () => {
    const w = arena();
    const t = place(w, 't1000', 10, 7);
    const j = place(w, 'john', 10.9, 7);
    melt(w);
    run(w, 0.7);
    const evs = record(w, 1, () => ({
      t1000: input({ buttons: w.tick % 2 ? Button.Primary : Button.Interact }),
    }));
    expect(ofType(evs, 'windup')).toHaveLength(0);
    expect(ofType(evs, 'mimic')).toHaveLength(0);
    expect(j.life).toBe('healthy');
    expect(t.mimicRole).toBe('');
  });

  it('neither can it while reforming', () => {
    const w = arena();
    place(w, 't1000', 10, 7);
    place(w, 'john', 10.9, 7);
    melt(w);
    run(w, 0.7);
    melt(w);
    const evs = record(w, 0.3, () => ({
      t1000: input({ buttons: w.tick % 2 ? Button.Primary : Button.Interact }),
    }));
    expect(ofType(evs, 'windup')).toHaveLength(0);
    expect(ofType(evs, 'mimic')).toHaveLength(0);
  });
});

describe('liquid: slides through bars and under locked doors, cannot reform inside them', () => {
  const BARS = ['##########', '#...|....#', '#...D....#', '#...#....#', '##########'];

  it('a liquid T-1000 passes bars; John does not', () => {
    const w = testWorld(asciiMap(BARS), ['t1000', 'john']);
    const t = place(w, 't1000', 2.5, 1.5);
    const j = place(w, 'john', 2.5, 3.5);
    melt(w);
    run(w, 0.7);
    run(w, 2, { t1000: input({ moveX: 1 }), john: input({ moveX: 1, moveY: -1 }) });
    expect(t.x).toBeGreaterThan(5.5);
    expect(j.x).toBeLessThan(4);
  });

  it('a melting T-1000 is not yet through the bars', () => {
    const w = testWorld(asciiMap(BARS), ['t1000', 'john']);
    const t = place(w, 't1000', 3.6, 1.5);
    place(w, 'john', 1.5, 3.5);
    tick(w, { t1000: input({ moveX: 1, buttons: Button.Liquid }) });
    run(w, 0.4, { t1000: input({ moveX: 1 }) });
    expect(t.morph).toBeGreaterThan(0);
    expect(t.x).toBeLessThanOrEqual(4 - 0.35 + 1e-9);
  });

  it('it cannot reform inside bars, and can once out', () => {
    const w = testWorld(asciiMap(BARS), ['t1000', 'john']);
    const t = place(w, 't1000', 3, 1.5);
    place(w, 'john', 1.5, 3.5);
    melt(w);
    run(w, 0.7);
    run(w, 0.5, { t1000: input({ moveX: 1 }) });
    expect(Math.floor(t.x)).toBe(4);
    expect(ofType(melt(w), 'reform')).toHaveLength(0);
    expect(t.liquid).toBe(true);
    run(w, 0.6, { t1000: input({ moveX: 1 }) });
    expect(ofType(melt(w), 'reform')).toHaveLength(1);
    expect(t.liquid).toBe(false);
  });

  it('it cannot reform under a locked door', () => {
    const w = testWorld(asciiMap(BARS), ['t1000', 'john']);
    const t = place(w, 't1000', 4.5, 2.5);
    place(w, 'john', 1.5, 3.5);
    t.liquid = true;
    expect(ofType(melt(w), 'reform')).toHaveLength(0);
    expect(t.liquid).toBe(true);
  });

  it('a wall stops the liquid T-1000', () => {
    const w = testWorld(asciiMap(BARS), ['t1000', 'john']);
    const t = place(w, 't1000', 2.5, 3.5);
    place(w, 'john', 1.5, 1.5);
    melt(w);
    run(w, 0.7);
    run(w, 2, { t1000: input({ moveX: 1 }) });
    expect(t.x).toBeCloseTo(4 - 0.35, 6);
  });
});
