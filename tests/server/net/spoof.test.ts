/**
 * Without a trusted proxy, forwarding headers are the client's word and are
 * ignored: the limits count the socket's address, and Colyseus' `context.ip`
 * (in a room's `onAuth`, at matchmaking and at the websocket join) is that
 * address too. Wrong passwords count as failed attempts.
 */
import { request } from 'node:http';
import { type AuthContext, type Client, matchMaker, Room } from '@colyseus/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAddress } from '../../../server/net/address.js';
import { REAL_LIMITS, startServer, type TestServer, until } from '../helpers.js';

const PORT = 2634;
let server: TestServer;
const seen: { at: string; ip: string | undefined }[] = [];

/** A room that only records the address Colyseus tells it. */
class ProbeRoom extends Room {
  static override async onAuth(_token: string, _options: unknown, context: AuthContext) {
    seen.push({ at: 'matchmaking', ip: context.ip });
    return true;
  }
  override onAuth(_client: Client, _options: unknown, context: AuthContext) {
    seen.push({ at: 'join', ip: context.ip });
    return true;
  }
}

beforeAll(async () => {
  server = await startServer(PORT, { ...REAL_LIMITS, password: 'sesame' });
  matchMaker.defineRoomType('probe', ProbeRoom);
});
afterAll(async () => {
  await server.close();
});

const spoofed = { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7', 'x-client-ip': '8.8.8.8' };
const matchmake = (method: string, room: string, body: unknown, headers: Record<string, string> = spoofed) =>
  fetch(`http://127.0.0.1:${PORT}/matchmake/${method}/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Open a websocket for a seat reservation (the handshake only), with spoofed headers. */
function upgrade(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: PORT,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...spoofed,
      },
    });
    req.on('upgrade', (res, socket) => {
      resolve(res.statusCode ?? 0);
      setTimeout(() => socket.destroy(), 200);
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

describe('spoofed forwarding headers, without a trusted proxy', () => {
  it('Colyseus sees the socket address as context.ip, at matchmaking and at the join', async () => {
    const res = await matchmake('create', 'probe', { password: 'sesame' });
    expect(res.status).toBe(200);
    const seat = (await res.json()) as { processId: string; roomId: string; sessionId: string };
    expect(await upgrade(`/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`)).toBe(101);
    await until('the join', () => seen.some((s) => s.at === 'join'));
    expect(seen.map((s) => s.at)).toEqual(['matchmaking', 'join']);
    for (const s of seen) expect(contextAddress(s)).toBe('127.0.0.1');
  });

  it('wrong passwords from ever other forwarded addresses lock out the one real address', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await matchmake(
        'joinOrCreate',
        'match',
        { password: `guess${i}` },
        { 'x-forwarded-for': `6.6.6.${i}` },
      );
      expect(res.status).toBe(401);
    }
    const locked = await matchmake(
      'joinOrCreate',
      'match',
      { password: 'sesame' },
      { 'x-forwarded-for': '6.6.6.99' },
    );
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('2');
  });
});
