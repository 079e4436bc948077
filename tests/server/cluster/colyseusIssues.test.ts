/**
 * The open Colyseus issues a cluster runs into, tested against ours:
 *
 * - colyseus#968: a single missed health-check ping hides a live process's
 *   rooms (a peer removes its listings). Here a peer does exactly what a
 *   failed check does; the process lists its rooms again by itself, and
 *   nobody takes its match over (it is alive: its heartbeat goes on).
 * - colyseus#978: a timed-out room creation can create a duplicate room.
 *   Here the process asked to make a room is frozen past the 2 s timeout;
 *   the asking process makes the room itself, and when the frozen one wakes
 *   and makes it too, one room is left — quick play and private codes alike.
 */

import { RedisDriver } from '@colyseus/redis-driver';
import type { Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { clusterSuite, HAS_REDIS, type Proc, st } from './harness.js';

const cluster = clusterSuite();

/** Rooms listed in Redis, by process. */
async function listed(url: string): Promise<{ roomId: string; processId: string; name: string }[]> {
  const r = new Redis(url);
  try {
    const all = await r.hgetall('roomcaches');
    return Object.values(all).map(
      (v) => JSON.parse(v) as { roomId: string; processId: string; name: string },
    );
  } finally {
    r.disconnect();
  }
}

/** Match rooms a process runs, from its /metrics (loopback may read it). */
async function matchRooms(p: Proc): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
  const m = /^liquid_metal_rooms_open\{type="match"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

describe.skipIf(!HAS_REDIS)('Colyseus issues on a cluster', () => {
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    const dir = tempDir();
    a = await cluster.start('A', { replayDir: dir });
    b = await cluster.start('B', { replayDir: dir });
  }, 120_000);

  it('colyseus#968: a live process whose listings a peer removed lists them again, and keeps its match', async () => {
    const room = await a
      .client()
      .create('match', { name: 'Ann', pref: 'escort', countdown: 0, civilians: 5 });
    await until('the match plays', () => st(room).phase === 'playing', 20_000);
    const pid = (await listed(cluster.redis!.url)).find((x) => x.roomId === room.roomId)!.processId;
    // What a peer does when one health-check ping to A went unanswered (MatchMaker.healthCheckProcessId).
    const driver = new RedisDriver(cluster.redis!.url);
    await driver.cleanup(pid);
    const r = new Redis(cluster.redis!.url);
    await r.hdel('roomcount', pid);
    await r.setex(`swept:${pid}`, 600, '1');
    r.disconnect();
    await driver.shutdown();
    expect((await listed(cluster.redis!.url)).some((x) => x.roomId === room.roomId)).toBe(false);
    // A notices (Colyseus' swept check, every 5 s) and lists its rooms again; a player finds the match.
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      back = (await listed(cluster.redis!.url)).some((x) => x.roomId === room.roomId);
      if (!back) await new Promise((res) => setTimeout(res, 250));
    }
    expect(back).toBe(true);
    const friend = await b.client().joinById(room.roomId, { name: 'Bob', pref: 'hunter' });
    expect(friend.roomId).toBe(room.roomId);
    // Alive all along: nobody took its match over, the player never moved.
    expect(b.out()).not.toMatch(/taken over/);
    expect(st(room).phase).toBe('playing');
    await Promise.all([friend.leave(), room.leave()]);
  }, 60_000);

  it('colyseus#978: a room creation that timed out on a frozen process leaves one room, not two', async () => {
    // A holds a room, so B (none) is where Colyseus makes the next one.
    const holder = await a.client().create('match', { name: 'Holder', mode: 'custom' });
    const before = await matchRooms(b);
    b.child.kill('SIGSTOP');
    let quick: Room;
    let priv: Room;
    const t0 = Date.now();
    try {
      // Asked of A: A asks B, B does not answer in 2 s, A makes the rooms itself.
      [quick, priv] = await Promise.all([
        a.client().joinOrCreate('match', { name: 'Q', pref: 'escort', countdown: 60 }),
        a.client().create('match', { name: 'P', mode: 'custom', private: true }),
      ]);
    } finally {
      // B wakes (well inside the 3 s a process may miss its heartbeat) and works through A's requests.
      b.child.kill('SIGCONT');
    }
    // A did ask B first: the creations waited for Colyseus' 2 s timeout.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    await new Promise((res) => setTimeout(res, 3000));
    const rooms = await listed(cluster.redis!.url);
    if (process.env.LM_DEBUG_CLUSTER)
      process.stdout.write(`rooms: ${JSON.stringify(rooms)} quick ${quick!.roomId} priv ${priv!.roomId}\n`);
    const quicks = rooms.filter((x) => x.name === 'match' && x.roomId === quick.roomId);
    expect(quicks).toHaveLength(1);
    expect(rooms.filter((x) => x.roomId === priv.roomId)).toHaveLength(1);
    // B made no room that lingers: its match rooms are as before.
    expect(await matchRooms(b)).toBe(before);
    // A second player's quick play finds the one quick room.
    const second = await b.client().joinOrCreate('match', { name: 'Q2', pref: 'hunter', countdown: 60 });
    expect(second.roomId).toBe(quick.roomId);
    await Promise.all([holder, quick, priv, second].map((x) => x.leave()));
  }, 60_000);
});
