import type { Client } from '@colyseus/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserKey } from '../../../client/src/net/browserKey.js';
import { joinRoom } from '../../../client/src/net/Session.js';
import { validateJoin } from '../../../shared/protocol.js';
import { fakeStorage } from '../fixtures/storage.js';

afterEach(() => vi.unstubAllGlobals());

describe("the browser's key", () => {
  it('is made once, kept, and of the shape the server takes', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    const k = browserKey();
    expect(validateJoin({ device: k }, 'P')).toMatchObject({ ok: true, value: { device: k } });
    expect(browserKey()).toBe(k);
    expect(localStorage.getItem('lm.browser')).toBe(k);
  });

  it('differs from browser to browser', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    const a = browserKey();
    vi.stubGlobal('localStorage', fakeStorage());
    expect(browserKey()).not.toBe(a);
  });

  it('replaces a kept value the server would refuse', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    localStorage.setItem('lm.browser', 'not a key');
    const k = browserKey();
    expect(k).not.toBe('not a key');
    expect(validateJoin({ device: k }, 'P').ok).toBe(true);
  });

  it('where storage is refused, is one key for the page', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
    });
    const k = browserKey();
    expect(validateJoin({ device: k }, 'P').ok).toBe(true);
    expect(browserKey()).toBe(k);
  });

  it('goes with every join the client makes', async () => {
    vi.stubGlobal('localStorage', fakeStorage());
    const joinById = vi.fn(async () => ({}));
    const joinOrCreate = vi.fn(async () => ({}));
    const client = { joinById, joinOrCreate } as unknown as Client;
    const settings = { name: 'Ann', pref: 'any' as const, password: null, roomOptions: {} };
    await joinRoom(client, { kind: 'code', code: 'ABCDEF' }, settings);
    await joinRoom(client, { kind: 'quickplay' }, settings);
    await joinRoom(client, { kind: 'resume', roomId: 'r1', ticket: 'T'.repeat(32) }, settings);
    const sent = [...joinById.mock.calls, ...joinOrCreate.mock.calls].map((c) => (c as unknown[])[1]);
    expect(sent).toHaveLength(3);
    for (const options of sent) expect(options).toMatchObject({ device: browserKey() });
  });
});
