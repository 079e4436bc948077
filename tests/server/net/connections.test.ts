/**
 * Live websocket connections per address: past the cap, an upgrade is
 * answered 429 on the socket before any websocket exists.
 */
import { request } from 'node:http';
import type { Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_LIMITS, startServer, type TestServer } from '../helpers.js';

const PORT = 2635;
let server: TestServer;
const rooms: Room[] = [];

beforeAll(async () => {
  server = await startServer(PORT, { ...REAL_LIMITS, connectionsPerAddress: 3 });
});
afterAll(async () => {
  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
  await server.close();
});

/** Try a websocket handshake; resolves with the status and body of a refusal (101 and '' if it upgraded). */
function upgrade(): Promise<{ status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: PORT,
      path: '/',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('live connections per address', () => {
  it('past the cap, a join is refused at the upgrade with 429, and a place frees when one leaves', async () => {
    for (let i = 0; i < 3; i++) rooms.push(await server.client().joinOrCreate('lobby'));
    const refused = await upgrade();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ code: 429, error: 'too many connections from this address' });
    await expect(server.client().joinOrCreate('lobby')).rejects.toBeTruthy();
    await rooms.pop()!.leave();
    await new Promise((r) => setTimeout(r, 100));
    rooms.push(await server.client().joinOrCreate('lobby'));
    expect(rooms).toHaveLength(3);
  });
});
