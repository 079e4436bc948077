import { describe, expect, it } from 'vitest';
import type { PlayerRole } from '../../../shared/roles.js';
import { Button, type World } from '../../../shared/sim/types.js';
import { eventVisibleTo, seeEntity } from '../../../shared/sim/vision.js';
import {
  asciiMap,
  ent,
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

/** GAME.md, T-1000 blade; Escorts' guns: stun, knockback, ammo, no friendly fire. */

const DEG = Math.PI / 180;
const arena = (roles: PlayerRole[] = ['t1000', 'john', 'sarah', 't800', 'dyson']) =>
  testWorld(asciiMap(room(30, 14)), roles);

/** Park the roles not used by a test in a far corner row, apart from each other. */
function park(w: World, ...roles: PlayerRole[]): void {
  roles.forEach((r, i) => {
    place(w, r, 2 + 2 * i, 12.5);
  });
}

/** The T-1000 taps the blade once, aimed at `aim`, and waits out the swing. */
function swing(w: World, aim = 0): void {
  tick(w, { t1000: input({ aim, buttons: Button.Primary }) });
  run(w, 0.55, { t1000: input({ aim }) });
}

/** One shot by `role` at `aim`; returns the events of that step. */
const shoot = (w: World, role: 'sarah' | 't800', aim = 0) =>
  tick(w, { [role]: input({ aim, buttons: Button.Primary }) });

describe('blade: a 0.4 s wind-up that everyone sees', () => {
  it('the wind-up is an event and a flag on the entity, and the strike lands 0.4 s later', () => {
    const w = arena(['t1000', 'john']);
    place(w, 't1000', 10, 7);
    place(w, 'john', 11, 7);
    const evs = tick(w, { t1000: input({ aim: 0, buttons: Button.Primary }) });
    const windup = ofType(evs, 'windup');
    expect(windup).toHaveLength(1);
    // Escorts who see the hunter get the event and see the telegraph on it.
    expect(eventVisibleTo(w, windup[0], 'escort')).toBe(true);
    expect(seeEntity(w, ent(w, 't1000'), 'escort').windup).toBe(true);
    expect(seeEntity(w, ent(w, 't1000'), 'hunter').windup).toBe(true);
    // Not before 0.4 s…
    const early = record(w, 11 / 30);
    expect(ofType(early, 'strike')).toHaveLength(0);
    expect(ent(w, 'john').life).toBe('healthy');
    // …and then the swing lands.
    const late = record(w, 2 / 30);
    expect(ofType(late, 'strike')).toHaveLength(1);
    expect(ofType(late, 'hit')[0]).toMatchObject({ target: ent(w, 'john').id });
    expect(ent(w, 'john').life).toBe('injured');
    expect(seeEntity(w, ent(w, 't1000'), 'escort').windup).toBe(false);
  });

  it('a disguised T-1000 shows its wind-up too', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 't1000', 10, 7);
    place(w, 'sarah', 10.9, 7);
    place(w, 'john', 20, 7);
    tick(w, { t1000: input({ buttons: Button.Interact }) });
    expect(ent(w, 't1000').mimicRole).toBe('sarah');
    tick(w, { t1000: input({ aim: Math.PI, buttons: Button.Primary }) });
    const seen = seeEntity(w, ent(w, 't1000'), 'escort');
    expect(seen).toMatchObject({ role: 'sarah', windup: true, windupAim: Math.PI });
  });
});

describe('blade: hits all escorts within 1.4 tiles in a 100° arc', () => {
  it('every escort in the arc and in reach is hit by one swing', () => {
    const w = arena();
    place(w, 't1000', 10, 7);
    const at = (r: PlayerRole, d: number, a: number) =>
      place(w, r, 10 + d * Math.cos(a), 7 + d * Math.sin(a));
    at('john', 1.35, 0);
    at('sarah', 1.3, 45 * DEG);
    at('dyson', 1.3, -45 * DEG);
    park(w, 't800');
    swing(w, 0);
    expect(ent(w, 'john').life).toBe('injured');
    expect(ent(w, 'sarah').life).toBe('injured');
    expect(ent(w, 'dyson').life).toBe('injured');
    expect(ent(w, 't800').hits).toBe(0);
  });

  it('escorts beyond 1.4 tiles, outside the 100° arc or behind are not hit', () => {
    const w = arena();
    place(w, 't1000', 10, 7);
    const at = (r: PlayerRole, d: number, a: number) =>
      place(w, r, 10 + d * Math.cos(a), 7 + d * Math.sin(a));
    at('john', 1.5, 0);
    at('sarah', 1.2, 56 * DEG);
    at('dyson', 1.2, -56 * DEG);
    at('t800', 1.0, 180 * DEG);
    swing(w, 0);
    for (const r of ['john', 'sarah', 'dyson', 't800'] as const) expect(ent(w, r).hits).toBe(0);
  });

  it('the blade does not hit NPCs', () => {
    const w = npcWorld(asciiMap(room(30, 14)), { roles: ['t1000', 'john'], civilians: 1 });
    place(w, 't1000', 10, 7);
    place(w, 'john', 20, 7);
    const c = moveTo(w, npcsOf(w, 'civilian')[0], 11, 7);
    c.wait = 100;
    swing(w, 0);
    expect(c.life).toBe('healthy');
    expect(c.hits).toBe(0);
  });
});

describe('blade: cooldown 1.2 s', () => {
  it('held down, the next wind-up starts 1.2 s after the strike', () => {
    const w = arena(['t1000', 'john']);
    place(w, 't1000', 10, 7);
    place(w, 'john', 20, 7);
    const evs = record(w, 3, { t1000: input({ buttons: Button.Primary }) });
    const strikes = ofType(evs, 'strike');
    const windups = ofType(evs, 'windup');
    expect(strikes.length).toBeGreaterThanOrEqual(2);
    const gap = (windups[1].tick - strikes[0].tick) / 30;
    expect(gap).toBeGreaterThanOrEqual(1.2 - 1e-9);
    expect(gap).toBeLessThanOrEqual(1.2 + 1 / 30 + 1e-9);
  });
});

describe('blade: healthy → injured → downed (the T-800 takes 4)', () => {
  for (const [role, hits] of [
    ['john', 2],
    ['sarah', 2],
    ['dyson', 2],
    ['t800', 4],
  ] as const) {
    it(`${role} is downed by ${hits} blade hits`, () => {
      const w = arena(['t1000', 'john', role]);
      if (role !== 'john') place(w, 'john', 25, 12);
      place(w, 't1000', 10, 7);
      place(w, role, 11, 7);
      for (let i = 1; i < hits; i++) {
        swing(w, 0);
        run(w, 1.3);
        expect(ent(w, role).life).toBe('injured');
      }
      swing(w, 0);
      expect(ent(w, role).life).toBe('downed');
      expect(ent(w, role).hits).toBe(hits);
    });
  }

  it('a downed escort is not hit again', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 't1000', 10, 7);
    const s = place(w, 'sarah', 11, 7);
    place(w, 'john', 25, 12);
    s.life = 'downed';
    s.hits = 2;
    swing(w, 0);
    expect(s.hits).toBe(2);
    expect(s.life).toBe('downed');
  });
});

describe("Sarah's pistol: ray, 9 tiles, cooldown 1.2 s, unlimited", () => {
  it('hits the T-1000 along the ray within 9 tiles', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 't1000', 11.8, 7);
    place(w, 'john', 3, 12);
    const evs = shoot(w, 'sarah', 0);
    expect(ofType(evs, 'shot')).toHaveLength(1);
    expect(ofType(evs, 'shot-hit')).toHaveLength(1);
  });

  it('misses beyond 9 tiles', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 't1000', 12.6, 7);
    place(w, 'john', 3, 12);
    expect(ofType(shoot(w, 'sarah', 0), 'shot-hit')).toHaveLength(0);
    expect(ent(w, 't1000').stun).toBe(0);
  });

  it('misses when the ray passes a tile beside the T-1000', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 't1000', 8, 8);
    place(w, 'john', 3, 12);
    expect(ofType(shoot(w, 'sarah', 0), 'shot-hit')).toHaveLength(0);
  });

  it('fires every 1.2 s while held and never runs dry', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 't1000', 25, 2);
    place(w, 'john', 3, 12);
    const shots = ofType(record(w, 30, { sarah: input({ aim: 0, buttons: Button.Primary }) }), 'shot');
    expect(shots.length).toBe(25);
    for (let i = 1; i < shots.length; i++) {
      const gap = (shots[i].tick - shots[i - 1].tick) / 30;
      expect(gap).toBeGreaterThanOrEqual(1.2 - 1e-9);
      expect(gap).toBeLessThanOrEqual(1.2 + 1 / 30 + 1e-9);
    }
  });

  it('stuns 0.6 s and knocks back 1.0 tile along the shot', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    const t = place(w, 't1000', 9, 7);
    place(w, 'john', 3, 12);
    shoot(w, 'sarah', 0);
    expect(t.stun).toBeCloseTo(0.6, 6);
    run(w, 0.5, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeCloseTo(10, 6);
    expect(t.y).toBeCloseTo(7, 6);
    // Still stunned just before 0.6 s, free just after.
    run(w, 0.03, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeCloseTo(10, 6);
    run(w, 0.1, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeLessThan(10);
  });
});

describe('T-800 shotgun: 20° cone, 7 tiles, cooldown 1.6 s, 8 shells', () => {
  const setup = (tx: number, ty: number) => {
    const w = arena(['t1000', 'john', 't800']);
    place(w, 't800', 3, 7);
    place(w, 't1000', tx, ty);
    place(w, 'john', 3, 12);
    return w;
  };

  it('hits the T-1000 inside the cone within 7 tiles', () => {
    const w = setup(3 + 6.5, 7);
    expect(ofType(shoot(w, 't800'), 'shot-hit')).toHaveLength(1);
  });

  it('hits at the edge of the 20° cone', () => {
    const d = 5;
    const w = setup(3 + d * Math.cos(10 * DEG), 7 + d * Math.sin(10 * DEG));
    expect(ofType(shoot(w, 't800'), 'shot-hit')).toHaveLength(1);
  });

  it('misses beyond 7 tiles', () => {
    const w = setup(3 + 7.6, 7);
    expect(ofType(shoot(w, 't800'), 'shot-hit')).toHaveLength(0);
  });

  it('misses well outside the cone', () => {
    const d = 5;
    const w = setup(3 + d * Math.cos(25 * DEG), 7 + d * Math.sin(25 * DEG));
    expect(ofType(shoot(w, 't800'), 'shot-hit')).toHaveLength(0);
  });

  it('stuns 1.5 s and knocks back 2.9 tiles along the shot', () => {
    const w = setup(8, 7);
    const t = ent(w, 't1000');
    shoot(w, 't800');
    expect(t.stun).toBeCloseTo(1.5, 6);
    run(w, 1.4, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeCloseTo(10.9, 6);
    run(w, 0.2, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeLessThan(10.9);
  });

  it('fires every 1.6 s while held, 8 shells, then nothing', () => {
    const w = setup(25, 2);
    const shots = ofType(record(w, 20, { t800: input({ aim: 0, buttons: Button.Primary }) }), 'shot');
    expect(shots).toHaveLength(8);
    for (let i = 1; i < shots.length; i++) {
      const gap = (shots[i].tick - shots[i - 1].tick) / 30;
      expect(gap).toBeGreaterThanOrEqual(1.6 - 1e-9);
      expect(gap).toBeLessThanOrEqual(1.6 + 1 / 30 + 1e-9);
    }
    expect(ent(w, 't800').ammo).toBe(0);
  });

  it('ammo crates refill the shotgun', () => {
    const w = testWorld(asciiMap(room(30, 14), { crates: [{ x: 5, y: 5 }] }), ['t1000', 'john', 't800']);
    place(w, 't1000', 25, 12);
    place(w, 'john', 3, 12);
    const t8 = place(w, 't800', 5.6, 5);
    t8.ammo = 0;
    expect(ofType(shoot(w, 't800'), 'shot')).toHaveLength(0);
    const evs = tick(w, { t800: input({ buttons: Button.Interact }) });
    expect(ofType(evs, 'crate')).toHaveLength(1);
    expect(t8.ammo).toBe(8);
  });

  it('a crate out of reach refills nothing', () => {
    const w = testWorld(asciiMap(room(30, 14), { crates: [{ x: 5, y: 5 }] }), ['t1000', 'john', 't800']);
    place(w, 't1000', 25, 12);
    place(w, 'john', 3, 12);
    const t8 = place(w, 't800', 7, 5);
    t8.ammo = 2;
    tick(w, { t800: input({ buttons: Button.Interact }) });
    expect(t8.ammo).toBe(2);
  });
});

describe('shots: only the T-1000 is hurt; walls stop shots', () => {
  it('no friendly fire: an escort in the line of fire is unharmed', () => {
    const w = arena(['t1000', 'john', 't800', 'sarah']);
    place(w, 't800', 3, 7);
    const j = place(w, 'john', 5, 7);
    place(w, 'sarah', 3, 12);
    place(w, 't1000', 25, 2);
    shoot(w, 't800');
    shoot(w, 'sarah');
    run(w, 0.5);
    expect(j).toMatchObject({ life: 'healthy', hits: 0, stun: 0, pushTime: 0 });
    expect(j.x).toBeCloseTo(5, 6);
  });

  it('NPCs in the line of fire are unharmed', () => {
    const w = npcWorld(asciiMap(room(30, 14)), { roles: ['t1000', 'john', 't800'], civilians: 1, police: 0 });
    place(w, 't800', 3, 7);
    place(w, 'john', 3, 12);
    place(w, 't1000', 25, 2);
    const c = moveTo(w, npcsOf(w, 'civilian')[0], 5, 7);
    shoot(w, 't800');
    expect(c).toMatchObject({ life: 'healthy', hits: 0, stun: 0, pushTime: 0 });
  });

  it('a wall between the gun and the T-1000 stops the shot', () => {
    const rows = room(30, 14).map((r, y) => (y >= 4 && y <= 10 ? `${r.slice(0, 6)}#${r.slice(7)}` : r));
    const w = testWorld(asciiMap(rows), ['t1000', 'john', 't800', 'sarah']);
    place(w, 't800', 3, 7);
    place(w, 'sarah', 3, 8);
    place(w, 'john', 3, 12);
    const t = place(w, 't1000', 8, 7);
    expect(ofType(shoot(w, 't800'), 'shot-hit')).toHaveLength(0);
    expect(ofType(shoot(w, 'sarah'), 'shot-hit')).toHaveLength(0);
    expect(t.stun).toBe(0);
  });

  it('a locked door stops the shot like a wall', () => {
    const rows = room(30, 14).map((r, y) =>
      y >= 4 && y <= 10 ? `${r.slice(0, 6)}${y === 7 ? 'D' : '#'}${r.slice(7)}` : r,
    );
    const w = testWorld(asciiMap(rows), ['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 'john', 3, 12);
    const t = place(w, 't1000', 9, 7);
    expect(ofType(shoot(w, 'sarah'), 'shot-hit')).toHaveLength(0);
    expect(t.stun).toBe(0);
  });
});

describe('stun and knockback', () => {
  it('a stunned T-1000 cannot move, strike or mimic', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    const t = place(w, 't1000', 6, 7);
    place(w, 'john', 8, 7.2);
    shoot(w, 'sarah');
    run(w, 0.3);
    const { x, y } = t;
    const evs = record(w, 0.2, { t1000: input({ moveY: 1, buttons: Button.Primary | Button.Interact }) });
    expect(t.x).toBe(x);
    expect(t.y).toBe(y);
    expect(ofType(evs, 'windup')).toHaveLength(0);
    expect(ofType(evs, 'mimic')).toHaveLength(0);
  });

  it('a shot cancels a wind-up in progress', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    place(w, 't1000', 8, 7);
    place(w, 'john', 9, 7);
    tick(w, { t1000: input({ aim: 0, buttons: Button.Primary }) });
    shoot(w, 'sarah');
    const evs = record(w, 0.5);
    expect(ofType(evs, 'strike')).toHaveLength(0);
    expect(ent(w, 'john').life).toBe('healthy');
  });

  it('a stun is never renewed or extended: a blast on a stunned T-1000 only knocks it back', () => {
    const w = arena(['t1000', 'john', 'sarah', 't800']);
    place(w, 'sarah', 3, 7);
    place(w, 't800', 4, 9);
    const t = place(w, 't1000', 9, 7);
    place(w, 'john', 3, 12);
    shoot(w, 'sarah');
    run(w, 0.3);
    expect(t.x).toBeCloseTo(10, 6);
    const left = t.stun;
    expect(left).toBeGreaterThan(0.2);
    const evs = shoot(w, 't800', Math.atan2(t.y - 9, t.x - 4));
    expect(ofType(evs, 'shot-hit')).toHaveLength(1);
    // The pistol's stun runs on as it was (not the shotgun's 1.5 s)…
    expect(t.stun).toBeCloseTo(left - 1 / 30, 6);
    // …while the blast still throws it back.
    run(w, 0.3);
    expect(Math.hypot(t.x - 10, t.y - 7)).toBeGreaterThan(2.5);
    const { x } = t;
    run(w, 0.2, { t1000: input({ moveX: -1 }) });
    expect(t.x).toBeLessThan(x);
  });

  it('for 2 s after a stun ends a shot knocks the T-1000 back but neither stuns it nor stops its swing', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    const t = place(w, 't1000', 9, 7);
    place(w, 'john', 3, 12);
    shoot(w, 'sarah');
    // The stun ends at 0.6 s; the pistol is ready again at 1.2 s, inside the window.
    run(w, 1.2);
    expect(t.stun).toBe(0);
    const { x } = t;
    tick(w, { t1000: input({ aim: 0, buttons: Button.Primary }) });
    const evs = [...shoot(w, 'sarah'), ...record(w, 0.5)];
    expect(ofType(evs, 'shot-hit')).toHaveLength(1);
    expect(t.stun).toBe(0);
    expect(ofType(evs, 'strike')).toHaveLength(1);
    expect(t.x).toBeCloseTo(x + 1, 6);
  });

  it('once the 2 s after a stun are over, a shot stuns again', () => {
    const w = arena(['t1000', 'john', 'sarah']);
    place(w, 'sarah', 3, 7);
    const t = place(w, 't1000', 9, 7);
    place(w, 'john', 3, 12);
    shoot(w, 'sarah');
    // 0.6 s of stun, then 2 s in which shots do not stun; just before the end, still immune…
    run(w, 2.5);
    shoot(w, 'sarah');
    expect(t.stun).toBe(0);
    // …and after it (the pistol ready again 1.2 s later), stunned anew.
    run(w, 1.2);
    shoot(w, 'sarah');
    expect(t.stun).toBeCloseTo(0.6, 6);
  });

  it('a wall stops the knockback', () => {
    const w = arena(['t1000', 'john', 't800']);
    place(w, 't800', 23, 7);
    const t = place(w, 't1000', 27, 7);
    place(w, 'john', 3, 12);
    shoot(w, 't800');
    run(w, 0.5);
    expect(t.x).toBeCloseTo(29 - 0.35, 6);
  });

  it('knocked into molten steel, the T-1000 is destroyed and the escort wins', () => {
    const rows = room(30, 14).map((r, y) => (y >= 5 && y <= 9 ? `${r.slice(0, 11)}~~~${r.slice(14)}` : r));
    const w = testWorld(asciiMap(rows), ['t1000', 'john', 't800']);
    place(w, 't800', 4, 7);
    const t = place(w, 't1000', 9.5, 7);
    place(w, 'john', 3, 12);
    shoot(w, 't800');
    run(w, 0.5);
    expect(t.life).toBe('destroyed');
    expect(w.result).toMatchObject({ winner: 'escort', reason: 't1000-in-steel' });
  });
});
