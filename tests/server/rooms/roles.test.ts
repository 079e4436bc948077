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
