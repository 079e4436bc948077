import { describe, expect, it } from 'vitest';
import { TeamView } from '../../../shared/bots/TeamView.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, ent, moveTo, npcWorld, place, room } from '../sim/fixtures.js';

/** How escort bots tell the hunter in the crowd from what team vision shows. */

function world() {
  const w = npcWorld(asciiMap(room(24, 10)), { roles: ['t1000', 'john', 'sarah'], civilians: 2 });
  place(w, 'john', 4, 4);
  place(w, 'sarah', 5, 4);
  place(w, 't1000', 12, 4);
  const civs = w.entities.filter((e) => e.role === 'civilian');
  moveTo(w, civs[0], 18, 8);
  moveTo(w, civs[1], 20, 2);
  return { w, civs };
}

/** Take the look of `who` as the rules do (fields only; a new public id). */
function disguise(w: ReturnType<typeof world>['w'], who: { role: string; name: string; color: number }) {
  const t = ent(w, 't1000');
  t.mimicRole = who.role as typeof t.mimicRole;
  t.mimicName = who.name;
  t.mimicColor = who.color;
  t.publicId = 999_001;
  refresh(w);
}

describe('TeamView', () => {
  it('knows its teammates and the undisguised T-1000', () => {
    const { w } = world();
    const v = new TeamView();
    v.update(perceive(w, 'john'));
    expect(v.mates.john?.x).toBe(4);
    expect(v.mates.sarah?.x).toBe(5);
    expect(v.threat).toMatchObject({ visible: true, x: 12, suspect: false });
  });

  it('follows the hunter into a new look taken where it vanished', () => {
    const { w, civs } = world();
    const v = new TeamView();
    moveTo(w, civs[0], 12.8, 4);
    v.update(perceive(w, 'john'));
    disguise(w, civs[0]);
    v.update(perceive(w, 'john'));
    expect(v.threat).toMatchObject({ visible: true, x: 12, suspect: false });
  });

  it('sees through a passer-by faster than its kind can walk', () => {
    const { w, civs } = world();
    disguise(w, civs[0]);
    const t = ent(w, 't1000');
    t.vx = -5;
    const v = new TeamView();
    v.update(perceive(w, 'john'));
    expect(v.threat).toMatchObject({ x: 12, suspect: false });
    t.vx = -2;
    refresh(w);
    const fresh = new TeamView();
    fresh.update(perceive(w, 'john'));
    expect(fresh.threat).toBeNull();
  });

  it('sees through an "escort" that is not one of the team', () => {
    const { w } = world();
    const v = new TeamView();
    v.update(perceive(w, 'john'));
    disguise(w, { role: 'dyson', name: 'Miles Dyson', color: 1 });
    // Far from where it was last seen, so only the unknown id gives it away.
    place(w, 't1000', 13, 8);
    v.update(perceive(w, 'john'));
    expect(v.threat).toMatchObject({ visible: true, x: 13, suspect: false });
  });

  it('suspects a passer-by that keeps walking at John, only after a moment', () => {
    const { w, civs } = world();
    place(w, 't1000', 22, 8);
    moveTo(w, civs[1], 6.5, 4);
    civs[1].vx = -2;
    const v = new TeamView();
    const p0 = perceive(w, 'john');
    v.update(p0);
    expect(v.threat).toBeNull();
    for (let i = 1; i <= 12; i++) {
      w.time = i / 30;
      refresh(w);
      v.update(perceive(w, 'john'));
    }
    expect(v.threat).toMatchObject({ suspect: true });
    expect(v.recentThreat(w.time, 1)).toBeNull();
    expect(v.recentThreat(w.time, 1, true)).not.toBeNull();
  });
});
