import { describe, expect, it } from 'vitest';
import type { PatrolRoute, Vec2 } from '../../../shared/map/types.js';
import { Button, type Entity, type World } from '../../../shared/sim/types.js';
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
  tick,
} from './fixtures.js';

/** GAME.md, NPCs: patrols, touch slows, guards' alarm, police converge, civilians wander and scatter. */

const W = 40;
const H = 14;
const ZONES = [
  { name: 'streets' as const, x: 0, y: 0, w: 20, h: H },
  { name: 'cyberdyne' as const, x: 20, y: 0, w: 20, h: H },
];
const route = (unit: 'police' | 'guard', points: Vec2[], loop = false): PatrolRoute => ({
  name: unit,
  unit,
  points,
  loop,
  weight: 1,
});

/** A 40 × 14 room, streets west and Cyberdyne east, with the given routes; one NPC per route. */
function town(patrols: PatrolRoute[], rows = room(W, H)): World {
  const w = npcWorld(asciiMap(rows, { zones: ZONES, patrols }), {
    roles: ['t1000', 'john', 'sarah'],
    police: patrols.length,
  });
  place(w, 't1000', 38, 12.5);
  place(w, 'john', 1.5, 12.5);
  place(w, 'sarah', 3.5, 12.5);
  return w;
}
const unit = (w: World, role: 'police' | 'guard') => npcsOf(w, role)[0];
const dist = (e: { x: number; y: number }, p: { x: number; y: number }) => Math.hypot(e.x - p.x, e.y - p.y);

describe('police and guards walk patrol routes from the map', () => {
  it('an officer walks its waypoints in order, there and back', () => {
    const pts = [
      { x: 5, y: 3 },
      { x: 15, y: 3 },
      { x: 15, y: 10 },
    ];
    const w = town([route('police', pts)]);
    const cop = unit(w, 'police');
    const visits: number[] = [];
    for (let i = 0; i < 60 * 30; i++) {
      tick(w);
      const near = pts.findIndex((p) => dist(cop, p) < 0.5);
      if (near >= 0 && visits[visits.length - 1] !== near) visits.push(near);
    }
    expect(new Set(visits).size).toBe(3);
    // Ping-pong: consecutive waypoints only (…0 1 2 1 0 1…).
    for (let i = 1; i < visits.length; i++) expect(Math.abs(visits[i] - visits[i - 1])).toBe(1);
  });

  it('a looped route goes round', () => {
    const pts = [
      { x: 5, y: 3 },
      { x: 15, y: 3 },
      { x: 15, y: 10 },
    ];
    const w = town([route('guard', pts, true)]);
    const g = unit(w, 'guard');
    const visits: number[] = [];
    for (let i = 0; i < 60 * 30; i++) {
      tick(w);
      const near = pts.findIndex((p) => dist(g, p) < 0.5);
      if (near >= 0 && visits[visits.length - 1] !== near) visits.push(near);
    }
    expect(visits.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < visits.length; i++) expect(visits[i]).toBe((visits[i - 1] + 1) % 3);
  });
});

describe('police and guards slow an escort they touch (50 % for 2 s)', () => {
  for (const kind of ['police', 'guard'] as const) {
    it(`a ${kind === 'police' ? 'police officer' : 'guard'} who touches an escort halves its speed for 2 s`, () => {
      const w = town([route(kind, [{ x: 18, y: 7 }])]);
      const j = place(w, 'john', 17.25, 7);
      const evs = tick(w);
      expect(ofType(evs, 'slowed')).toHaveLength(1);
      expect(ofType(evs, 'slowed')[0]).toMatchObject({ by: unit(w, kind).id, target: j.id });
      let x = j.x;
      run(w, 1, { john: input({ moveX: -1 }) });
      expect(x - j.x).toBeCloseTo(2.3, 1);
      // Free again once the 2 s are up.
      run(w, 1.1, { john: input({ moveX: -1 }) });
      x = j.x;
      run(w, 1, { john: input({ moveX: -1 }) });
      expect(x - j.x).toBeCloseTo(4.6, 2);
    });
  }

  it('the T-1000 is not slowed', () => {
    const w = town([route('police', [{ x: 10, y: 7 }])]);
    const t = place(w, 't1000', 9.25, 7);
    tick(w);
    expect(t.slow).toBe(0);
  });

  it('an officer farther than touching slows no one', () => {
    const w = town([route('police', [{ x: 10, y: 7 }])]);
    const j = place(w, 'john', 8.9, 7);
    tick(w);
    expect(j.slow).toBe(0);
  });
});

describe('guards who see an escort inside Cyberdyne raise the alarm', () => {
  const guardAt = { x: 30, y: 7 };

  it('a guard seeing an escort inside Cyberdyne raises the alarm on that spot', () => {
    const w = town([route('guard', [guardAt])]);
    const j = place(w, 'john', 25, 7);
    const evs = tick(w);
    expect(ofType(evs, 'alarm')).toHaveLength(1);
    expect(w.alarm.left).toBeGreaterThan(44.9);
    expect(w.alarm.reveal).toBeGreaterThan(4.9);
    expect(w.alarm).toMatchObject({ x: j.x, y: j.y });
  });

  it('no alarm for an escort outside Cyberdyne', () => {
    const w = town([route('guard', [{ x: 24, y: 7 }])]);
    place(w, 'john', 18, 7);
    run(w, 1);
    expect(w.alarm.left).toBe(0);
  });

  it('no alarm for an escort the guard cannot see (wall between)', () => {
    const rows = room(W, H).map((r, y) => (y > 0 && y < H - 1 ? `${r.slice(0, 27)}#${r.slice(28)}` : r));
    const w = town([route('guard', [guardAt])], rows);
    place(w, 'john', 25, 7);
    run(w, 1);
    expect(w.alarm.left).toBe(0);
  });

  it('police do not raise the alarm', () => {
    const w = town([route('police', [guardAt])]);
    place(w, 'john', 25, 7);
    run(w, 1);
    expect(w.alarm.left).toBe(0);
  });

  it('a T-1000 disguised as an escort does not raise the alarm', () => {
    const w = town([route('guard', [guardAt])]);
    const t = place(w, 't1000', 25, 7);
    place(w, 'john', 25, 7.95);
    tick(w, { t1000: input({ buttons: Button.Interact }) });
    expect(t.mimicRole).toBe('john');
    // John walks out of sight; the disguised hunter stays in view.
    place(w, 'john', 5, 7);
    w.alarm.left = 0;
    w.alarm.reveal = 0;
    run(w, 1);
    expect(w.alarm.left).toBe(0);
  });
});

describe('police converge on the alarm for 45 s', () => {
  it('police walk to the alarm spot while it lasts, then go back to their route', () => {
    const beat = { x: 5, y: 3 };
    const w = town([route('guard', [{ x: 30, y: 7 }]), route('police', [beat])]);
    place(w, 'john', 25, 7);
    tick(w);
    expect(w.alarm.left).toBeGreaterThan(0);
    const spot = { x: w.alarm.x, y: w.alarm.y };
    // John leaves Cyberdyne so the alarm is not raised again.
    place(w, 'john', 2, 12.5);
    const cop = unit(w, 'police');
    run(w, 15);
    expect(dist(cop, spot)).toBeLessThan(1.5);
    run(w, 25);
    expect(w.alarm.left).toBeGreaterThan(0);
    expect(dist(cop, spot)).toBeLessThan(1.5);
    run(w, 6);
    expect(w.alarm.left).toBe(0);
    run(w, 15);
    expect(dist(cop, beat)).toBeLessThan(1);
  });
});

describe('civilians wander between points of interest and scatter from gunfire', () => {
  const pois = [
    { x: 6, y: 4 },
    { x: 20, y: 10 },
    { x: 33, y: 4 },
  ];

  it('civilians walk from one point of interest to another', () => {
    const w = npcWorld(asciiMap(room(W, H), { pois }), { roles: ['t1000', 'john'], civilians: 8 });
    place(w, 't1000', 38, 12.5);
    place(w, 'john', 1.5, 12.5);
    const civs = npcsOf(w, 'civilian');
    const visited = civs.map(() => new Set<number>());
    for (let i = 0; i < 120 * 30; i++) {
      tick(w);
      civs.forEach((c, k) => {
        const p = pois.findIndex((q) => dist(c, q) < 1.5);
        if (p >= 0) visited[k].add(p);
      });
    }
    // Every civilian stays around the points, and most go to more than one.
    for (const v of visited) expect(v.size).toBeGreaterThanOrEqual(1);
    expect(visited.filter((v) => v.size >= 2).length).toBeGreaterThanOrEqual(civs.length / 2);
  });

  it('civilians near a shot run from it; those far away do not', () => {
    const w = npcWorld(asciiMap(room(W, H), { pois }), { roles: ['t1000', 'john', 'sarah'], civilians: 4 });
    place(w, 't1000', 38, 12.5);
    place(w, 'john', 1.5, 12.5);
    place(w, 'sarah', 10, 7);
    const [a, b, c, far] = npcsOf(w, 'civilian');
    const spots: [Entity, number, number][] = [
      [a, 13, 7],
      [b, 7.5, 5],
      [c, 10, 9],
      [far, 30, 7],
    ];
    for (const [e, x, y] of spots) {
      moveTo(w, e, x, y);
      e.goalX = x;
      e.goalY = y;
      e.wait = 30;
    }
    const shot = { x: 10, y: 7 };
    const d0 = [a, b, c].map((e) => dist(e, shot));
    tick(w, { sarah: input({ aim: Math.PI, buttons: Button.Primary }) });
    run(w, 0.5);
    [a, b, c].forEach((e, i) => {
      expect(e.scatter).toBeGreaterThan(0);
      expect(dist(e, shot) - d0[i]).toBeCloseTo(4.2 * (0.5 + 1 / 30), 0);
    });
    expect(far.scatter).toBe(0);
    expect(far.x).toBe(30);
  });

  it('a civilian stops scattering after a while and wanders again', () => {
    const w = npcWorld(asciiMap(room(W, H), { pois }), { roles: ['t1000', 'john', 'sarah'], civilians: 1 });
    place(w, 't1000', 38, 12.5);
    place(w, 'john', 1.5, 12.5);
    place(w, 'sarah', 10, 7);
    const c = moveTo(w, npcsOf(w, 'civilian')[0], 13, 7);
    tick(w, { sarah: input({ aim: Math.PI, buttons: Button.Primary }) });
    expect(c.scatter).toBeGreaterThan(0);
    run(w, 6);
    expect(c.scatter).toBeLessThanOrEqual(0);
  });
});

describe('an NPC in the molten steel is gone', () => {
  const steelRows = () => room(W, H).map((r, y) => (y === 7 ? `${r.slice(0, 10)}~${r.slice(11)}` : r));

  it('a police officer that fell into the steel slows no one', () => {
    const w = town([route('police', [{ x: 10.2, y: 7.5 }])], steelRows());
    const cop = unit(w, 'police');
    tick(w);
    expect(cop.life).toBe('destroyed');
    const j = place(w, 'john', 9.45, 7.5);
    run(w, 0.5);
    expect(j.slow).toBe(0);
  });

  it('a guard that fell into the steel raises no alarm', () => {
    const rows = room(W, H).map((r, y) => (y === 7 ? `${r.slice(0, 30)}~${r.slice(31)}` : r));
    const w = town([route('guard', [{ x: 30.5, y: 7.5 }])], rows);
    tick(w);
    expect(unit(w, 'guard').life).toBe('destroyed');
    place(w, 'john', 26, 7.5);
    run(w, 1);
    expect(w.alarm.left).toBe(0);
    expect(ent(w, 'john').slow).toBe(0);
  });
});

describe('NPCs and the alarm event', () => {
  it('the alarm names the guard and the escort it saw', () => {
    const w = town([route('guard', [{ x: 30, y: 7 }])]);
    const j = place(w, 'john', 25, 7);
    const evs = record(w, 1 / 30);
    expect(ofType(evs, 'alarm')[0]).toMatchObject({ by: unit(w, 'guard').id, target: j.id });
  });
});
