/**
 * Everything works across processes: two server processes on one Redis,
 * each client talking to one of them. Quick play fills one match wherever it
 * is, a private code and a room link join across, the live listing and its
 * spectator counts show every process's matches, a watcher of a match is
 * placed beside it, a reconnection through the other process finds the
 * seat, and replays of both are listed and served.
 */
import type { Room } from '@colyseus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextMessage, until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { clusterSuite, HAS_REDIS, type Proc, st } from './harness.js';

const cluster = clusterSuite();

type Listed = { roomId: string; processId: string; metadata: { spectators?: number; phase?: string } };

/** The live listing as a client of `p` sees it (kept up to date). */
async function listing(p: Proc): Promise<{ room: Room; rooms: Map<string, Listed> }> {
  const room = await p.client().joinOrCreate('lobby', {});
  const rooms = new Map<string, Listed>();
  room.onMessage('rooms', (list: Listed[]) => {
    rooms.clear();
    for (const r of list) rooms.set(r.roomId, r);
  });
  room.onMessage('+', ([id, r]: [string, Listed]) => rooms.set(id, r));
  room.onMessage('-', (id: string) => rooms.delete(id));
  return { room, rooms };
}

describe.skipIf(!HAS_REDIS)('across processes', () => {
  let a: Proc;
  let b: Proc;
  const dir = tempDir();
  beforeAll(async () => {
    a = await cluster.start('A', { replayDir: dir });
    b = await cluster.start('B', { replayDir: dir });
  }, 120_000);

  it('quick play from either process fills one match', async () => {
    const first = await a.client().joinOrCreate('match', { name: 'Ann', pref: 'escort', countdown: 60 });
    const second = await b.client().joinOrCreate('match', { name: 'Bob', pref: 'hunter', countdown: 60 });
    expect(second.roomId).toBe(first.roomId);
    await until('both in the roster', () => st(first).players.size === 2, 10_000);
    await Promise.all([first.leave(), second.leave()]);
  });

  it('a private code and a room link join across processes; the codes are the cluster’s', async () => {
    const host = await b.client().create('match', { name: 'Host', mode: 'custom', private: true });
    const byCode = await a.client().joinById(host.roomId, { name: 'Friend' });
    await until('the friend is in', () => st(host).players.size === 2, 10_000);
    // A public custom room, joined by its link (room id) from the other process.
    const open = await a.client().create('match', { name: 'Open', mode: 'custom' });
    const byLink = await b.client().joinById(open.roomId, { name: 'Linked' });
    await until('the linked player is in', () => st(open).players.size === 2, 10_000);
    // Codes never collide across the cluster: many private rooms, all distinct.
    const more = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).client().create('match', { name: `P${i}`, mode: 'custom', private: true }),
      ),
    );
    expect(new Set(more.map((r) => r.roomId)).size).toBe(more.length);
    await Promise.all([host, byCode, open, byLink, ...more].map((r) => r.leave()));
  });

  it('the listing shows every process’s matches, the spectators of each, and a watcher is placed beside its match', async () => {
    const seen = await listing(b);
    const match = await a
      .client()
      .create('match', { name: 'Ann', pref: 'escort', countdown: 0, civilians: 5 });
    await until('the match plays', () => st(match).phase === 'playing', 20_000);
    await until('B lists A’s match', () => seen.rooms.has(match.roomId), 10_000);
    const entry = seen.rooms.get(match.roomId)!;
    // Watch it through B: the watch room is made in A's process (its feed lives beside the match).
    const watcher = await b.client().joinOrCreate('watch', { match: match.roomId, name: 'Eve' });
    const info = await nextMessage<{ match: string }>(watcher, 'watching', 15_000);
    expect(info.match).toBe(match.roomId);
    await nextMessage(watcher, 'records', 15_000);
    await until(
      'B’s listing counts the spectator',
      () => seen.rooms.get(match.roomId)?.metadata.spectators === 1,
      10_000,
    );
    expect(entry.processId).toBeTruthy();
    await Promise.all([watcher.leave(), match.leave(), seen.room.leave()]);
  });

  it('a reconnection through the other process finds the seat', async () => {
    const room = await a
      .client()
      .create('match', { name: 'Ann', pref: 'escort', countdown: 0, civilians: 5 });
    await until('the match plays', () => st(room).phase === 'playing', 20_000);
    const token = room.reconnectionToken;
    const role = st(room).players.get(room.sessionId)?.role;
    room.reconnection.enabled = false;
    room.connection.close();
    const back = await b.client().reconnect(token);
    expect(back.sessionId).toBe(room.sessionId);
    await until('state', () => (st(back)?.players?.size ?? 0) > 0, 10_000);
    expect(st(back).players.get(back.sessionId)?.role).toBe(role);
    expect(st(back).players.get(back.sessionId)?.connected).toBe(true);
    await back.leave();
  });

  it('replays of every process are listed and served by each', async () => {
    // A short match on each process.
    const matches = await Promise.all(
      [a, b].map((p) =>
        p.client().create('match', {
          name: 'R',
          pref: 'escort',
          countdown: 0,
          matchSeconds: 10,
          timeScale: 8,
          civilians: 0,
          police: 0,
        }),
      ),
    );
    const ends = await Promise.all(
      matches.map((m) => nextMessage<{ replay: string | null }>(m, 'end', 30_000)),
    );
    const ids = ends.map((e) => e.replay);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    for (const p of [a, b]) {
      let listed: string[] = [];
      for (let i = 0; i < 100 && !ids.every((id) => listed.includes(id!)); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 200));
        const body = (await (await fetch(`http://127.0.0.1:${p.port}/api/replays`)).json()) as {
          replays: { id: string }[];
        };
        listed = body.replays.map((r) => r.id);
      }
      expect(listed).toEqual(expect.arrayContaining(ids));
      for (const id of ids)
        expect((await fetch(`http://127.0.0.1:${p.port}/api/replays/${id}`)).status).toBe(200);
    }
    await Promise.all(matches.map((m) => m.leave()));
  }, 60_000);
});
