import { describe, expect, it } from 'vitest';
import { parseSeat, type TabStorage, TabStore } from '../../../client/src/app/tabStore.js';

const memory = (): TabStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

describe('what a tab keeps across a reload', () => {
  it('the seat round-trips and is forgotten', () => {
    const m = memory();
    const tab = new TabStore(m);
    expect(tab.seat).toBeNull();
    tab.seat = { token: 'AB3K9Q:xyz', roomId: 'AB3K9Q' };
    expect(new TabStore(m).seat).toEqual({ token: 'AB3K9Q:xyz', roomId: 'AB3K9Q' });
    tab.seat = null;
    expect(m.map.size).toBe(0);
  });

  it('a stored seat that is not one is ignored', () => {
    expect(parseSeat('{')).toBeNull();
    expect(parseSeat('{"token":"nocolon","roomId":"r"}')).toBeNull();
    expect(parseSeat('{"token":"other:t","roomId":"r"}')).toBeNull();
    expect(parseSeat('null')).toBeNull();
  });

  it('the password is kept for the tab; blocked storage keeps nothing and throws nothing', () => {
    const tab = new TabStore(memory());
    tab.password = 's3cret';
    expect(tab.password).toBe('s3cret');
    const blocked = new TabStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    });
    blocked.password = 'x';
    expect(blocked.password).toBeNull();
    expect(new TabStore(null).seat).toBeNull();
  });
});
