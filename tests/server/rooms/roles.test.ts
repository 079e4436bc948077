import { describe, expect, it } from 'vitest';
import { assignRoles, dropInRole } from '../../../server/rooms/roles.js';

describe('role assignment', () => {
  it('a player who asks to hunt is the T-1000; the others escort, John first', () => {
    const a = assignRoles(
      [
        { id: 'a', pref: 'escort' },
        { id: 'b', pref: 'hunter' },
      ],
      1,
      true,
    );
    expect(a.roles.get('b')).toBe('t1000');
    expect(a.roles.get('a')).toBe('john');
    expect(a.present).toEqual(['t1000', 'john', 'sarah', 't800', 'dyson']);
    expect(a.bots).toEqual(['sarah', 't800', 'dyson']);
  });

  it('ties between hunters are broken by the seed, the same way every time', () => {
    const players = ['a', 'b', 'c'].map((id) => ({ id, pref: 'hunter' as const }));
    const hunters = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const a = assignRoles(players, seed, true);
      const h = [...a.roles].find(([, r]) => r === 't1000')![0];
      expect(assignRoles(players, seed, true).roles.get(h)).toBe('t1000');
      hunters.add(h);
    }
    expect(hunters.size).toBe(3);
  });

  it('with nobody asking to hunt, a player who said "any" hunts', () => {
    const a = assignRoles(
      [
        { id: 'a', pref: 'escort' },
        { id: 'b', pref: 'any' },
      ],
      7,
      true,
    );
    expect(a.roles.get('b')).toBe('t1000');
  });

  it('only escort preferences: a bot hunts, unless five people leave no other seat', () => {
    const two = assignRoles(
      [
        { id: 'a', pref: 'escort' },
        { id: 'b', pref: 'escort' },
      ],
      3,
      true,
    );
    expect([...two.roles.values()].sort()).toEqual(['john', 'sarah']);
    expect(two.bots).toContain('t1000');
    const five = assignRoles(
      ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, pref: 'escort' as const })),
      3,
      true,
    );
    expect([...five.roles.values()].sort()).toEqual(['dyson', 'john', 'sarah', 't1000', 't800']);
    expect(five.bots).toEqual([]);
  });

  it('with bots off only the taken roles, John and the T-1000 are in the match', () => {
    const a = assignRoles([{ id: 'a', pref: 'escort' }], 1, false);
    expect(a.present).toEqual(['t1000', 'john']);
    expect(a.bots).toEqual(['t1000']);
  });

  it('a player joining a match in progress takes a bot seat on the preferred side', () => {
    expect(dropInRole('hunter', ['sarah', 't1000'])).toBe('t1000');
    expect(dropInRole('escort', ['t1000', 'dyson', 'sarah'])).toBe('sarah');
    expect(dropInRole('escort', ['t1000'])).toBe('t1000');
    expect(dropInRole('any', [])).toBeNull();
  });
});

describe('role assignment: the host, specific escorts and the rotation (issue 9)', () => {
  const hunterOf = (a: ReturnType<typeof assignRoles>) => [...a.roles].find(([, r]) => r === 't1000')?.[0];

  it("the host's pick hunts, whatever the preferences", () => {
    const players = [
      { id: 'a', pref: 'hunter' as const },
      { id: 'b', pref: 'escort' as const },
      { id: 'c', pref: 'john' as const },
    ];
    for (let seed = 0; seed < 10; seed++) {
      expect(hunterOf(assignRoles(players, seed, true, { hunter: 'b' }))).toBe('b');
    }
    expect(assignRoles(players, 1, true, { hunter: 'b' }).roles.get('c')).toBe('john');
  });

  it('a pick of someone not in the lobby falls back to the preferences', () => {
    const a = assignRoles(
      [
        { id: 'a', pref: 'escort' },
        { id: 'b', pref: 'hunter' },
      ],
      1,
      true,
      { hunter: 'gone' },
    );
    expect(hunterOf(a)).toBe('b');
  });

  it('a player who asks for a specific escort plays it; a clash is broken by the seed', () => {
    const a = assignRoles(
      [
        { id: 'a', pref: 'dyson' },
        { id: 'b', pref: 't800' },
        { id: 'c', pref: 'escort' },
      ],
      5,
      true,
    );
    expect(a.roles.get('a')).toBe('dyson');
    expect(a.roles.get('b')).toBe('t800');
    expect(a.roles.get('c')).toBe('john');
    const winners = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const clash = assignRoles(
        [
          { id: 'a', pref: 'sarah' },
          { id: 'b', pref: 'sarah' },
        ],
        seed,
        true,
      );
      const sarah = [...clash.roles].find(([, r]) => r === 'sarah')![0];
      expect(
        assignRoles(
          [
            { id: 'a', pref: 'sarah' },
            { id: 'b', pref: 'sarah' },
          ],
          seed,
          true,
        ).roles.get(sarah),
      ).toBe('sarah');
      winners.add(sarah);
      expect(clash.roles.get(sarah === 'a' ? 'b' : 'a')).toBe('john');
    }
    expect(winners.size).toBe(2);
  });

  it('a specific escort preference counts as escort: that player hunts only when five leave no other seat', () => {
    const two = assignRoles(
      [
        { id: 'a', pref: 'sarah' },
        { id: 'b', pref: 'escort' },
      ],
      2,
      true,
    );
    expect(hunterOf(two)).toBeUndefined();
    expect(two.bots).toContain('t1000');
  });

  it('on a rematch the last hunter does not hunt again when another player wants to', () => {
    const players = ['a', 'b', 'c'].map((id) => ({ id, pref: 'any' as const }));
    for (let seed = 0; seed < 20; seed++) {
      const first = hunterOf(assignRoles(players, seed, true))!;
      const again = assignRoles(players, seed, true, {
        history: { hunted: new Map([[first, 1]]), last: first },
      });
      expect(hunterOf(again)).not.toBe(first);
    }
  });

  it('the hunter rotates through everyone willing: whoever has hunted least goes next', () => {
    const players = ['a', 'b', 'c'].map((id) => ({ id, pref: 'hunter' as const }));
    const hunted = new Map<string, number>();
    let last: string | null = null;
    const order: string[] = [];
    for (let match = 0; match < 6; match++) {
      const h: string = hunterOf(assignRoles(players, match * 7 + 1, true, { history: { hunted, last } }))!;
      hunted.set(h, (hunted.get(h) ?? 0) + 1);
      last = h;
      order.push(h);
    }
    expect(new Set(order.slice(0, 3)).size).toBe(3);
    expect(new Set(order.slice(3, 6)).size).toBe(3);
    expect([...hunted.values()]).toEqual([2, 2, 2]);
  });

  it('the rotation stays within the preferences: a player who asked to hunt goes before one who said "any"', () => {
    const a = assignRoles(
      [
        { id: 'a', pref: 'hunter' },
        { id: 'b', pref: 'any' },
      ],
      3,
      true,
      { history: { hunted: new Map([['a', 3]]), last: 'a' } },
    );
    expect(hunterOf(a)).toBe('a');
  });

  it('a player joining a match in progress takes the escort they asked for if a bot plays it', () => {
    expect(dropInRole('dyson', ['sarah', 'dyson', 't1000'])).toBe('dyson');
    expect(dropInRole('t800', ['sarah', 't1000'])).toBe('sarah');
  });
});
