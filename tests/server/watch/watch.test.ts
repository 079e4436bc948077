/**
 * Watching a match through the watch room, with real SDK clients on a real
 * server: every record a spectator is sent is decoded and its match time
 * compared with the live match at the moment it arrives (the delay is never
 * broken), a private match is watched by its code, counts reach the
 * listing, players may not watch their own live match (the eliminated may),
 * and the feed goes on into a rematch.
 */
import { matchMaker } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JoinError,
  ROOM,
  ServerMessage,
  type WatchInfo,
  watchSendSeconds,
} from '../../../shared/protocol.js';
import { magicBytes, readReplay } from '../../../shared/replay/codec.js';
import type { ReplayRecord } from '../../../shared/replay/format.js';
import { TICK_HZ } from '../../../shared/tuning.js';
import { leaveAll, nextMessage, QUIET_MATCH, startServer, type TestServer, until } from '../helpers.js';

const PORT = 2610;
let server: TestServer;
const rooms: SDKRoom[] = [];
const track = (r: SDKRoom) => {
  rooms.push(r);
  return r;
};

beforeAll(async () => {
  server = await startServer(PORT, { maxSpectators: 5 });
});
afterAll(async () => {
  await leaveAll(rooms);
  await server.close();
});

/** A record's last match tick (a chunk: its last frame; a keyframe: its tick). */
function lastTick(r: ReplayRecord): number {
  if (r.t === 'S') return r.tick + r.n;
  if (r.t === 'K' || r.t === 'E') return r.tick;
  return 0;
}

/** Every records message of a watcher, decoded, each with the live tick when it arrived. */
function recordStream(watcher: SDKRoom, liveTick: () => number) {
  const got: { records: ReplayRecord[]; live: number }[] = [];
  let bytes: Uint8Array = magicBytes();
  let seen = 0;
  watcher.onMessage(ServerMessage.records, (payload: Uint8Array) => {
    const live = liveTick();
    const next = new Uint8Array(bytes.length + payload.length);
    next.set(bytes);
    next.set(payload, bytes.length);
    bytes = next;
    const all = readReplay(bytes);
    expect(all.truncated).toBeNull();
    const records = [all.header as ReplayRecord, ...all.records].slice(seen);
    seen += records.length;
    got.push({ records, live });
  });
  return got;
}

async function startedMatch(extra: Record<string, unknown>) {
  const host = track(await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true, ...extra }));
  host.send('start');
  await until('the match to start', () => server.room(host.roomId).run !== null);
  return host;
}

describe('the watch room', () => {
  it('never sends a spectator anything newer than now − delay (every record decoded)', async () => {
    const delay = 2;
    const host = await startedMatch({ spectatorDelay: delay, civilians: 20 });
    const live = () => server.room(host.roomId).run?.world.tick ?? 0;
    const watcher = track(
      await server.client().joinOrCreate(ROOM.watch, { match: host.roomId, name: 'Watcher' }),
    );
    const infoP = nextMessage<WatchInfo>(watcher, ServerMessage.watching);
    const got = recordStream(watcher, live);
    const info = await infoP;
    expect(info).toMatchObject({ match: host.roomId, delay });
    expect(info.replay).toMatch(/^[A-Za-z0-9_-]+$/);
    await until('6 s of the match', () => live() >= 6 * TICK_HZ, 15_000);
    const frames = got.flatMap((g) => g.records.flatMap((r) => (r.t === 'S' ? r.f : [])));
    expect(frames.length).toBeGreaterThan(30);
    for (const g of got) {
      // The header is the match's setup (map, seed, names): it has no match time and comes first.
      for (const r of g.records)
        if (r.t !== 'H') expect(lastTick(r)).toBeLessThanOrEqual(g.live - delay * TICK_HZ);
    }
    // Not held back for nothing either: the newest record is at most a chunk (1 s) and a pump older than the delay allows.
    const newest = got[got.length - 1];
    const newestTick = Math.max(...newest.records.map(lastTick));
    expect(newest.live - newestTick).toBeLessThanOrEqual((delay + 1.5) * TICK_HZ);
    expect(got[0].records[0].t).toBe('H');
  }, 30_000);

  it('a long delay is sent in bundles a few seconds apart, still never newer than the delay', async () => {
    const delay = 10;
    const host = await startedMatch({ spectatorDelay: delay, timeScale: 4 });
    const live = () => server.room(host.roomId).run?.world.tick ?? 0;
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId }));
    const arrivals: number[] = [];
    watcher.onMessage(ServerMessage.records, () => arrivals.push(performance.now()));
    const got = recordStream(watcher, live);
    await until('four sends', () => arrivals.length >= 4, 30_000);
    for (const g of got)
      for (const r of g.records)
        if (r.t !== 'H') expect(lastTick(r)).toBeLessThanOrEqual(g.live - delay * TICK_HZ);
    // After the first (the newcomer's start), sends come a bundle apart.
    const every = watchSendSeconds(delay) * 1000;
    expect(every).toBeGreaterThan(1000);
    for (let i = 2; i < arrivals.length; i++)
      expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThan(every - 150);
  }, 40_000);

  it('a private match is watched by its code, without delay by default', async () => {
    const host = await startedMatch({ private: true });
    expect(host.roomId).toMatch(/^[A-Z2-9]{6}$/);
    const live = () => server.room(host.roomId).run?.world.tick ?? 0;
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId }));
    const infoP = nextMessage<WatchInfo>(watcher, ServerMessage.watching);
    const got = recordStream(watcher, live);
    expect((await infoP).delay).toBe(0);
    await until('a few chunks', () => got.length >= 3, 10_000);
    const last = got[got.length - 1];
    expect(last.live - Math.max(...last.records.map(lastTick))).toBeLessThanOrEqual(1.5 * TICK_HZ);
  }, 20_000);

  it('public rooms default to a 60 s delay', async () => {
    const host = track(await server.client().create(ROOM.match, { ...QUIET_MATCH }));
    await until('the state', () => host.state !== undefined);
    expect(server.room(host.roomId).state.options.spectatorDelay).toBe(60);
  });

  it('counts watchers in the listing and refuses what it must', async () => {
    const host = await startedMatch({ spectatorDelay: 0 });
    const meta = async () => (await matchMaker.query({ roomId: host.roomId }))[0]?.metadata;
    const w1 = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId }));
    await until('one watcher', () => server.room(host.roomId).state.spectators === 1);
    await expect.poll(async () => (await meta())?.spectators).toBe(1);
    await w1.leave();
    await expect.poll(async () => (await meta())?.spectators).toBe(0);
    // The match room takes no spectators any more: they watch the recording.
    await expect(server.client().joinById(host.roomId, { spectator: true })).rejects.toMatchObject({
      code: JoinError.badOptions,
    });
    await expect(server.client().joinOrCreate(ROOM.watch, { match: 'NOSUCH' })).rejects.toMatchObject({
      code: JoinError.matchOver,
    });
    await expect(server.client().joinOrCreate(ROOM.watch, { match: '../x' })).rejects.toMatchObject({
      code: JoinError.badOptions,
    });
  }, 20_000);

  it('a player may not watch the live match they play behind a delay; once eliminated they may; with no delay anyone may', async () => {
    // Every test client is 127.0.0.1: the rule is switched on for this test only.
    server.config.sameAddressSpectators = false;
    try {
      const host = track(
        await server.client().create(ROOM.match, {
          ...QUIET_MATCH,
          name: 'Sarah',
          pref: 'sarah',
          bots: true,
          spectatorDelay: 1,
        }),
      );
      host.send('start');
      await until('the match to start', () => server.room(host.roomId).run !== null);
      await expect(server.client().joinOrCreate(ROOM.watch, { match: host.roomId })).rejects.toMatchObject({
        code: JoinError.sameAddress,
      });
      const run = server.room(host.roomId).run!;
      const sarah = run.world.entities[run.world.players.sarah!];
      sarah.life = 'eliminated';
      const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId }));
      const info = await nextMessage<WatchInfo>(watcher, ServerMessage.watching);
      expect(info.delay).toBe(1);
      // Their own side's view stays live: the player's room still gets patches.
      const before = host.state.tick;
      await until('a live patch', () => host.state.tick > before + 5);
      // With no delay (a private match's default) the rule protects nothing — a friend anywhere could tell
      // what they see — so friends behind one address watch each other's private match.
      const priv = track(
        await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true, private: true }),
      );
      priv.send('start');
      await until('the private match to start', () => server.room(priv.roomId).run !== null);
      const friend = track(await server.client().joinOrCreate(ROOM.watch, { match: priv.roomId }));
      expect((await nextMessage<WatchInfo>(friend, ServerMessage.watching)).delay).toBe(0);
    } finally {
      server.config.sameAddressSpectators = true;
    }
  }, 20_000);

  it('a watched match goes on when its last player leaves, and closes when its watchers have gone', async () => {
    const host = await startedMatch({ spectatorDelay: 0 });
    const id = host.roomId;
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: id }));
    await until('one watcher', () => server.room(id).state.spectators === 1);
    await host.leave();
    const tick = server.room(id).run!.world.tick;
    await new Promise((r) => setTimeout(r, 2500));
    // Bots play every seat; the room was not closed under its watcher.
    expect(server.room(id)?.run?.world.tick ?? 0).toBeGreaterThan(tick + 30);
    await watcher.leave();
    await until('the room closed', () => (server.colyseus.getRoomById(id) as unknown) === undefined, 10_000);
  }, 20_000);

  it('a rematch in the same room starts a new recording for the same watchers', async () => {
    const host = await startedMatch({ spectatorDelay: 0, matchSeconds: 10, timeScale: 4 });
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId }));
    const infos: WatchInfo[] = [];
    watcher.onMessage(ServerMessage.watching, (i: WatchInfo) => infos.push(i));
    // Each recording begins with its header: count the messages that start with one.
    let headers = 0;
    watcher.onMessage(ServerMessage.records, (b: Uint8Array) => {
      const withMagic = new Uint8Array(magicBytes().length + b.length);
      withMagic.set(magicBytes());
      withMagic.set(b, magicBytes().length);
      try {
        readReplay(withMagic);
        headers++;
      } catch {
        // A later part of the same recording.
      }
    });
    await until('the end', () => server.room(host.roomId).state.phase === 'ended', 15_000);
    await until('the first feed told', () => infos.length >= 1);
    host.send('rematch');
    await until('the lobby', () => server.room(host.roomId).state.phase === 'lobby');
    host.send('start');
    await until('the second recording', () => infos.length >= 2, 15_000);
    expect(infos[1].replay).not.toBe(infos[0].replay);
    await until('the second header', () => headers >= 2);
  }, 40_000);
});
