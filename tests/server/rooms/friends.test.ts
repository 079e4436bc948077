/**
 * Issue 9, the server side of an evening with friends: lobby chat, the
 * spectator count in the listing, the host's lobby controls (kick, the
 * hunter, the settings), the rematch into the same room with the roles
 * rotated, leaving on purpose, and coming back after a reload — all with the
 * real SDK client over websockets.
 */
import { matchMaker } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWAY_STANDS_STEPS } from '../../../server/match/MatchRun.js';
import { type ChatLine, CloseCodes, JoinError, ROOM } from '../../../shared/protocol.js';
import {
  leaveAll,
  nextMessage,
  QUIET_MATCH,
  startServer,
  stateOf,
  type TestServer,
  until,
} from '../helpers.js';

let server: TestServer;
const opened: SDKRoom[] = [];
const track = <T extends SDKRoom>(r: T): T => {
  opened.push(r);
  return r;
};

beforeAll(async () => {
  server = await startServer(2673, { reconnectSeconds: 3 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

const players = (r: SDKRoom) => stateOf(r).players;
const listing = async (roomId: string) => (await matchMaker.query({ roomId }))[0]?.metadata;
/** Collect the `rejected` reasons a client gets. */
const refusals = (r: SDKRoom): string[] => {
  const out: string[] = [];
  r.onMessage('rejected', (m: { reason: string }) => out.push(m.reason));
  return out;
};

/** A custom lobby of a host and a friend. */
/** Browsers' own keys (the client keeps one in localStorage and sends it with every join). */
const HOST_BROWSER = 'host-browser-key-0001';
const FRIEND_BROWSER = 'friend-browser-key-001';
const OTHER_BROWSER = 'other-browser-key-0001';

async function lobby(extra: Record<string, unknown> = {}) {
  const host = track(await server.client().create('match', { ...QUIET_MATCH, name: 'Host', ...extra }));
  const friend = track(
    await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort', device: FRIEND_BROWSER }),
  );
  await until('the friend in the host view', () => players(host).has(friend.sessionId));
  await until('the friend’s first state', () => stateOf(friend)?.options !== undefined);
  return { host, friend };
}

/** Ready the friend and start. */
async function start(host: SDKRoom, friend: SDKRoom) {
  friend.send('ready', { ready: true });
  await until('the friend ready', () => players(host).get(friend.sessionId)?.ready === true);
  host.send('start');
  await until('play', () => stateOf(host).phase === 'playing' && stateOf(friend).phase === 'playing');
}

describe('lobby chat (bug 4)', () => {
  it('a line sent in the lobby reaches everyone in it, cleaned, at most one a second', async () => {
    const { host, friend } = await lobby();
    const got = nextMessage<ChatLine>(friend, 'chat');
    const echo = nextMessage<ChatLine>(host, 'chat');
    host.send('chat', { text: 'hi\u0000 there\u202e' });
    expect(await got).toEqual({ name: 'Host', role: '', text: 'hi  there', team: false });
    expect((await echo).text).toBe('hi  there');
    const refused = refusals(host);
    host.send('chat', { text: 'again' });
    await until('the flood refused', () => refused.includes('one chat line a second'));
    const back = nextMessage<ChatLine>(host, 'chat');
    friend.send('chat', { text: 'hello host', team: true });
    expect(await back).toMatchObject({ name: 'Friend', text: 'hello host' });
    await leaveAll([host, friend]);
  });
});

describe('the listing (bug 7)', () => {
  it('the spectator count in the listing follows the watch room’s watchers coming and going', async () => {
    const host = track(await server.client().create('match', { ...QUIET_MATCH, name: 'Host' }));
    await until('listed', () => true);
    expect((await listing(host.roomId))?.spectators).toBe(0);
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId, name: 'W' }));
    await until('one spectator in the state', () => stateOf(host).spectators === 1);
    let meta = await listing(host.roomId);
    for (let i = 0; i < 50 && meta?.spectators !== 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      meta = await listing(host.roomId);
    }
    expect(meta?.spectators).toBe(1);
    await watcher.leave();
    await until('no spectator in the state', () => stateOf(host).spectators === 0);
    for (let i = 0; i < 50 && meta?.spectators !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      meta = await listing(host.roomId);
    }
    expect(meta?.spectators).toBe(0);
    await host.leave();
  });
});

describe('the host in the lobby', () => {
  it('kicks a player: the player is told why and cannot come back, by reconnection or from the same browser', async () => {
    const { host, friend } = await lobby();
    const refusedFriend = refusals(friend);
    friend.send('kick', { target: host.sessionId });
    await until('a guest may not kick', () => refusedFriend.includes('only the host can do that'));
    const token = friend.reconnectionToken;
    const left = new Promise<[number, string | undefined]>((resolve) =>
      friend.onLeave((code, reason) => resolve([code, reason])),
    );
    host.send('kick', { target: friend.sessionId });
    const [code, reason] = await left;
    expect(code).toBe(CloseCodes.kicked);
    expect(reason).toMatch(/host removed you/);
    await until('the friend gone from the roster', () => !players(host).has(friend.sessionId));
    await expect(server.client().reconnect(token)).rejects.toBeTruthy();
    expect(players(host).size).toBe(1);
    // Nor with the link again from the same browser (its key), under any name.
    for (const name of ['Friend', 'Someone']) {
      await expect(
        server.client().joinById(host.roomId, { name, pref: 'escort', device: FRIEND_BROWSER }),
      ).rejects.toMatchObject({
        code: JoinError.removed,
        message: expect.stringMatching(/host removed you/),
      });
    }
    // Another browser behind the same address (a friend at the same house) still joins.
    const other = track(
      await server.client().joinById(host.roomId, { name: 'Other', pref: 'escort', device: OTHER_BROWSER }),
    );
    await until('the other browser in the lobby', () => players(host).has(other.sessionId));
    // A client that sends no browser key, kicked, is barred by its address for joins without one.
    const bare = track(await server.client().joinById(host.roomId, { name: 'Bare', pref: 'escort' }));
    await until('the keyless client in the lobby', () => players(host).has(bare.sessionId));
    host.send('kick', { target: bare.sessionId });
    await until('the keyless client gone', () => !players(host).has(bare.sessionId));
    await expect(
      server.client().joinById(host.roomId, { name: 'Bare', pref: 'escort' }),
    ).rejects.toMatchObject({
      code: JoinError.removed,
    });
    await other.leave();
    await until('the other browser gone', () => players(host).size === 1);
    const refusedHost = refusals(host);
    host.send('kick', { target: host.sessionId });
    host.send('kick', { target: 'nobody' });
    host.send('kick', { target: 42 });
    await until('bad kicks refused', () => refusedHost.length === 3);
    await host.leave();
  });

  it('sets bot difficulty, spectator delay and map; bad values are refused and change nothing', async () => {
    const { host, friend } = await lobby();
    const o = () => stateOf(friend).options;
    expect(o().difficulty).toBe('normal');
    expect([...o().maps]).toContain('la-1995');
    host.send('options', { difficulty: 'hard', spectatorDelay: 30, map: 'la-1995', matchSeconds: 437 });
    await until('the options seen by the friend', () => o().difficulty === 'hard');
    expect(o().spectatorDelay).toBe(30);
    expect(o().matchSeconds).toBe(437);
    expect(stateOf(friend).map).toBe('la-1995');
    let meta = await listing(host.roomId);
    for (let i = 0; i < 50 && meta?.spectatorDelay !== 30; i++) {
      await new Promise((r) => setTimeout(r, 20));
      meta = await listing(host.roomId);
    }
    expect(meta).toMatchObject({ spectatorDelay: 30, difficulty: 'hard' });
    const refused = refusals(host);
    for (const bad of [
      { difficulty: 'godlike' },
      { spectatorDelay: -1 },
      { spectatorDelay: 1e9 },
      { map: '../../etc/passwd' },
      { map: 'nosuchmap', difficulty: 'easy' },
      { matchSeconds: Number.NaN },
      { hunter: 'somebody-not-here' },
      { hunter: 7 },
    ])
      host.send('options', bad);
    await until('every bad option refused', () => refused.length === 8);
    expect(o().difficulty).toBe('hard');
    expect(o().spectatorDelay).toBe(30);
    expect(stateOf(host).map).toBe('la-1995');
    const refusedFriend = refusals(friend);
    friend.send('options', { difficulty: 'easy' });
    await until('a guest may not', () => refusedFriend.includes('only the host can do that'));
    await leaveAll([host, friend]);
  });

  it("picks the hunter: the host's pick hunts though another player asked to", async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    friend.send('profile', { pref: 'sarah' });
    host.send('options', { hunter: friend.sessionId });
    await until('the pick', () => stateOf(friend).options.hunter === friend.sessionId);
    await start(host, friend);
    expect(players(host).get(friend.sessionId)!.role).toBe('t1000');
    expect(players(host).get(host.sessionId)!.role).toBe('john');
    await leaveAll([host, friend]);
  });

  it("the bots of the match play at the host's difficulty", async () => {
    const { host, friend } = await lobby({ bots: true });
    host.send('options', { difficulty: 'easy' });
    await until('the difficulty', () => stateOf(host).options.difficulty === 'easy');
    await start(host, friend);
    const run = server.room(host.roomId).run as unknown as { difficulty: string };
    expect(run.difficulty).toBe('easy');
    await leaveAll([host, friend]);
  });

  it('a player may ask for a specific escort and gets it', async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    friend.send('profile', { pref: 'dyson' });
    await until('the pref', () => players(host).get(friend.sessionId)?.pref === 'dyson');
    await start(host, friend);
    expect(players(host).get(friend.sessionId)!.role).toBe('dyson');
    await leaveAll([host, friend]);
  });
});

describe('rematch', () => {
  it('after the end any player takes the same room back to its lobby: same group, settings kept, hunter rotated', async () => {
    const { host, friend } = await lobby({ pref: 'any', timeScale: 64, matchSeconds: 10, bots: true });
    friend.send('profile', { pref: 'any' });
    host.send('options', { difficulty: 'easy', civilians: 3, map: 'la-1995' });
    await until('options', () => stateOf(host).options.difficulty === 'easy');
    const ended = nextMessage(host, 'end');
    await start(host, friend);
    const firstHunter = [...players(host).entries()].find(([, p]) => p.role === 't1000')![0];
    expect([host.sessionId, friend.sessionId]).toContain(firstHunter);
    await ended;
    await until('ended', () => stateOf(friend).phase === 'ended');
    const refused = refusals(host);
    host.send('rematch', 'junk');
    const roomId = host.roomId;
    friend.send('rematch');
    await until(
      'back in the lobby',
      () => stateOf(host).phase === 'lobby' && stateOf(friend).phase === 'lobby',
    );
    expect(refused).toEqual([]);
    expect(friend.roomId).toBe(roomId);
    // Nothing of the match stays in what either client holds: no character, no private state.
    for (const r of [host, friend]) {
      await until(
        'the match gone from the client',
        () =>
          (stateOf(r).entities?.size ?? 0) === 0 &&
          (stateOf(r).trueEntities?.size ?? 0) === 0 &&
          (stateOf(r).private?.size ?? 0) === 0,
        2000,
      );
    }
    const roster = [...players(host).entries()];
    expect(roster.map(([k]) => k).sort()).toEqual([host.sessionId, friend.sessionId].sort());
    expect(roster.every(([, p]) => p.role === '' && !p.bot && !p.ready)).toBe(true);
    expect(players(host).get(host.sessionId)!.host).toBe(true);
    expect(stateOf(host).options).toMatchObject({ difficulty: 'easy', civilians: 3, matchSeconds: 10 });
    await until('the map named as chosen', () => stateOf(friend).map === 'la-1995');
    expect(server.room(roomId).run).toBeNull();
    host.send('rematch');
    await until('a second rematch refused', () => refused.includes('only after the match'));
    // The room stays open: a friend can still join by its code, and the next match rotates the hunter.
    await start(host, friend);
    const secondHunter = [...players(host).entries()].find(([, p]) => p.role === 't1000')![0];
    expect(secondHunter).not.toBe(firstHunter);
    // The escort sees this match's characters only: every key it holds is one the server has now.
    const escort = secondHunter === host.sessionId ? friend : host;
    await new Promise((r) => setTimeout(r, 200));
    const now = new Set(server.room(roomId).state.entities.keys());
    expect([...stateOf(escort).entities.keys()].filter((k) => !now.has(k))).toEqual([]);
    expect([host.sessionId, friend.sessionId]).toContain(secondHunter);
    expect(players(host).get('bot-sarah')?.bot).toBe(true);
    await leaveAll([host, friend]);
  });

  it('no rematch before the end, and not from a watcher', async () => {
    const { host, friend } = await lobby({ matchSeconds: 10, timeScale: 4, spectatorDelay: 0 });
    const refused = refusals(host);
    host.send('rematch');
    await until('refused in the lobby', () => refused.includes('only after the match'));
    await start(host, friend);
    const room = server.room(host.roomId);
    await until('play', () => room.state.phase === 'playing');
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: host.roomId, name: 'W' }));
    await until('the end', () => room.state.phase === 'ended', 15_000);
    // After the end a player's rematch would take the room back to its lobby; a watcher's is unknown to the watch room.
    const reply = nextMessage<{ type: string; reason: string }>(watcher, 'rejected');
    watcher.send('rematch');
    expect(await reply).toEqual({ type: 'rematch', reason: 'unknown message type' });
    await new Promise((r) => setTimeout(r, 300));
    expect(room.state.phase).toBe('ended');
    host.send('rematch');
    await until('the host’s rematch works', () => room.state.phase === 'lobby');
    await leaveAll([host, friend, watcher]);
  }, 30_000);
});

describe('leaving and coming back', () => {
  it('a player who leaves a running match on purpose is replaced by a bot at once', async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    await start(host, friend);
    const room = server.room(host.roomId);
    const role = players(host).get(friend.sessionId)!.role;
    expect(role).toBe('john');
    await friend.leave(true);
    // At once: no reconnection window (3 s here) passes before the bot plays.
    await until('a bot plays John', () => players(host).get('bot-john')?.bot === true, 1000);
    expect(room.run!.seats.get('john')!.sessionId).toBeNull();
    expect(players(host).has(friend.sessionId)).toBe(false);
    await host.leave();
  });

  it('a host dropped in the lobby keeps the room, its code and the host mark; the token brings them back', async () => {
    const host = track(
      await server.client().create('match', { ...QUIET_MATCH, name: 'Host', private: true }),
    );
    const room = server.room(host.roomId);
    await until('the host’s first state', () => stateOf(host)?.options !== undefined);
    host.reconnection.enabled = false;
    const token = host.reconnectionToken;
    (host.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the place held', () => room.state.players.get(host.sessionId)?.connected === false);
    // Alone and away, the room stays: the code the friends were sent still leads here.
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.room(host.roomId)).toBe(room);
    const back = track(await server.client().reconnect(token));
    expect(back.sessionId).toBe(host.sessionId);
    await until('connected again', () => room.state.players.get(back.sessionId)?.connected === true);
    expect(room.state.players.get(back.sessionId)?.host).toBe(true);
    expect(room.state.players.size).toBe(1);
    await back.leave();
  });

  it('a place held in the lobby goes when the reconnection window ends', async () => {
    const { host, friend } = await lobby();
    friend.reconnection.enabled = false;
    (friend.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the place held', () => players(host).get(friend.sessionId)?.connected === false);
    // The window is 3 s in this suite.
    await until('the place gone', () => !players(host).has(friend.sessionId), 6000);
    expect(players(host).size).toBe(1);
    await host.leave();
  });

  it('a fresh join of the same person while their lobby place is held takes it back: listed once, host kept', async () => {
    const host = track(
      await server
        .client()
        .create('match', { ...QUIET_MATCH, name: 'Host', private: true, device: HOST_BROWSER }),
    );
    const room = server.room(host.roomId);
    const friend = track(await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort' }));
    await until('the friend listed', () => room.state.players.has(friend.sessionId));
    friend.send('ready', { ready: true });
    await until('the friend ready', () => room.state.players.get(friend.sessionId)?.ready === true);
    host.reconnection.enabled = false;
    const token = host.reconnectionToken;
    (host.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the place held', () => room.state.players.get(host.sessionId)?.connected === false);
    // The resume record (Redis, for another process) holds the browser's key hashed, never the key.
    const recorded = room.meta().members.find((m) => m.name === 'Host');
    expect(recorded?.device).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded?.device).not.toBe(HOST_BROWSER);
    expect(JSON.stringify(room.meta())).not.toContain(HOST_BROWSER);
    // Someone else behind the same address, in another browser, who types the same name: a new person.
    const namesake = track(
      await server.client().joinById(host.roomId, { name: 'Host', device: OTHER_BROWSER }),
    );
    await until('the namesake listed', () => room.state.players.has(namesake.sessionId));
    expect(room.state.players.get(host.sessionId)?.connected).toBe(false);
    expect(room.state.players.get(namesake.sessionId)?.host).toBe(false);
    await namesake.leave();
    await until('the namesake gone', () => !room.state.players.has(namesake.sessionId));
    // A second tab of the same browser (no token in it): the same name, address and browser.
    const again = track(await server.client().joinById(host.roomId, { name: 'Host', device: HOST_BROWSER }));
    await until('the old line gone', () => !room.state.players.has(host.sessionId));
    const lines = [...room.state.players.entries()].map(([k, p]) => [k, p.name, p.host, p.connected]);
    expect(lines).toEqual([
      [friend.sessionId, 'Friend', false, true],
      [again.sessionId, 'Host', true, true],
    ]);
    expect(room.state.players.get(friend.sessionId)?.ready).toBe(true);
    // The old session's reconnection is void.
    await expect(server.client().reconnect(token)).rejects.toBeTruthy();
    // Another name from the same address is a new person.
    const other = track(await server.client().joinById(host.roomId, { name: 'Kyle' }));
    await until('Kyle listed', () => room.state.players.has(other.sessionId));
    expect(room.state.players.size).toBe(3);
    await leaveAll([again, friend, other]);
  });

  it('dropped in the lobby and back once the match began: their character, away meanwhile, and their eyes', async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    friend.send('ready', { ready: true });
    await until('the friend ready', () => players(host).get(friend.sessionId)?.ready === true);
    friend.reconnection.enabled = false;
    const token = friend.reconnectionToken;
    (friend.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the place held', () => players(host).get(friend.sessionId)?.connected === false);
    host.send('start');
    const room = server.room(host.roomId);
    await until('the match', () => room.run !== null && room.state.phase === 'playing');
    const seat = room.run!.seats.get('john')!;
    expect(seat.sessionId).toBe(friend.sessionId);
    expect(seat.connected).toBe(false);
    const back = track(await server.client().reconnect(token));
    await until('its own state', () => stateOf(back).private?.get(back.sessionId)?.role === 'john');
    expect(seat.connected).toBe(true);
    // Its eyes: the escort team's view, with its own character in it (no bots, no crowd here).
    const roles = () => [...(stateOf(back).entities?.values() ?? [])].map((e: { role: string }) => e.role);
    await until('its character in its view', () => roles().includes('john'));
    await leaveAll([host, back]);
  });

  it('a dropped player keeps the seat; the token brings back the same role where it stands, listed once', async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    await start(host, friend);
    const room = server.room(host.roomId);
    const john = () => room.run!.world.entities[room.run!.world.players.john!];
    friend.reconnection.enabled = false;
    const token = friend.reconnectionToken;
    (friend.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the seat held', () => players(host).get(friend.sessionId)?.connected === false);
    expect(room.run!.seats.get('john')!.sessionId).toBe(friend.sessionId);
    const at = { x: john().x, y: john().y };
    const back = track(await server.client().reconnect(token));
    expect(back.sessionId).toBe(friend.sessionId);
    await until('connected again', () => players(host).get(friend.sessionId)?.connected === true);
    await until('its own state', () => stateOf(back).private?.get(back.sessionId)?.role === 'john');
    const me = stateOf(back).private.get(back.sessionId)!;
    expect(Math.hypot(me.x - at.x, me.y - at.y)).toBeLessThan(0.5);
    expect([...players(host).values()].filter((p) => p.name === 'Friend')).toHaveLength(1);
    await leaveAll([host, back]);
  });

  it('a dropped player’s character stands where it was (a reload finds it there), then a bot plays it', async () => {
    const { host, friend } = await lobby({ pref: 'hunter' });
    await start(host, friend);
    const room = server.room(host.roomId);
    const run = room.run!;
    const john = () => run.world.entities[run.world.players.john!];
    (friend.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the seat held', () => players(host).get(friend.sessionId)?.connected === false);
    const at = { x: john().x, y: john().y };
    const tick = run.world.tick;
    await until('a second and a half of steps', () => run.world.tick >= tick + 45, 5000);
    expect({ x: john().x, y: john().y }).toEqual(at);
    // Past the wait, the bot walks John on (to free Sarah).
    run.seats.get('john')!.awaySince -= AWAY_STANDS_STEPS;
    await until('the bot moves John', () => Math.hypot(john().x - at.x, john().y - at.y) > 0.5, 5000);
    await host.leave();
  });

  it('a fresh join of the same person while the seat waits takes that seat back, not a bot’s (bug 2)', async () => {
    const { host, friend } = await lobby({ pref: 'escort', bots: true });
    friend.send('profile', { pref: 'hunter' });
    await until('the pref', () => players(host).get(friend.sessionId)?.pref === 'hunter');
    await start(host, friend);
    const room = server.room(host.roomId);
    expect(players(host).get(friend.sessionId)!.role).toBe('t1000');
    friend.reconnection.enabled = false;
    const token = friend.reconnectionToken;
    (friend.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the seat held', () => players(host).get(friend.sessionId)?.connected === false);
    // The same name from the same address in another browser is someone else: a bot's seat, not this one.
    const namesake = track(
      await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort', device: OTHER_BROWSER }),
    );
    await until(
      'the namesake seated',
      () => stateOf(namesake).private?.get(namesake.sessionId)?.role !== undefined,
    );
    expect(stateOf(namesake).private.get(namesake.sessionId)!.role).not.toBe('t1000');
    expect(room.run!.seats.get('t1000')!.sessionId).toBe(friend.sessionId);
    await namesake.leave();
    const again = track(
      await server.client().joinById(host.roomId, { name: 'Friend', pref: 'escort', device: FRIEND_BROWSER }),
    );
    await until('its own state', () => stateOf(again).private?.get(again.sessionId)?.role !== undefined);
    expect(stateOf(again).private.get(again.sessionId)!.role).toBe('t1000');
    await until('the old line gone', () => !players(host).has(friend.sessionId));
    const friends = [...players(host).entries()].filter(([, p]) => p.name === 'Friend');
    expect(friends.map(([k, p]) => [k, p.role, p.connected])).toEqual([[again.sessionId, 't1000', true]]);
    expect(room.run!.seats.get('t1000')!.sessionId).toBe(again.sessionId);
    expect(players(host).get('bot-sarah')?.bot).toBe(true);
    expect(room.state.private.has(friend.sessionId)).toBe(false);
    // The rotation remembers the person, not the session.
    expect(room.hunterHistory.last).toBe(again.sessionId);
    expect(room.hunterHistory.hunted.get(again.sessionId)).toBe(1);
    // The old token is void now.
    await expect(server.client().reconnect(token)).rejects.toBeTruthy();
    // Someone else with another name takes a bot's seat as before.
    const stranger = track(await server.client().joinById(host.roomId, { name: 'Kyle', pref: 'escort' }));
    await until('the stranger seated', () => players(host).get(stranger.sessionId)?.role === 'sarah');
    await leaveAll([host, again, stranger]);
  });
});
