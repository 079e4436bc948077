import { matchMaker } from '@colyseus/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinError } from '../../shared/protocol.js';
import { startServer, stateOf, type TestServer, until } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer(2615, { password: 'judgment', devOptions: false });
});
afterAll(async () => {
  await server.close();
});

const base = 'http://127.0.0.1:2615';
const matchmake = (method: string, room: string, body: unknown) =>
  fetch(`${base}/matchmake/${method}/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const roomCount = async () => (await matchMaker.query({})).length;

describe('a server with a password and no test options', () => {
  it('refuses a join without the password, and with a wrong one', async () => {
    await expect(server.client().joinOrCreate('match', { name: 'A' })).rejects.toMatchObject({
      code: JoinError.badPassword,
    });
    await expect(server.client().joinOrCreate('match', { name: 'A', password: 'day' })).rejects.toMatchObject(
      {
        code: JoinError.badPassword,
      },
    );
  });

  it('lets in a player with the password', async () => {
    const room = await server.client().joinOrCreate('match', { name: 'A', password: 'judgment' });
    expect(room.roomId).toBeTruthy();
    await room.leave();
  });

  it('refuses test-only room options from clients', async () => {
    await expect(
      server.client().create('match', { name: 'A', password: 'judgment', timeScale: 64 }),
    ).rejects.toMatchObject({
      code: JoinError.badOptions,
      message: 'timeScale is a test option this server does not accept',
    });
  });

  it('refuses matchmaking without the password, or with a wrong one, with 401 before any room is made', async () => {
    const before = await roomCount();
    for (const [method, room] of [
      ['create', 'match'],
      ['joinOrCreate', 'match'],
      ['join', 'match'],
      ['joinById', 'ABCDEF'],
      ['create', 'lobby'],
    ]) {
      for (const body of [{ name: 'A' }, { name: 'A', password: 'day' }, { password: ['judgment'] }]) {
        const res = await matchmake(method, room, body);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ code: 401, error: 'wrong or missing password' });
      }
    }
    const empty = await fetch(`${base}/matchmake/create/match`, { method: 'POST' });
    expect(empty.status).toBe(401);
    expect(await roomCount()).toBe(before);
  });

  it('matchmaking with the password creates the room and reserves a seat', async () => {
    const before = await roomCount();
    const res = await matchmake('create', 'match', { name: 'A', password: 'judgment', mode: 'custom' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'match', roomId: expect.any(String) });
    expect(await roomCount()).toBe(before + 1);
  });

  it('refuses the lobby listing without the password, and lists with it', async () => {
    await expect(server.client().join('lobby')).rejects.toMatchObject({ code: JoinError.badPassword });
    await expect(server.client().joinOrCreate('lobby', { password: 'nope' })).rejects.toMatchObject({
      code: JoinError.badPassword,
    });
    const lobby = await server.client().joinOrCreate('lobby', { password: 'judgment' });
    expect(lobby.roomId).toBeTruthy();
    await lobby.leave();
  });

  it('a dropped player reconnects with its token alone (a reconnection carries no options)', async () => {
    const client = server.client();
    const a = await client.create('match', { name: 'A', password: 'judgment', mode: 'custom' });
    a.reconnection.enabled = false;
    a.send('start');
    await until('play', () => stateOf(a).phase === 'playing');
    const token = a.reconnectionToken;
    const room = server.room(a.roomId);
    (a.connection.transport as unknown as { ws: WebSocket }).ws.close();
    await until('the seat is held', () => room.state.players.get(a.sessionId)?.connected === false);
    const back = await server.client().reconnect(token);
    expect(back.sessionId).toBe(a.sessionId);
    await back.leave();
  });
});
