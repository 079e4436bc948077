/**
 * A seat reserved over HTTP and never taken: a stranger who asks for seats
 * and never opens their websockets must not lock a match against its players.
 */
import { request } from 'node:http';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveAll, REAL_LIMITS, startServer, type TestServer, until } from '../helpers.js';

const PORT = 2637;
let server: TestServer;
const opened: SDKRoom[] = [];

beforeAll(async () => {
  server = await startServer(PORT, { ...REAL_LIMITS });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

/** One matchmaking call from `localAddress` (any 127/8 address: another client than 127.0.0.1). */
function matchmake(method: string, room: string, body: unknown, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: `/matchmake/${method}/${room}`,
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Ask for seats in `roomId` from `address` over and over, never connecting: the statuses. */
async function hoard(roomId: string, address: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++)
    statuses.push(await matchmake('joinById', roomId, { name: `S${i}` }, address));
  return statuses;
}

const granted = (statuses: number[]) => statuses.filter((s) => s === 200).length;

describe('seats reserved and never taken', () => {
  it('a stranger asking for seat after seat of a public lobby gets a few, and its players still join', async () => {
    const host = await server.client().create('match', { name: 'Host', pref: 'escort', mode: 'custom' });
    opened.push(host);
    // Without the cap, 14 reservations locked the room ("room is locked") for 8 s, again and again.
    const statuses = await hoard(host.roomId, '127.0.0.2', 25);
    expect(granted(statuses)).toBe(server.config.maxSeatsPerAddress);
    // Refused as a full room would be (Colyseus' 523), not as a failed attempt.
    expect(statuses.filter((s) => s !== 200).every((s) => s === 523)).toBe(true);
    // Another stranger has its own few; the room still takes its players.
    expect(granted(await hoard(host.roomId, '127.0.0.3', 10))).toBe(server.config.maxSeatsPerAddress);
    const friend = await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort' });
    opened.push(friend);
    await until('the friend in', () => friend.state?.players?.size === 2);
  });

  it('a private lobby takes up to a full party of waiting seats from one address (friends at one house)', async () => {
    const host = await server.client().create('match', { name: 'Host', mode: 'custom', private: true });
    opened.push(host);
    expect(granted(await hoard(host.roomId, '127.0.0.4', 12))).toBe(5);
    const friend = await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort' });
    opened.push(friend);
    await until('the friend in', () => friend.state?.players?.size === 2);
  });

  it('a seat taken by its websocket no longer waits: one address joins again and again', async () => {
    const host = await server.client().create('match', { name: 'Host', pref: 'escort', mode: 'custom' });
    opened.push(host);
    for (let i = 0; i < 4; i++) {
      const guest = await server.client().joinById(host.roomId, { name: 'Guest', pref: 'escort' });
      await until('the guest in', () => host.state?.players?.size === 2);
      await guest.leave();
      await until('the guest gone', () => host.state?.players?.size === 1);
    }
  });
});
