/**
 * Guessing private room codes (and reconnection tokens) online: the real
 * defaults — five failures free, then lock-outs of 2 s, 4 s, … — per
 * address. The server trusts a proxy here, so each request can say which
 * address it comes from through X-Forwarded-For: that proves the header is
 * used when trusted, and lets one test speak from several addresses.
 */
import type { Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_LIMITS, startServer, type TestServer } from '../helpers.js';

const PORT = 2633;
let server: TestServer;
let host: Room;

beforeAll(async () => {
  server = await startServer(PORT, { ...REAL_LIMITS, trustProxy: true });
  host = await server.client().create('match', { name: 'Host', mode: 'custom', private: true });
});
afterAll(async () => {
  await host?.leave();
  await server.close();
});

const matchmake = (from: string, method: string, room: string, body: unknown = {}) =>
  fetch(`http://127.0.0.1:${PORT}/matchmake/${method}/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.9.9, ${from}` },
    body: JSON.stringify(body),
  });

/** A 6-character code that is not the room's. */
const wrongCode = (i: number) => `ZZZZ${String(i).padStart(2, '0')}`;

describe('guessing private room codes', () => {
  it('the room code is 6 characters', () => {
    expect(host.roomId).toMatch(/^[A-Z0-9]{6}$/i);
  });

  it('five wrong codes are answered; the sixth locks the address out, with Retry-After, even for the right code', async () => {
    const from = '198.51.100.2';
    for (let i = 0; i < 6; i++) {
      const res = await matchmake(from, 'joinById', wrongCode(i), { name: 'G' });
      expect(res.status).toBe(522);
    }
    const locked = await matchmake(from, 'joinById', host.roomId, { name: 'G' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('2');
    expect(await locked.json()).toEqual({ code: 429, error: 'too many failed attempts' });
    expect((await matchmake(from, 'create', 'match', { name: 'G', mode: 'custom' })).status).toBe(429);
  });

  it('the right code from another address still works', async () => {
    const res = await matchmake('198.51.100.3', 'joinById', host.roomId, { name: 'Friend' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ roomId: host.roomId });
  });

  it('after the lock-out, the next failure locks the address out twice as long', async () => {
    const from = '198.51.100.4';
    for (let i = 0; i < 6; i++) await matchmake(from, 'joinById', wrongCode(i), { name: 'G' });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await matchmake(from, 'joinById', wrongCode(7), { name: 'G' })).status).toBe(522);
    const locked = await matchmake(from, 'joinById', wrongCode(8), { name: 'G' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('4');
  });

  it('reconnection tokens that are not valid count as failures too', async () => {
    const from = '198.51.100.5';
    for (let i = 0; i < 6; i++) {
      const res = await matchmake(from, 'reconnect', host.roomId, { reconnectionToken: `bogus${i}` });
      expect(res.status).toBe(524);
    }
    expect((await matchmake(from, 'reconnect', host.roomId, { reconnectionToken: 'x' })).status).toBe(429);
  });
});
