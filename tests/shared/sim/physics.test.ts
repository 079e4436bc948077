import { describe, expect, it } from 'vitest';
import { Button } from '../../../shared/sim/types.js';
import { asciiMap, ent, input, ofType, place, record, room, run, testWorld } from './fixtures.js';

/** GAME.md, Roles: a downed escort is eliminated after 45 s unrevived (then spectates). */

const world = () => {
  const w = testWorld(asciiMap(room(30, 10)), ['t1000', 'john', 'sarah', 't800']);
  place(w, 't1000', 27, 8);
  place(w, 'john', 3, 3);
  place(w, 't800', 3, 7);
  return w;
};
const down = (role: 'sarah' | 'john' | 't800', w: ReturnType<typeof world>) => {
  const e = ent(w, role);
  e.life = 'downed';
  e.hits = e.role === 't800' ? 4 : 2;
  e.downedFor = 0;
  return e;
};

describe('bleed-out: a downed escort is eliminated after 45 s unrevived', () => {
  it('a downed Sarah is eliminated after 45 s; the match goes on', () => {
    const w = world();
    const s = place(w, 'sarah', 15, 5);
    down('sarah', w);
    run(w, 44.9);
    expect(s.life).toBe('downed');
    const evs = record(w, 0.2);
    expect(s.life).toBe('eliminated');
    expect(ofType(evs, 'eliminated')).toEqual([expect.objectContaining({ target: s.id })]);
    expect(w.result).toBeNull();
  });

  it('a revive stops the bleeding, and the next down starts a fresh 45 s', () => {
    const w = world();
    const s = place(w, 'sarah', 8, 7);
    down('sarah', w);
    run(w, 40);
    // The T-800 (at 3, 7) walks up and revives her.
    place(w, 't800', 7, 7);
    run(w, 4.1, { t800: input({ buttons: Button.Interact }) });
    expect(s.life).toBe('injured');
    down('sarah', w);
    run(w, 44.5);
    expect(s.life).toBe('downed');
    run(w, 0.6);
    expect(s.life).toBe('eliminated');
  });

  it('an eliminated escort is out of play: it no longer moves or acts', () => {
    const w = world();
    const s = place(w, 'sarah', 15, 5);
    s.life = 'eliminated';
    run(w, 1, { sarah: input({ moveX: 1, buttons: Button.Primary | Button.Interact | Button.Sprint }) });
    expect(s).toMatchObject({ x: 15, y: 5, life: 'eliminated', action: '', cooldown: 0 });
  });

  it('a downed escort cannot shoot', () => {
    const w = world();
    place(w, 'sarah', 15, 5);
    down('sarah', w);
    place(w, 't1000', 18, 5);
    const evs = record(w, 0.5, { sarah: input({ aim: 0, buttons: Button.Primary }) });
    expect(ofType(evs, 'shot')).toHaveLength(0);
  });

  it('a downed T-800 bleeds out too', () => {
    const w = world();
    const t8 = down('t800', w);
    run(w, 45.1);
    expect(t8.life).toBe('eliminated');
  });
});
