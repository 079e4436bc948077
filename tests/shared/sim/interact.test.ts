import { describe, expect, it } from 'vitest';
import { Tile } from '../../../shared/map/tiles.js';
import type { DoorKind } from '../../../shared/map/types.js';
import type { EscortRole, PlayerRole } from '../../../shared/roles.js';
import { Button, type World } from '../../../shared/sim/types.js';
import { asciiMap, ent, input, ofType, place, record, room, run, testWorld, tick } from './fixtures.js';

/** GAME.md: hack, keycard, lock-pick, fast hands, revive, terminate — held channels. */

const DOOR = ['##############', '#.....#......#', '#.....D......#', '#.....#......#', '##############'];
const HOLD = input({ buttons: Button.Interact });

/** A door of `kind` at tile (6, 2); `role` stands beside it at (5.5, 2.5), the others far off. */
function atDoor(kind: DoorKind, role: EscortRole): World {
  const roles: PlayerRole[] = ['t1000', 'john', role];
  const w = testWorld(asciiMap(DOOR, { doorKinds: [kind] }), roles);
  place(w, 't1000', 12, 3.5);
  if (role !== 'john') place(w, 'john', 1.5, 1.5);
  place(w, role, 5.5, 2.5);
  return w;
}
const open = (w: World) => w.doors[0].open;
const hold = (w: World, role: PlayerRole, seconds: number) => run(w, seconds, { [role]: HOLD });

describe("John's hack: any locked door or cell in 6 s, the vault in 6 s", () => {
  for (const kind of ['door', 'cell', 'cyberdyne'] as const) {
    it(`John hacks a ${kind} open in 6 s`, () => {
      const w = atDoor(kind, 'john');
      hold(w, 'john', 5.9);
      expect(open(w)).toBe(false);
      expect(ent(w, 'john').action).toBe('hack');
      const evs = record(w, 0.2, { john: HOLD });
      expect(open(w)).toBe(true);
      expect(ofType(evs, 'door')).toHaveLength(1);
    });
  }

  it('John hacks the vault open in 6 s', () => {
    const w = atDoor('vault', 'john');
    hold(w, 'john', 5.9);
    expect(open(w)).toBe(false);
    hold(w, 'john', 0.2);
    expect(open(w)).toBe(true);
    expect(w.objectives.vaultOpen).toBe(true);
  });

  it('an opened door becomes open floor for everyone', () => {
    const w = atDoor('door', 'john');
    hold(w, 'john', 6.1);
    expect(w.tiles[w.map.doors[0].tiles[0]]).toBe(Tile.DoorOpen);
    run(w, 1.5, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').x).toBeGreaterThan(7);
  });

  it('letting go of Interact loses the progress', () => {
    const w = atDoor('door', 'john');
    hold(w, 'john', 4);
    run(w, 1 / 30);
    hold(w, 'john', 4);
    expect(open(w)).toBe(false);
    hold(w, 'john', 2.1);
    expect(open(w)).toBe(true);
  });

  it('channelling holds the character still', () => {
    const w = atDoor('door', 'john');
    run(w, 1, { john: input({ moveX: -1, moveY: 1, buttons: Button.Interact }) });
    expect(ent(w, 'john')).toMatchObject({ x: 5.5, y: 2.5, action: 'hack' });
  });

  it('a door out of reach is not hacked', () => {
    const w = atDoor('door', 'john');
    place(w, 'john', 3.5, 2.5);
    hold(w, 'john', 7);
    expect(open(w)).toBe(false);
  });
});

describe("Dyson's keycard: Cyberdyne doors and the vault at once", () => {
  for (const kind of ['cyberdyne', 'vault'] as const) {
    it(`Dyson opens a ${kind} door at once`, () => {
      const w = atDoor(kind, 'dyson');
      tick(w, { dyson: HOLD });
      expect(open(w)).toBe(true);
    });
  }
  for (const kind of ['door', 'cell'] as const) {
    it(`Dyson's card does not open a ${kind}`, () => {
      const w = atDoor(kind, 'dyson');
      hold(w, 'dyson', 13);
      expect(open(w)).toBe(false);
    });
  }
});

describe("Sarah's lock-pick (20 s) and fast hands (60 %)", () => {
  it('Sarah picks a cell in 12 s (60 % of 20 s)', () => {
    const w = atDoor('cell', 'sarah');
    hold(w, 'sarah', 11.9);
    expect(open(w)).toBe(false);
    expect(ent(w, 'sarah').action).toBe('pick');
    hold(w, 'sarah', 0.2);
    expect(open(w)).toBe(true);
    expect(w.objectives.sarahFreed).toBe(true);
  });

  it('Sarah picks her cell from inside', () => {
    const w = atDoor('cell', 'sarah');
    place(w, 'sarah', 7.5, 2.5);
    hold(w, 'sarah', 12.2);
    expect(open(w)).toBe(true);
  });

  for (const kind of ['door', 'cyberdyne', 'vault'] as const) {
    it(`Sarah cannot pick a ${kind}`, () => {
      const w = atDoor(kind, 'sarah');
      hold(w, 'sarah', 21);
      expect(open(w)).toBe(false);
    });
  }

  it('the T-800 opens no door', () => {
    const w = atDoor('door', 't800');
    hold(w, 't800', 13);
    expect(open(w)).toBe(false);
  });

  it("Sarah's wipe takes 24 s (60 % of 40 s), anyone else's 40 s", () => {
    for (const [role, time] of [
      ['sarah', 24],
      ['t800', 40],
    ] as const) {
      const w = testWorld(asciiMap(room(20, 8), { terminals: [{ x: 5, y: 3 }] }), ['t1000', 'john', role]);
      w.act = 2;
      place(w, 't1000', 17, 6);
      place(w, 'john', 1.5, 6);
      place(w, role, 5.8, 3);
      hold(w, role, time - 0.1);
      expect(w.objectives.terminalsWiped[0]).toBe(false);
      hold(w, role, 0.2);
      expect(w.objectives.terminalsWiped[0]).toBe(true);
    }
  });

  it("Sarah's charge on the chip takes 36 s (60 % of 60 s)", () => {
    const w = testWorld(asciiMap(room(20, 8), { chip: { x: 10, y: 4 } }), ['t1000', 'john', 'sarah']);
    w.act = 2;
    w.objectives.vaultOpen = true;
    place(w, 't1000', 17, 6);
    place(w, 'john', 1.5, 6);
    place(w, 'sarah', 9, 4);
    hold(w, 'sarah', 35.9);
    expect(w.objectives.chipDestroyed).toBe(false);
    hold(w, 'sarah', 0.2);
    expect(w.objectives.chipDestroyed).toBe(true);
  });
});

describe('revive: stand by a downed ally 4 s', () => {
  const downed = (reviver: EscortRole) => {
    const w = testWorld(asciiMap(room(20, 10)), ['t1000', 'john', reviver]);
    place(w, 't1000', 17, 8);
    const j = place(w, 'john', 8, 5);
    j.life = 'downed';
    j.hits = 2;
    j.downedFor = 10;
    place(w, reviver, 9, 5);
    return { w, j };
  };

  it('an escort revives a downed ally in 4 s', () => {
    const { w, j } = downed('t800');
    hold(w, 't800', 3.9);
    expect(j.life).toBe('downed');
    expect(ent(w, 't800').action).toBe('revive');
    const evs = record(w, 0.2, { t800: HOLD });
    expect(ofType(evs, 'revived')).toHaveLength(1);
    expect(j.life).toBe('injured');
    expect(j.downedFor).toBe(0);
    // Back on their feet: walks at full speed again.
    const x = j.x;
    run(w, 1, { john: input({ moveX: -1 }) });
    expect(x - j.x).toBeCloseTo(4.6, 2);
  });

  it("Sarah's fast hands revive in 2.4 s", () => {
    const { w, j } = downed('sarah');
    hold(w, 'sarah', 2.3);
    expect(j.life).toBe('downed');
    hold(w, 'sarah', 0.2);
    expect(j.life).toBe('injured');
  });

  it('an ally too far away is not revived', () => {
    const { w, j } = downed('dyson');
    place(w, 'dyson', 9.6, 5);
    hold(w, 'dyson', 5);
    expect(j.life).toBe('downed');
  });

  it('a downed escort cannot revive anyone or interact', () => {
    const { w, j } = downed('dyson');
    const d = ent(w, 'dyson');
    d.life = 'downed';
    d.hits = 2;
    hold(w, 'dyson', 5);
    expect(j.life).toBe('downed');
    expect(d.action).toBe('');
  });
});

describe('terminate: 2 s over a downed John ends the match', () => {
  const downedJohn = () => {
    const w = testWorld(asciiMap(room(20, 10)), ['t1000', 'john', 'sarah']);
    const j = place(w, 'john', 8, 5);
    j.life = 'downed';
    j.hits = 2;
    place(w, 't1000', 8.6, 5);
    place(w, 'sarah', 2, 5);
    return { w, j };
  };
  const T = input({ buttons: Button.Interact });

  it('standing over a downed John for 2 s terminates him: the hunter wins', () => {
    const { w, j } = downedJohn();
    run(w, 1.9, { t1000: T });
    expect(ent(w, 't1000').action).toBe('terminate');
    expect(w.result).toBeNull();
    run(w, 0.2, { t1000: T });
    expect(j.life).toBe('eliminated');
    expect(w.result).toMatchObject({ winner: 'hunter', reason: 'terminated' });
  });

  it('the T-1000 must hold the whole 2 s', () => {
    const { w } = downedJohn();
    run(w, 1.5, { t1000: T });
    run(w, 1 / 30);
    run(w, 1.5, { t1000: T });
    expect(w.result).toBeNull();
  });

  it('a healthy John cannot be terminated', () => {
    const { w, j } = downedJohn();
    j.life = 'healthy';
    j.hits = 0;
    run(w, 3, { t1000: T });
    expect(w.result).toBeNull();
    expect(j.life).toBe('healthy');
  });

  it('a downed Sarah cannot be terminated', () => {
    const { w, j } = downedJohn();
    j.life = 'healthy';
    j.hits = 0;
    place(w, 'john', 2, 8);
    const s = place(w, 'sarah', 8, 5);
    s.life = 'downed';
    run(w, 3, { t1000: T });
    expect(s.life).toBe('downed');
    expect(w.result).toBeNull();
  });

  it('a liquid T-1000 cannot terminate', () => {
    const { w } = downedJohn();
    const t = ent(w, 't1000');
    t.liquid = true;
    run(w, 3, { t1000: T });
    expect(w.result).toBeNull();
  });

  it('a T-1000 too far from John cannot terminate', () => {
    const { w } = downedJohn();
    place(w, 't1000', 9.2, 5);
    run(w, 3, { t1000: T });
    expect(w.result).toBeNull();
  });

  it('a shot interrupts the terminate', () => {
    const { w } = downedJohn();
    place(w, 'sarah', 8.6, 2);
    run(w, 1.5, { t1000: T });
    tick(w, { t1000: T, sarah: input({ aim: Math.PI / 2, buttons: Button.Primary }) });
    expect(ent(w, 't1000').stun).toBeGreaterThan(0);
    run(w, 0.7, { t1000: T });
    // Back over John after the stun: the 1.5 s held before the shot are lost.
    place(w, 't1000', 8.6, 5);
    run(w, 1, { t1000: T });
    expect(w.result).toBeNull();
    run(w, 1.1, { t1000: T });
    expect(w.result).toMatchObject({ reason: 'terminated' });
  });
});
