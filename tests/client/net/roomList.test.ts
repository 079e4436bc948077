import { describe, expect, it } from 'vitest';
import { applyListing, joinable, type ListedRoom } from '../../../client/src/net/roomList.js';

const room = (roomId: string, clients: number, extra: Partial<ListedRoom> = {}): ListedRoom => ({
  roomId,
  name: 'match',
  clients,
  maxClients: 5,
  ...extra,
});

describe('the live list of public matches', () => {
  it('takes the whole list, then adds, updates and removes rooms', () => {
    let list = applyListing([], 'rooms', [room('a', 1), room('b', 2)]);
    expect(list.map((r) => r.roomId)).toEqual(['b', 'a']);
    list = applyListing(list, '+', ['c', room('c', 3)]);
    expect(list.map((r) => r.roomId)).toEqual(['c', 'b', 'a']);
    list = applyListing(list, '+', ['a', room('a', 4)]);
    expect(list.find((r) => r.roomId === 'a')?.clients).toBe(4);
    expect(list).toHaveLength(3);
    list = applyListing(list, '-', 'b');
    expect(list.map((r) => r.roomId)).toEqual(['a', 'c']);
  });

  it('lists rooms a player can join before full or locked ones', () => {
    const list = applyListing([], 'rooms', [
      room('full', 5),
      room('open', 1),
      room('locked', 2, { locked: true }),
    ]);
    expect(list[0].roomId).toBe('open');
    expect(joinable(list[1])).toBe(false);
    expect(joinable(list[2])).toBe(false);
  });

  it('ignores malformed messages', () => {
    const list = [room('a', 1)];
    expect(applyListing(list, '+', 'nonsense')).toEqual(list);
    expect(applyListing(list, 'rooms', [null, 3, room('b', 1)]).map((r) => r.roomId)).toEqual(['b']);
  });
});
