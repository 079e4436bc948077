import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOIN_MIN_CLOCK_SECONDS } from '../../../server/rooms/MatchRoom.js';
import { type EndSummary, ROOM } from '../../../shared/protocol.js';
import { keysOf, leaveAll, nextMessage, startServer, stateOf, type TestServer, until } from '../helpers.js';

/** A match in the LobbyRoom's listing. */
interface Listing {
  roomId: string;
  metadata: Record<string, unknown>;
}

let server: TestServer;
const opened: SDKRoom[] = [];
const track = <T extends SDKRoom>(r: T): T => {
  opened.push(r);
  return r;
};

beforeAll(async () => {
  server = await startServer(2612);
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

describe('quick play', () => {
  it('fills the empty roles with bots and a short match plays to its end', async () => {
    const client = track(
      await server
        .client()
        .joinOrCreate('match', { name: 'Sarah', pref: 'escort', matchSeconds: 12, timeScale: 24 }),
    );
    const ended = nextMessage<EndSummary>(client, 'end', 25_000);
    await until('the match to start', () => client.state.phase === 'playing');
    const roster = [...stateOf(client).players.values()].map((p) => ({
      role: p.role,
      bot: p.bot,
    }));
    expect(roster.filter((p) => p.bot)).toHaveLength(4);
    expect(roster.map((p) => p.role).sort()).toEqual(['dyson', 'john', 'sarah', 't1000', 't800']);
    const end = await ended;
    expect(['hunter', 'escort']).toContain(end.winner);
    expect(end.time).toBeLessThanOrEqual(12.1);
    expect(end.players).toHaveLength(5);
    expect(end.players.filter((p) => p.bot)).toHaveLength(4);
    for (const p of end.players) expect(p.stats).toHaveProperty('distance');
    await until('the ended phase', () => client.state.phase === 'ended');
    expect(stateOf(client).winner).toBe(end.winner);
    await client.leave();
  }, 30_000);

  it('a second player lands in the same open match and takes a bot seat', async () => {
    const a = track(
      await server.client().joinOrCreate('match', { name: 'A', pref: 'escort', countdown: 60 }),
    );
    const b = track(await server.client().joinOrCreate('match', { name: 'B', pref: 'hunter' }));
    expect(b.roomId).toBe(a.roomId);
    const room = server.room(a.roomId);
    room.startMatch();
    await until('roles for both', () => stateOf(a).players.get(b.sessionId)?.role === 't1000');
    const c = track(await server.client().joinOrCreate('match', { name: 'C', pref: 'escort' }));
    expect(c.roomId).toBe(a.roomId);
    await until('C in the roster with a role', () => stateOf(a).players.get(c.sessionId)?.role === 'sarah');
    expect(keysOf(stateOf(a).players)).not.toContain('bot-sarah');
    await leaveAll([a, b, c]);
  });

  it('takes a lobby before a match in play, even one made earlier', async () => {
    const playing = track(await server.client().joinOrCreate('match', { name: 'Early', countdown: 60 }));
    server.room(playing.roomId).startMatch();
    await until('the first match in play', () => stateOf(playing).phase === 'playing');
    const waiting = track(await server.client().create('match', { name: 'Waiting', countdown: 60 }));
    const newcomer = track(await server.client().joinOrCreate('match', { name: 'New' }));
    expect(newcomer.roomId).toBe(waiting.roomId);
    await leaveAll([playing, waiting, newcomer]);
  });

  it('a match in play closes to newcomers when less than two minutes are left on its clock', async () => {
    expect(JOIN_MIN_CLOCK_SECONDS).toBe(120);
    // 130 s of match at 24× time: under two minutes left within half a second of play.
    const late = track(
      await server
        .client()
        .joinOrCreate('match', { name: 'Late', countdown: 60, matchSeconds: 130, timeScale: 24 }),
    );
    const room = server.room(late.roomId);
    room.startMatch();
    const open = () => (room.metadata as { open?: boolean }).open;
    await until('the match listed as open', () => open() === true);
    await until('the match closed to newcomers', () => open() === false);
    expect(room.run!.world.options.judgmentDaySeconds - room.run!.world.time).toBeLessThan(120);
    expect(room.run!.botRoles().length).toBeGreaterThan(0);
    const newcomer = track(await server.client().joinOrCreate('match', { name: 'Newcomer' }));
    expect(newcomer.roomId).not.toBe(late.roomId);
    await leaveAll([late, newcomer]);
  });

  it('when every seat is a person, quick play opens another match', async () => {
    const first = track(await server.client().joinOrCreate('match', { name: 'P0', countdown: 60 }));
    for (let i = 1; i < 5; i++) {
      const r = track(await server.client().joinOrCreate('match', { name: `P${i}` }));
      expect(r.roomId).toBe(first.roomId);
    }
    const sixth = track(await server.client().joinOrCreate('match', { name: 'P5' }));
    expect(sixth.roomId).not.toBe(first.roomId);
    // A full match can still be watched (in its watch room), and a watcher takes no seat from quick play.
    const eye = track(await server.client().joinOrCreate(ROOM.watch, { match: first.roomId }));
    expect(eye.roomId).not.toBe(first.roomId);
    const room = server.room(first.roomId);
    await until('the watcher counted', () => room.state.spectators === 1);
    expect(room.roster.people().length).toBe(5);
    const seventh = track(await server.client().joinOrCreate('match', { name: 'P6' }));
    expect(seventh.roomId).toBe(sixth.roomId);
    await leaveAll(opened);
  });

  it('quick play never lands in a custom room', async () => {
    const custom = track(await server.client().create('match', { name: 'Host', mode: 'custom' }));
    const quick = track(await server.client().joinOrCreate('match', { name: 'Q' }));
    expect(quick.roomId).not.toBe(custom.roomId);
    await leaveAll([custom, quick]);
  });

  it('public matches are listed in the lobby; private ones get a 6-character code and are not', async () => {
    const lobby = track(await server.client().joinOrCreate('lobby'));
    const listing = new Map<string, Listing>();
    lobby.onMessage('rooms', (rooms: Listing[]) => {
      for (const r of rooms) listing.set(r.roomId, r);
    });
    lobby.onMessage('+', ([id, r]: [string, Listing]) => listing.set(id, r));
    lobby.onMessage('-', (id: string) => listing.delete(id));
    const pub = track(await server.client().create('match', { name: 'Pub', mode: 'custom' }));
    const priv = track(await server.client().create('match', { name: 'Priv', private: true }));
    expect(priv.roomId).toMatch(/^[A-Z2-9]{6}$/);
    await until('the public match in the listing', () => listing.has(pub.roomId));
    expect(listing.get(pub.roomId)!.metadata).toMatchObject({ mode: 'custom', phase: 'lobby', humans: 1 });
    const friend = track(await server.client().joinById(priv.roomId, { name: 'Friend' }));
    expect(friend.roomId).toBe(priv.roomId);
    await new Promise((r) => setTimeout(r, 200));
    expect(listing.has(priv.roomId)).toBe(false);
    await leaveAll([lobby, pub, priv, friend]);
  });
});
