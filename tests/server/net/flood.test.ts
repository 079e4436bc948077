/**
 * Floods from one address: room creations and matchmaking requests are held
 * to their token buckets (the real defaults: 3 creations at once then one
 * per 10 s; MATCHMAKE_BURST requests at once then MATCHMAKE_PER_SECOND). The server trusts a
 * proxy here, so each test speaks from its own address through X-Forwarded-For.
 */
import { matchMaker } from '@colyseus/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../server/config.js';
import { REAL_LIMITS, startServer, type TestServer } from '../helpers.js';

const PORT = 2632;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(PORT, { ...REAL_LIMITS, trustProxy: true });
});
afterAll(async () => {
  await server.close();
});

const matchmake = (from: string, method: string, room: string, body: unknown = {}) =>
  fetch(`http://127.0.0.1:${PORT}/matchmake/${method}/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(body),
  });
const roomCount = async () => (await matchMaker.query({ name: 'match' })).length;

describe('floods from one address', () => {
  it('a creation flood gets 429 with Retry-After after the burst of 3, and makes no more rooms', async () => {
    const before = await roomCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        matchmake('203.0.113.1', 'create', 'match', { name: 'F', mode: 'custom' }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toEqual({ code: 429, error: 'too many rooms created' });
    expect(await roomCount()).toBe(before + 3);
    // Another address is not held back by this one.
    expect((await matchmake('203.0.113.2', 'create', 'match', { name: 'G', mode: 'custom' })).status).toBe(
      200,
    );
  });

  it('joinOrCreate is charged as a creation only when it created a room', async () => {
    const from = '203.0.113.3';
    for (let i = 0; i < 5; i++) expect((await matchmake(from, 'joinOrCreate', 'lobby')).status).toBe(200);
    expect((await matchmake(from, 'create', 'match', { name: 'H', mode: 'custom' })).status).toBe(200);
    expect((await matchmake(from, 'create', 'match', { name: 'H', mode: 'custom' })).status).toBe(200);
    expect((await matchmake(from, 'create', 'match', { name: 'H', mode: 'custom' })).status).toBe(429);
    expect((await matchmake(from, 'joinOrCreate', 'lobby')).status).toBe(429);
  });

  it('watching is not making rooms: an address out of creations still watches, and watching spends none', async () => {
    const from = '203.0.113.9';
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await matchmake(from, 'create', 'match', { name: 'W', mode: 'custom' });
      expect(r.status).toBe(200);
      made.push(((await r.json()) as { name: string; roomId: string }).roomId);
    }
    expect((await matchmake(from, 'create', 'match', { name: 'W', mode: 'custom' })).status).toBe(429);
    // Each match's watch room is made by its first watcher, from the address that has no creations left.
    for (const match of made)
      expect((await matchmake(from, 'joinOrCreate', 'watch', { match })).status).toBe(200);
    // A watch room is only ever made for a match that exists.
    expect((await matchmake(from, 'joinOrCreate', 'watch', { match: 'NOSUCH' })).status).toBe(410);
  });

  it('matchmaking requests past the burst get 429 with Retry-After', async () => {
    const burst = DEFAULT_CONFIG.matchmakeBurst;
    const answers = await Promise.all(
      Array.from({ length: burst + 4 }, () => matchmake('203.0.113.4', 'join', 'lobby')),
    );
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(await refused[0].json()).toEqual({ code: 429, error: 'too many requests' });
    expect(answers.filter((r) => r.status !== 429)).toHaveLength(burst);
  });
});
