import { describe, expect, it } from 'vitest';
import { Button } from '../../../shared/sim/types.js';
import { SPEED } from '../../../shared/tuning.js';
import { asciiMap, ent, input, place, room, run, testWorld, tick } from './fixtures.js';

/** GAME.md, Roles: speeds, sprint, the downed crawl, and how input becomes motion. */

const lane = () => testWorld(asciiMap(room(60, 12)));

describe('speeds per role (tiles/s)', () => {
  const table = [
    ['t1000', 5.2],
    ['john', 4.6],
    ['sarah', 4.8],
    ['t800', 4.3],
    ['dyson', 4.0],
  ] as const;
  for (const [role, speed] of table) {
    it(`${role} walks at ${speed} tiles per second`, () => {
      const w = lane();
      // Each character on its own row, far from the others.
      table.forEach(([r], i) => {
        place(w, r, 3, 2 + 2 * i);
      });
      const x0 = ent(w, role).x;
      run(w, 2, { [role]: input({ moveX: 1 }) });
      expect(ent(w, role).x - x0).toBeCloseTo(2 * speed, 2);
    });
  }

  it('the tuning module holds the speeds of GAME.md', () => {
    expect(SPEED).toMatchObject({
      t1000: 5.2,
      t1000Liquid: 2.6,
      john: 4.6,
      sarah: 4.8,
      t800: 4.3,
      dyson: 4.0,
    });
  });
});

describe('sprint: +45 % for 2.5 s, then 8 s recharge', () => {
  it('a sprinting escort moves 45 % faster', () => {
    const w = lane();
    place(w, 'john', 3, 5);
    run(w, 2, { john: input({ moveX: 1, buttons: Button.Sprint }) });
    expect(ent(w, 'john').x - 3).toBeCloseTo(2 * 4.6 * 1.45, 2);
  });

  it('the sprint lasts 2.5 s, then the escort walks at normal speed', () => {
    const w = lane();
    place(w, 'sarah', 3, 5);
    const go = { sarah: input({ moveX: 1, buttons: Button.Sprint }) };
    run(w, 2.4, go);
    expect(ent(w, 'sarah').sprintLeft).toBeGreaterThan(0);
    run(w, 0.2, go);
    expect(ent(w, 'sarah').sprintLeft).toBe(0);
    const x = ent(w, 'sarah').x;
    run(w, 1, go);
    expect(ent(w, 'sarah').x - x).toBeCloseTo(4.8, 2);
  });

  it('the next sprint is ready 8 s after the last one ended', () => {
    const w = lane();
    place(w, 't800', 30, 5);
    let t = 0;
    // Walk back and forth, sprint held all along, and record when the boost is on.
    const sprinting: boolean[] = [];
    for (let i = 0; i < 12 * 30; i++) {
      t = i / 30;
      tick(w, { t800: input({ moveX: Math.floor(t / 2) % 2 === 0 ? 1 : -1, buttons: Button.Sprint }) });
      sprinting.push(ent(w, 't800').sprintLeft > 0);
    }
    const at = (s: number) => sprinting[Math.round(s * 30)];
    expect(at(0.1)).toBe(true);
    expect(at(2.4)).toBe(true);
    expect(at(2.6)).toBe(false);
    expect(at(10.3)).toBe(false);
    expect(at(10.7)).toBe(true);
  });

  it('the T-1000 cannot sprint', () => {
    const w = lane();
    place(w, 't1000', 3, 5);
    run(w, 1, { t1000: input({ moveX: 1, buttons: Button.Sprint }) });
    expect(ent(w, 't1000').x - 3).toBeCloseTo(5.2, 2);
  });

  it('a sprint is not spent standing still', () => {
    const w = lane();
    place(w, 'john', 3, 5);
    run(w, 1, { john: input({ buttons: Button.Sprint }) });
    expect(ent(w, 'john').sprintCooldown).toBe(0);
    run(w, 1, { john: input({ moveX: 1, buttons: Button.Sprint }) });
    expect(ent(w, 'john').x - 3).toBeCloseTo(4.6 * 1.45, 2);
  });
});

describe('a downed escort crawls at 0.8 tiles/s', () => {
  for (const role of ['john', 't800'] as const) {
    it(`downed ${role} crawls at 0.8 whatever the button`, () => {
      const w = lane();
      const e = place(w, role, 3, 5);
      e.life = 'downed';
      e.hits = 2;
      run(w, 2, { [role]: input({ moveX: 1, buttons: Button.Sprint | Button.Primary }) });
      expect(ent(w, role).x - 3).toBeCloseTo(1.6, 2);
    });
  }
});

describe('input is sanitised', () => {
  it('a diagonal input is no faster than a straight one', () => {
    const w = lane();
    place(w, 'john', 3, 5);
    run(w, 1, { john: input({ moveX: 1, moveY: 1 }) });
    const j = ent(w, 'john');
    expect(Math.hypot(j.x - 3, j.y - 5)).toBeCloseTo(4.6, 2);
  });

  it('an out-of-range input is clamped to full speed', () => {
    const w = lane();
    place(w, 'john', 3, 5);
    run(w, 1, { john: input({ moveX: 50 }) });
    expect(ent(w, 'john').x - 3).toBeCloseTo(4.6, 2);
  });

  it('NaN and infinite inputs move nothing and keep the facing', () => {
    const w = lane();
    const j = place(w, 'john', 3, 5);
    j.facing = 1;
    run(w, 1, { john: input({ moveX: Number.NaN, moveY: Number.POSITIVE_INFINITY, aim: Number.NaN }) });
    expect(ent(w, 'john')).toMatchObject({ x: 3, y: 5, facing: 1 });
  });

  it('unknown button bits do nothing', () => {
    const w = lane();
    place(w, 'john', 3, 5);
    run(w, 1, { john: input({ moveX: 1, buttons: 0xfff0 }) });
    expect(ent(w, 'john').x - 3).toBeCloseTo(4.6, 2);
    expect(ent(w, 'john').sprintCooldown).toBe(0);
  });

  it('the aim turns the character', () => {
    const w = lane();
    place(w, 'sarah', 3, 5);
    tick(w, { sarah: input({ aim: 2 }) });
    expect(ent(w, 'sarah').facing).toBe(2);
  });
});
