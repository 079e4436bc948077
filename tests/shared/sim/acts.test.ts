import { describe, expect, it } from 'vitest';
import type { GameMap } from '../../../shared/map/types.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { worldHash } from '../../../shared/sim/serialize.js';
import { Button } from '../../../shared/sim/types.js';
import { createWorld } from '../../../shared/sim/world.js';
import { DEFAULT_OPTIONS } from '../../../shared/tuning.js';
import { asciiMap, ent, input, ofType, place, record, run, runUntil, testWorld, tick } from './fixtures.js';

/** GAME.md, Acts and victory. */

const H = 12;
/**
 * West to east: the hospital (Sarah's cell at x 1–2, its door at (3, 2)), the
 * streets, Cyberdyne (the vault at x 28–30, y 1–3, its door at (27, 2);
 * terminals in the open), the mill (a steel pool at x 38–40, y 8–10, and the
 * extraction point at x 42–45, y 2–5).
 */
const ROWS = [
  '################################################',
  '#..#.......................#...#...............#',
  '#..D.......................D...#...............#',
  '#..#.......................#...#...............#',
  '####.......................#####...............#',
  '#..............................................#',
  '#..............................................#',
  '#..............................................#',
  '#.....................................~~~......#',
  '#.....................................~~~......#',
  '#.....................................~~~......#',
  '################################################',
];
const MAP: GameMap = asciiMap(ROWS, {
  zones: [
    { name: 'hospital', x: 0, y: 0, w: 12, h: H },
    { name: 'streets', x: 12, y: 0, w: 12, h: H },
    { name: 'cyberdyne', x: 24, y: 0, w: 12, h: H },
    { name: 'mill', x: 36, y: 0, w: 12, h: H },
  ],
  doorKinds: ['cell', 'vault'],
  spawns: {
    sarah: { x: 1.5, y: 2.5 },
    john: { x: 4.5, y: 2.5 },
    t800: { x: 5.5, y: 6.5 },
    dyson: { x: 20.5, y: 6.5 },
    t1000: { x: 46, y: 10.5 },
  },
  chip: { x: 29.5, y: 2.5 },
  terminals: [
    { x: 25, y: 8 },
    { x: 30, y: 8 },
    { x: 34, y: 8 },
  ],
  extraction: { x: 42, y: 2, w: 4, h: 4 },
});
const world = (roles: PlayerRole[] = ['t1000', 'john', 'sarah', 't800', 'dyson']) => testWorld(MAP, roles);
const HOLD = input({ buttons: Button.Interact });

describe('act 1: Pescadero', () => {
  it('act 1 ends when Sarah and John have both left the hospital', () => {
    const w = world(['t1000', 'john', 'sarah']);
    expect(w.act).toBe(1);
    run(w, 6.2, { john: HOLD });
    expect(w.doors[0].open).toBe(true);
    expect(w.objectives.sarahFreed).toBe(true);
    // John leaves alone: still act 1.
    run(w, 3, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').x).toBeGreaterThan(12);
    expect(w.act).toBe(1);
    // Sarah follows: act 2.
    const evs = record(w, 3, { sarah: input({ moveX: 1 }) });
    expect(ent(w, 'sarah').x).toBeGreaterThan(12);
    expect(w.act).toBe(2);
    expect(ofType(evs, 'act')).toEqual([expect.objectContaining({ value: 2 })]);
  });

  it('Sarah picking her own cell frees her too', () => {
    const w = world(['t1000', 'john', 'sarah']);
    place(w, 'john', 14, 6);
    place(w, 'sarah', 2.5, 2.5);
    run(w, 12.2, { sarah: HOLD });
    expect(w.objectives.sarahFreed).toBe(true);
    run(w, 3, { sarah: input({ moveX: 1 }) });
    expect(w.act).toBe(2);
  });

  it('act 1 asks only for the escorts present: without Sarah, John leaving ends it', () => {
    const w = world(['t1000', 'john']);
    expect(w.objectives.sarahFreed).toBe(true);
    run(w, 2.5, { john: input({ moveX: 1 }) });
    expect(w.act).toBe(2);
  });

  it('act 1 asks only for the escorts present: a Sarah who bled out is not waited for', () => {
    const w = world(['t1000', 'john', 'sarah']);
    ent(w, 'sarah').life = 'eliminated';
    run(w, 2.5, { john: input({ moveX: 1 }) });
    expect(w.act).toBe(2);
  });

  it('the T-800 and Dyson are not waited for', () => {
    const w = world();
    run(w, 6.2, { john: HOLD });
    run(w, 3, { john: input({ moveX: 1 }), sarah: input({ moveX: 1 }) });
    expect(ent(w, 't800').x).toBeLessThan(12);
    expect(w.act).toBe(2);
  });

  it('a Sarah still in her cell keeps act 1 going', () => {
    const w = world(['t1000', 'john', 'sarah']);
    run(w, 3, { john: input({ moveX: 1 }) });
    expect(w.act).toBe(1);
  });
});

describe('act 2: Cyberdyne — the chip (vault, then a 60 s charge) and three terminals (40 s each)', () => {
  const act2 = (roles: PlayerRole[] = ['t1000', 'john', 'dyson']) => {
    const w = world(roles);
    w.act = 2;
    return w;
  };

  it('the charge needs the vault open first', () => {
    const w = act2();
    // Dyson stands by the chip (inside the vault, as if he could be there), the vault still locked.
    const d = place(w, 'dyson', 29.5, 1.5);
    run(w, 6, { dyson: HOLD });
    expect(w.objectives.vaultOpen).toBe(false);
    expect(w.objectives.chipDestroyed).toBe(false);
    expect(d.action).toBe('');
  });

  it('Dyson opens the vault with his card, then a 60 s charge destroys the chip', () => {
    const w = act2();
    place(w, 'dyson', 26.5, 2.5);
    tick(w, { dyson: HOLD });
    expect(w.objectives.vaultOpen).toBe(true);
    run(w, 1 / 30);
    run(w, 0.5, { dyson: input({ moveX: 1 }) });
    const d = ent(w, 'dyson');
    expect(Math.hypot(d.x - 29.5, d.y - 2.5)).toBeLessThan(1.3);
    run(w, 59.9, { dyson: HOLD });
    expect(w.objectives.chipDestroyed).toBe(false);
    const evs = record(w, 0.2, { dyson: HOLD });
    expect(w.objectives.chipDestroyed).toBe(true);
    expect(ofType(evs, 'objective')).toEqual([expect.objectContaining({ value: -1 })]);
  });

  it('each terminal takes 40 s to wipe', () => {
    const w = act2();
    place(w, 'john', 25, 8.9);
    run(w, 39.9, { john: HOLD });
    expect(w.objectives.terminalsWiped).toEqual([false, false, false]);
    const evs = record(w, 0.2, { john: HOLD });
    expect(w.objectives.terminalsWiped).toEqual([true, false, false]);
    expect(ofType(evs, 'objective')).toEqual([expect.objectContaining({ value: 0 })]);
  });

  it('when the chip and all three terminals are done, act 3 begins', () => {
    const w = act2();
    w.objectives.vaultOpen = true;
    w.objectives.chipDestroyed = true;
    w.objectives.terminalsWiped = [true, true, false];
    place(w, 'john', 34, 8.9);
    run(w, 39.9, { john: HOLD });
    expect(w.act).toBe(2);
    const evs = record(w, 0.2, { john: HOLD });
    expect(w.act).toBe(3);
    expect(ofType(evs, 'act')).toEqual([expect.objectContaining({ value: 3 })]);
  });

  it('the chip alone does not end act 2', () => {
    const w = act2();
    w.objectives.vaultOpen = true;
    w.objectives.chipDestroyed = true;
    run(w, 1);
    expect(w.act).toBe(2);
  });
});

describe('act 3: John in the extraction zone for 480 s in total; the count stops while the T-1000 is inside', () => {
  const act3 = () => {
    const w = world(['t1000', 'john', 'sarah']);
    w.act = 3;
    place(w, 'john', 43, 3);
    place(w, 't1000', 46, 10.5);
    place(w, 'sarah', 20, 6);
    return w;
  };

  it('John standing in the extraction zone for 480 s wins for the escort', () => {
    const w = act3();
    run(w, 479.9);
    expect(w.result).toBeNull();
    run(w, 0.2);
    expect(w.result).toMatchObject({ winner: 'escort', reason: 'extraction' });
    expect(w.over).toBe(true);
  });

  it('the count stops while the T-1000 is inside the zone too', () => {
    const w = act3();
    run(w, 30);
    place(w, 't1000', 44.5, 4.5);
    run(w, 70);
    expect(w.objectives.extraction).toBeCloseTo(30, 1);
    expect(w.result).toBeNull();
  });

  it('a liquid T-1000 in the zone contests it too', () => {
    const w = act3();
    const t = place(w, 't1000', 44.5, 4.5);
    t.liquid = true;
    run(w, 10);
    expect(w.objectives.extraction).toBe(0);
  });

  it('the count is a total: leaving and coming back keeps it', () => {
    const w = act3();
    run(w, 50);
    place(w, 'john', 38, 3);
    run(w, 20);
    expect(w.objectives.extraction).toBeCloseTo(50, 1);
    place(w, 'john', 43, 3);
    run(w, 430.2);
    expect(w.result).toMatchObject({ winner: 'escort', reason: 'extraction' });
  });

  it('a downed John does not count', () => {
    const w = act3();
    const j = ent(w, 'john');
    j.life = 'downed';
    j.hits = 2;
    run(w, 5);
    expect(w.objectives.extraction).toBe(0);
  });

  it('the extraction does not count before act 3', () => {
    const w = act3();
    w.act = 2;
    run(w, 5);
    expect(w.objectives.extraction).toBe(0);
  });
});

describe('the escort wins when the T-1000 falls into the molten steel', () => {
  const steel = () => {
    const w = world(['t1000', 'john', 't800']);
    w.act = 3;
    place(w, 'john', 43, 3);
    place(w, 't1000', 37, 9);
    place(w, 't800', 37, 6);
    return w;
  };

  it('the T-1000 walking into the steel wins for the escort, in any act', () => {
    const w = steel();
    w.act = 1;
    run(w, 1, { t1000: input({ moveX: 1 }) });
    expect(ent(w, 't1000').life).toBe('destroyed');
    expect(w.result).toMatchObject({ winner: 'escort', reason: 't1000-in-steel', noFate: false });
  });

  it('the no-fate window: the match ends 20 s after the T-1000 falls', () => {
    const w = steel();
    runUntil(w, () => w.result !== null, 2, { t1000: input({ moveX: 1 }) });
    expect(w.result).not.toBeNull();
    expect(w.over).toBe(false);
    run(w, 19.9);
    expect(w.over).toBe(false);
    run(w, 0.2);
    expect(w.over).toBe(true);
    expect(w.result?.noFate).toBe(false);
  });

  it('the T-800 walking into the steel in that window sets the no-fate mark', () => {
    const w = steel();
    run(w, 1, { t1000: input({ moveX: 1 }) });
    run(w, 5);
    run(w, 2, { t800: input({ moveX: 0.5, moveY: 1 }) });
    expect(ent(w, 't800').life).toBe('destroyed');
    expect(w.result).toMatchObject({ winner: 'escort', reason: 't1000-in-steel', noFate: true });
  });

  it('the T-800 in the steel before the T-1000 falls is no "no fate"', () => {
    const w = steel();
    run(w, 2, { t800: input({ moveX: 0.5, moveY: 1 }) });
    expect(ent(w, 't800').life).toBe('destroyed');
    expect(w.result).toBeNull();
    run(w, 1, { t1000: input({ moveX: 1 }) });
    expect(w.result).toMatchObject({ reason: 't1000-in-steel', noFate: false });
  });

  it('after the window nothing more happens', () => {
    const w = steel();
    run(w, 1, { t1000: input({ moveX: 1 }) });
    run(w, 21);
    expect(w.over).toBe(true);
    const h = worldHash(w);
    run(w, 2, { t800: input({ moveX: 0.5, moveY: 1 }) });
    expect(worldHash(w)).toBe(h);
    expect(w.result?.noFate).toBe(false);
  });
});

describe('the hunter wins: John terminated, bled out or in the steel, or the Judgment Day clock', () => {
  it('John bleeding out wins for the hunter', () => {
    const w = world(['t1000', 'john']);
    const j = ent(w, 'john');
    j.life = 'downed';
    j.hits = 2;
    run(w, 44.9);
    expect(w.result).toBeNull();
    run(w, 0.2);
    expect(j.life).toBe('eliminated');
    expect(w.result).toMatchObject({ winner: 'hunter', reason: 'bled-out' });
  });

  it('John falling into the steel wins for the hunter', () => {
    const w = world(['t1000', 'john']);
    place(w, 'john', 37, 9);
    run(w, 1, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').life).toBe('destroyed');
    expect(w.result).toMatchObject({ winner: 'hunter', reason: 'john-in-steel' });
    expect(w.over).toBe(true);
  });

  it('the Judgment Day clock is 15 minutes by default', () => {
    expect(DEFAULT_OPTIONS.judgmentDaySeconds).toBe(15 * 60);
    expect(world().options.judgmentDaySeconds).toBe(900);
  });

  it('when the Judgment Day clock runs out, the hunter wins (★ the host sets it)', () => {
    const w = createWorld({
      map: MAP,
      seed: 1,
      options: { judgmentDaySeconds: 60, police: 0, civilians: 0 },
    });
    run(w, 59.9);
    expect(w.result).toBeNull();
    const evs = record(w, 0.2);
    expect(w.result).toMatchObject({ winner: 'hunter', reason: 'judgment-day' });
    expect(w.result?.time).toBeCloseTo(60, 6);
    expect(ofType(evs, 'end')).toHaveLength(1);
  });

  it('once the hunter has won, the match is over: nothing moves any more', () => {
    const w = createWorld({
      map: MAP,
      seed: 1,
      options: { judgmentDaySeconds: 10, police: 0, civilians: 0 },
    });
    const n = runUntil(w, () => w.result !== null, 11);
    expect(n).toBeLessThan(11 * 30);
    expect(w.over).toBe(true);
    const h = worldHash(w);
    run(w, 1, { john: input({ moveX: 1 }), t1000: input({ moveX: -1 }) });
    expect(worldHash(w)).toBe(h);
  });

  it('the match is decided once: a later event changes nothing', () => {
    const w = world(['t1000', 'john']);
    place(w, 'john', 37, 9);
    run(w, 1, { john: input({ moveX: 1 }) });
    const result = { ...w.result };
    ent(w, 't1000').life = 'destroyed';
    run(w, 1);
    expect(w.result).toEqual(result);
  });
});
