/**
 * `/health` and `/stats` count this process's rooms and clients, not the
 * cluster's: with Redis, Colyseus' matchmaking query reads every process's
 * rooms, and each process reported the whole cluster's.
 */
import type { Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSuite, HAS_REDIS, type Proc } from '../cluster/harness.js';
import { leaveAll } from '../helpers.js';

const cluster = clusterSuite();
const rooms: Room[] = [];
afterAll(() => leaveAll(rooms));

const counts = async (p: Proc, path: '/health' | '/stats') => {
  const body = await (await fetch(`http://127.0.0.1:${p.port}${path}`)).json();
  return { rooms: body.rooms as number, clients: body.clients as number };
};

describe.skipIf(!HAS_REDIS)('/health and /stats in a cluster', () => {
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    a = await cluster.start('A');
    b = await cluster.start('B');
  }, 120_000);

  it('count the rooms and clients of the process asked, not of the whole cluster', async () => {
    // Four matches of one player each: each new room goes to the process with the fewest.
    for (let i = 0; i < 4; i++) {
      const room = await a
        .client()
        .create('match', { name: `P${i}`, mode: 'custom', private: true, bots: false });
      room.onMessage('*', () => undefined);
      rooms.push(room);
    }
    for (const path of ['/health', '/stats'] as const) {
      const [ca, cb] = [await counts(a, path), await counts(b, path)];
      expect(ca.rooms, path).toBeGreaterThan(0);
      expect(cb.rooms, path).toBeGreaterThan(0);
      expect(ca.rooms + cb.rooms, path).toBe(4);
      expect(ca.clients + cb.clients, path).toBe(4);
    }
  }, 60_000);
});
