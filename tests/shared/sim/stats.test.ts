import { describe, expect, it } from 'vitest';
import { Button } from '../../../shared/sim/types.js';
import { asciiMap, ent, input, place, room, run, testWorld, tick } from './fixtures.js';

/** GAME.md, End: each player's stats (distance, hits, revives, objectives, time disguised, time liquid). */

/** A door at tile (6, 2) between two rooms. */
const DOOR = ['##############', '#.....#......#', '#.....D......#', '#.....#......#', '##############'];

const world = () => {
  const w = testWorld(asciiMap(room(30, 12), { terminals: [{ x: 20, y: 9 }] }), [
    't1000',
    'john',
    'sarah',
    't800',
    'dyson',
  ]);
  place(w, 't1000', 27, 10);
  place(w, 'john', 3, 2);
  place(w, 'sarah', 3, 4);
  place(w, 't800', 3, 6);
  place(w, 'dyson', 3, 8);
  return w;
};
const stats = (w: ReturnType<typeof world>, role: 't1000' | 'john' | 'sarah' | 't800' | 'dyson') => {
  const s = w.stats[role];
  if (!s) throw new Error(`no stats for ${role}`);
  return s;
};

describe('per-player stats', () => {
  it('every player in the match has a stats record, absent roles none', () => {
    const w = testWorld(asciiMap(room(30, 12)), ['t1000', 'john']);
    expect(Object.keys(w.stats).sort()).toEqual(['john', 't1000']);
  });

  it('distance: the tiles each character walked', () => {
    const w = world();
    run(w, 2, { john: input({ moveX: 1 }), t1000: input({ moveY: -1 }) });
    expect(stats(w, 'john').distance).toBeCloseTo(9.2, 2);
    expect(stats(w, 't1000').distance).toBeCloseTo(8.65, 1);
    expect(stats(w, 'sarah').distance).toBe(0);
  });

  it('hits dealt and taken, and downs, from the blade', () => {
    const w = world();
    place(w, 't1000', 10, 2);
    place(w, 'john', 11, 2);
    for (let i = 0; i < 2; i++) {
      tick(w, { t1000: input({ aim: 0, buttons: Button.Primary }) });
      run(w, 1.7);
    }
    expect(ent(w, 'john').life).toBe('downed');
    expect(stats(w, 't1000').hitsDealt).toBe(2);
    expect(stats(w, 'john').hitsTaken).toBe(2);
    expect(stats(w, 'john').downs).toBe(1);
  });

  it('hits dealt and taken, from a shot', () => {
    const w = world();
    place(w, 't1000', 10, 4);
    tick(w, { sarah: input({ aim: 0, buttons: Button.Primary }) });
    expect(stats(w, 'sarah').hitsDealt).toBe(1);
    expect(stats(w, 't1000').hitsTaken).toBe(1);
    expect(stats(w, 't800').hitsDealt).toBe(0);
  });

  it('revives count for the one who revived', () => {
    const w = world();
    const j = ent(w, 'john');
    j.life = 'downed';
    j.hits = 2;
    place(w, 'dyson', 3, 3);
    run(w, 4.1, { dyson: input({ buttons: Button.Interact }) });
    expect(j.life).toBe('injured');
    expect(stats(w, 'dyson').revives).toBe(1);
    expect(stats(w, 'john').revives).toBe(0);
  });

  it('objectives count for the one who completed them', () => {
    const w = world();
    w.act = 2;
    place(w, 't800', 20, 8);
    run(w, 40.1, { t800: input({ buttons: Button.Interact }) });
    expect(w.objectives.terminalsWiped[0]).toBe(true);
    expect(stats(w, 't800').objectives).toBe(1);
  });

  it('objectives: freeing Sarah from her cell counts for the one who opened it', () => {
    const w = testWorld(asciiMap(DOOR, { doorKinds: ['cell'] }), ['t1000', 'john', 'sarah']);
    place(w, 't1000', 12, 3.5);
    place(w, 'sarah', 7.5, 2.5);
    place(w, 'john', 5.5, 2.5);
    run(w, 6.2, { john: input({ buttons: Button.Interact }) });
    expect(w.objectives.sarahFreed).toBe(true);
    expect(stats(w, 'john').objectives).toBe(1);
    expect(stats(w, 'sarah').objectives).toBe(0);
  });

  it("objectives: opening the vault counts (Dyson's keycard), once", () => {
    const w = testWorld(asciiMap(DOOR, { doorKinds: ['vault'] }), ['t1000', 'john', 'dyson']);
    place(w, 't1000', 12, 3.5);
    place(w, 'john', 1.5, 1.5);
    place(w, 'dyson', 5.5, 2.5);
    run(w, 1, { dyson: input({ buttons: Button.Interact }) });
    expect(w.objectives.vaultOpen).toBe(true);
    expect(stats(w, 'dyson').objectives).toBe(1);
    run(w, 1, { dyson: input({ buttons: Button.Interact }) });
    expect(stats(w, 'dyson').objectives).toBe(1);
  });

  it('objectives: a plain door or a cell nobody is freed from is no objective', () => {
    for (const kind of ['door', 'cell'] as const) {
      const w = testWorld(asciiMap(DOOR, { doorKinds: [kind] }), ['t1000', 'john']);
      place(w, 't1000', 12, 3.5);
      place(w, 'john', 5.5, 2.5);
      run(w, 6.2, { john: input({ buttons: Button.Interact }) });
      expect(w.doors[0].open).toBe(true);
      expect(stats(w, 'john').objectives).toBe(0);
    }
  });

  it('time disguised and time liquid for the T-1000', () => {
    const w = world();
    place(w, 't1000', 10, 2);
    place(w, 'john', 10.9, 2);
    tick(w, { t1000: input({ buttons: Button.Interact }) });
    run(w, 3);
    expect(stats(w, 't1000').timeDisguised).toBeCloseTo(3, 1);
    tick(w, { t1000: input({ buttons: Button.Liquid }) });
    run(w, 2);
    expect(stats(w, 't1000').timeDisguised).toBeCloseTo(3, 1);
    expect(stats(w, 't1000').timeLiquid).toBeCloseTo(2, 1);
  });
});
