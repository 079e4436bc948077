import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatLine, ROOM } from '../../../shared/protocol.js';
import { leaveAll, startServer, stateOf, type TestServer, until } from '../helpers.js';

let server: TestServer;
const opened: SDKRoom[] = [];
const track = <T extends SDKRoom>(r: T): T => {
  opened.push(r);
  return r;
};

beforeAll(async () => {
  server = await startServer(2621, { countdownSeconds: 60 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

const players = (r: SDKRoom) => stateOf(r).players;

describe('lobby', () => {
  it('quick play counts down from the first join; when everyone is ready it drops to 3 s', async () => {
    const a = track(await server.client().joinOrCreate('match', { name: 'A' }));
    await until('the countdown', () => a.state.phase === 'countdown');
    expect(stateOf(a).countdown).toBeGreaterThan(50);
    a.send('ready', { ready: true });
    await until('the short countdown', () => stateOf(a).countdown <= 3);
    await until('the match', () => a.state.phase === 'playing', 6000);
    await a.leave();
  });

  it('a profile message changes name and preference; the roles follow the preferences', async () => {
    const host = track(
      await server.client().create('match', { name: 'H', pref: 'escort', mode: 'custom', countdown: 0 }),
    );
    const b = track(await server.client().joinById(host.roomId, { name: 'B', pref: 'escort' }));
    b.send('profile', { name: 'Bee', pref: 'hunter' });
    await until('the new profile', () => players(host).get(b.sessionId)?.name === 'Bee');
    expect(players(host).get(b.sessionId)!.pref).toBe('hunter');
    b.send('ready', { ready: true });
    await until('b ready', () => players(host).get(b.sessionId)?.ready === true);
    host.send('start');
    await until('roles', () => players(host).get(b.sessionId)?.role !== '');
    expect(players(host).get(b.sessionId)!.role).toBe('t1000');
    expect(players(host).get(host.sessionId)!.role).toBe('john');
    expect(players(host).get('bot-sarah')?.bot).toBe(true);
    await leaveAll([host, b]);
  });

  it('the host of a custom match sets the options; they shape the match', async () => {
    const host = track(await server.client().create('match', { name: 'H', mode: 'custom', countdown: 0 }));
    const guest = track(await server.client().joinById(host.roomId, { name: 'G' }));
    let refused = '';
    guest.onMessage('rejected', (m: { reason: string }) => {
      refused = m.reason;
    });
    guest.send('options', { matchSeconds: 60 });
    await until('the guest refused', () => refused === 'only the host can do that');
    host.send('options', { matchSeconds: 75, civilians: 7, police: 3, bots: false });
    await until('the options', () => stateOf(host).options.matchSeconds === 75);
    guest.send('ready', { ready: true });
    await until('guest ready', () => players(host).get(guest.sessionId)?.ready === true);
    host.send('start');
    await until('play', () => server.room(host.roomId).run !== null);
    const w = server.room(host.roomId).run!.world;
    expect(w.options).toMatchObject({ judgmentDaySeconds: 75, civilians: 7, police: 3, bots: false });
    expect(w.entities.filter((e) => e.role === 'civilian')).toHaveLength(7);
    expect(Object.keys(w.players).sort()).toEqual(['john', 't1000']);
    await leaveAll([host, guest]);
  });

  it('when the host leaves the lobby, the next person becomes host', async () => {
    const host = track(await server.client().create('match', { name: 'H', mode: 'custom' }));
    const next = track(await server.client().joinById(host.roomId, { name: 'N' }));
    await host.leave();
    await until('a new host', () => players(next).get(next.sessionId)?.host === true);
    await next.leave();
  });

  it('a dropped player is played by a bot and takes the seat back on reconnecting', async () => {
    const a = track(
      await server.client().create('match', { name: 'A', pref: 'escort', mode: 'custom', countdown: 0 }),
    );
    a.reconnection.minUptime = 0;
    a.reconnection.minDelay = 50;
    a.send('start');
    await until('play', () => !!stateOf(a).private?.get(a.sessionId)?.entity);
    const room = server.room(a.roomId);
    const seat = room.run!.seats.get('john')!;
    let reconnected = false;
    a.onReconnect(() => {
      reconnected = true;
    });
    (a.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the bot on the seat', () => !seat.connected);
    expect(players(a).get(a.sessionId)).toBeTruthy();
    await until('the reconnection', () => reconnected && seat.connected, 8000);
    expect(seat.sessionId).toBe(a.sessionId);
    await until('player control again', () => stateOf(a).private.get(a.sessionId)!.botControlled === false);
    await a.leave();
    await until('a bot for good', () => seat.sessionId === null);
  });

  it('chat: a line reaches the room, one a second; team lines stay on a side; watchers talk among themselves in the watch room', async () => {
    const a = track(
      await server.client().create('match', { name: 'A', pref: 'escort', mode: 'custom', countdown: 0 }),
    );
    const b = track(await server.client().joinById(a.roomId, { name: 'B', pref: 'hunter' }));
    const eye = track(await server.client().joinOrCreate(ROOM.watch, { match: a.roomId, name: 'Eye' }));
    const eye2 = track(await server.client().joinOrCreate(ROOM.watch, { match: a.roomId, name: 'Eye 2' }));
    expect(eye2.roomId).toBe(eye.roomId);
    const heard: Record<string, string[]> = { a: [], b: [], eye: [], eye2: [] };
    const lines: ChatLine[] = [];
    for (const [who, r] of [
      ['a', a],
      ['b', b],
      ['eye', eye],
      ['eye2', eye2],
    ] as const) {
      r.onMessage('chat', (line: ChatLine) => {
        heard[who].push(line.text);
        if (who === 'eye2') lines.push(line);
      });
      r.onMessage('rejected', (m: { reason: string }) => heard[who].push(`rejected: ${m.reason}`));
    }
    a.send('chat', { text: 'hello' });
    a.send('chat', { text: 'again' });
    await until('b hears a', () => heard.b.includes('hello'));
    await until('a is told to wait', () => heard.a.includes('rejected: one chat line a second'));
    eye.send('chat', { text: 'psst', team: true });
    eye.send('chat', { text: 'psst again' });
    await until('the watchers hear it', () => heard.eye.includes('psst') && heard.eye2.includes('psst'));
    await until('a watcher is told to wait too', () =>
      heard.eye.includes('rejected: one chat line a second'),
    );
    // A watcher's line names the watcher, no role, and is no team line.
    expect(lines.find((l) => l.text === 'psst')).toEqual({
      name: 'Eye',
      role: '',
      text: 'psst',
      team: false,
    });
    b.send('ready', { ready: true });
    await until('b ready', () => players(a).get(b.sessionId)?.ready === true);
    a.send('start');
    await until('play', () => !!stateOf(a).private?.get(a.sessionId)?.entity);
    await new Promise((r) => setTimeout(r, 1000));
    a.send('chat', { text: 'escorts only', team: true });
    b.send('chat', { text: 'to all' });
    eye2.send('chat', { text: 'psst in play' });
    await until('a hears b', () => heard.a.includes('to all'));
    await until('a hears itself', () => heard.a.includes('escorts only'));
    await until('the watchers hear each other in play', () => heard.eye.includes('psst in play'));
    await new Promise((r) => setTimeout(r, 300));
    for (const player of [heard.a, heard.b]) {
      expect(player).not.toContain('psst');
      expect(player).not.toContain('psst in play');
    }
    expect(heard.b).not.toContain('escorts only');
    // The players' lines, team or not, never reach the watchers.
    for (const watcher of [heard.eye, heard.eye2]) {
      for (const text of ['hello', 'escorts only', 'to all']) expect(watcher).not.toContain(text);
    }
    await leaveAll([a, b, eye, eye2]);
  });
});
