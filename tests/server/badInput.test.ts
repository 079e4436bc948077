/**
 * Bad input of every kind: each is sanitised, ignored or answered by dropping
 * the sender with a documented close code — and the server keeps running, and
 * the other player in the room notices nothing.
 */
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogOutput } from '../../server/log.js';
import { CloseCodes, InputState, JoinError, ROOM } from '../../shared/protocol.js';
import { Button, type PlayerInput } from '../../shared/sim/types.js';
import {
  leaveAll,
  nextMessage,
  QUIET_MATCH,
  startServer,
  stateOf,
  type TestServer,
  until,
} from './helpers.js';

let server: TestServer;
const opened: SDKRoom[] = [];

beforeAll(async () => {
  server = await startServer(2614, { maxMessagesPerSecond: 60 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

const ROOM_DATA = 13;
const ROOM_INPUT_RELIABLE = 19;

/** A started match with two people and nothing else that moves: John (bystander) and the T-1000 (sender). */
async function pair() {
  const bystander = await server.client().create('match', QUIET_MATCH);
  const sender = await server.client().joinById(bystander.roomId, { name: 'T', pref: 'hunter' });
  opened.push(bystander, sender);
  sender.send('ready', { ready: true });
  await until('sender ready', () => stateOf(bystander).players.get(sender.sessionId)?.ready === true);
  bystander.send('start');
  await until('play', () => !!stateOf(bystander).private?.get(bystander.sessionId)?.entity);
  await until('sender state', () => !!stateOf(sender).private?.get(sender.sessionId)?.entity);
  const room = server.room(bystander.roomId);
  const john = () => room.run!.world.entities[room.run!.world.players.john!];
  return { bystander, sender, room, john };
}

/** The bystander still plays: its inputs are applied and acknowledged, and the room steps. */
async function stillPlays(bystander: SDKRoom, sent: { n: number }): Promise<void> {
  const me = () => stateOf(bystander).private.get(bystander.sessionId)!;
  const tick = stateOf(bystander).tick;
  const input = bystander.input<PlayerInput>();
  for (let i = 0; i < 5; i++) {
    input.data.moveY = 0.5;
    input.send();
    sent.n++;
  }
  await until('bystander acks', () => me().ack === sent.n && stateOf(bystander).tick > tick);
  expect(bystander.connection.isOpen).toBe(true);
}

function closeCode(room: SDKRoom): Promise<number> {
  return new Promise((resolve) => room.onLeave.once((code: number) => resolve(code)));
}

describe('bad input', () => {
  it('messages with wrong types are refused with a reason and change nothing', async () => {
    const { bystander, sender } = await pair();
    const reply = nextMessage<{ type: string; reason: string }>(sender, 'rejected');
    sender.send('chat', { text: 42 });
    expect(await reply).toMatchObject({ type: 'chat' });
    const again = nextMessage<{ type: string; reason: string }>(sender, 'rejected');
    sender.send('ready', 'yes');
    expect((await again).type).toBe('ready');
    expect(sender.connection.isOpen).toBe(true);
    await stillPlays(bystander, { n: 0 });
  });

  it('NaN, ±Infinity and huge numbers in input are made neutral or clamped', async () => {
    const { bystander, sender, room } = await pair();
    const t = room.run!.world.entities[room.run!.world.players.t1000!];
    const x0 = t.x;
    const input = sender.input<PlayerInput>();
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e38, -3e38];
    for (const v of values) {
      input.data.moveX = v;
      input.data.moveY = v;
      input.data.aim = v;
      input.data.buttons = 255;
      input.send();
    }
    const me = () => stateOf(sender).private.get(sender.sessionId)!;
    await until('all inputs applied', () => me().ack === values.length);
    expect(Number.isFinite(t.x) && Number.isFinite(t.y) && Number.isFinite(t.facing)).toBe(true);
    // Five steps at most at full speed: clamped, not teleported.
    expect(Math.abs(t.x - x0)).toBeLessThan(1.5);
    await stillPlays(bystander, { n: 0 });
  });

  it('an empty input frame is a keep-alive: the sender stays', async () => {
    const { bystander, sender } = await pair();
    sender.connection.send(Uint8Array.from([ROOM_INPUT_RELIABLE]));
    await new Promise((r) => setTimeout(r, 100));
    expect(sender.connection.isOpen).toBe(true);
    await stillPlays(bystander, { n: 0 });
  });

  it('an undecodable input frame drops the sender with 4002 before any decoder reads it', async () => {
    const { bystander, sender } = await pair();
    const closed = closeCode(sender);
    sender.connection.send(Uint8Array.from([ROOM_INPUT_RELIABLE, 0xff, 0xfe, 0x12, 0x99, 0x00, 0xc1]));
    expect(await closed).toBe(CloseCodes.withError);
    await stillPlays(bystander, { n: 0 });
  });

  it('an unknown message type is refused and the sender stays', async () => {
    const { bystander, sender } = await pair();
    const reply = nextMessage<{ type: string; reason: string }>(sender, 'rejected');
    sender.send('teleport', { x: 1, y: 1 });
    expect(await reply).toEqual({ type: 'teleport', reason: 'unknown message type' });
    expect(sender.connection.isOpen).toBe(true);
    await stillPlays(bystander, { n: 0 });
  });

  it('a message payload that is not msgpack drops the sender with 4002', async () => {
    const { bystander, sender } = await pair();
    const closed = closeCode(sender);
    // ROOM_DATA, message type "chat" as a string, then bytes msgpack cannot read.
    sender.connection.send(Uint8Array.from([ROOM_DATA, 0xa4, ...Buffer.from('chat'), 0xc1, 0xc1]));
    expect(await closed).toBe(CloseCodes.withError);
    await stillPlays(bystander, { n: 0 });
  });

  it('a frame over the transport limit closes the sender with 1009, said in one info line (no error, no stack)', async () => {
    const { bystander, sender } = await pair();
    const closed = closeCode(sender);
    const lines: string[] = [];
    const restore = setLogOutput((l) => lines.push(l));
    try {
      sender.send('chat', { text: 'x'.repeat(10_000) });
      expect(await closed).toBe(CloseCodes.messageTooBig);
      await until('the line', () => lines.some((l) => l.includes('Max payload')));
    } finally {
      restore();
    }
    const said = lines.map((l) => JSON.parse(l) as { level: string; reason: string; msg: string });
    const refused = said.filter((l) => l.msg.includes('Max payload'));
    expect(refused).toHaveLength(1);
    // A client's fault is no alert for the host (it was an error with the stack, a kilobyte a line).
    expect(refused[0]).toMatchObject({ level: 'info', reason: 'client-frame' });
    expect(refused[0].msg).not.toContain('\n');
    expect(refused[0].msg).not.toMatch(/ at |receiver\.js/);
    await stillPlays(bystander, { n: 0 });
  });

  it('a flood past the rate limit drops the sender with 4002', async () => {
    const { bystander, sender } = await pair();
    const closed = closeCode(sender);
    for (let i = 0; i < 500; i++) sender.send('ready', { ready: true });
    expect(await closed).toBe(CloseCodes.withError);
    await stillPlays(bystander, { n: 0 });
  });

  it('a flooder is closed at once: no place held for it, its reconnection token void', async () => {
    const window = server.config.reconnectSeconds;
    server.config.reconnectSeconds = 60;
    try {
      const { bystander, sender, room } = await pair();
      const token = sender.reconnectionToken;
      const closed = closeCode(sender);
      const t0 = Date.now();
      for (let i = 0; i < 500; i++) sender.send('ready', { ready: true });
      expect(await closed).toBe(CloseCodes.withError);
      // Not after the 60 s a dropped player's place is held: at once.
      expect(Date.now() - t0).toBeLessThan(5000);
      await until('no place held for the flooder', () => !room.roster.get(sender.sessionId));
      await expect(server.client().reconnect(token)).rejects.toBeTruthy();
      await stillPlays(bystander, { n: 0 });
    } finally {
      server.config.reconnectSeconds = window;
    }
  });

  it('there is no way to send input for another player', async () => {
    const { bystander, sender, john } = await pair();
    const x0 = john().x;
    const reply = nextMessage<{ type: string }>(sender, 'rejected');
    sender.send('input', { sessionId: bystander.sessionId, moveX: 1 });
    expect((await reply).type).toBe('input');
    const input = sender.input<PlayerInput>();
    for (let i = 0; i < 10; i++) {
      input.data.moveX = 1;
      input.send();
    }
    await until('sender inputs applied', () => stateOf(sender).private.get(sender.sessionId)!.ack === 10);
    expect(john().x).toBe(x0);
    expect(stateOf(bystander).private.get(bystander.sessionId)!.ack).toBe(0);
    await stillPlays(bystander, { n: 0 });
  });

  it('a watcher’s frames reach nothing: lobby messages are unknown to the watch room, inputs are refused at its door', async () => {
    const { bystander, sender, room } = await pair();
    const w = room.run!.world;
    const positions = () => w.entities.map((e) => [e.x, e.y, e.life]);
    const before = positions();
    const lobby = () =>
      JSON.stringify({
        phase: room.state.phase,
        options: room.state.options.toJSON(),
        players: room.state.players.toJSON(),
      });
    const lobbyBefore = lobby();
    const eye = await server.client().joinOrCreate(ROOM.watch, { match: bystander.roomId, name: 'Eye' });
    opened.push(eye);
    // The watch room has no lobby: every lobby message is an unknown type there, answered and ignored.
    const lobbyMessages: Array<[string, unknown]> = [
      ['ready', { ready: true }],
      ['start', undefined],
      ['options', { police: 5, matchSeconds: 60, hunter: eye.sessionId }],
      ['kick', { target: sender.sessionId }],
      ['rematch', undefined],
      ['profile', { name: 'Evil', pref: 'hunter' }],
    ];
    for (const [type, payload] of lobbyMessages) {
      const reply = nextMessage<{ type: string; reason: string }>(eye, 'rejected');
      eye.send(type, payload);
      expect(await reply).toEqual({ type, reason: 'unknown message type' });
    }
    expect(eye.connection.isOpen).toBe(true);
    expect(lobby()).toBe(lobbyBefore);
    expect(sender.connection.isOpen).toBe(true);
    // The watch room's door takes no input frame at all: the first one drops the watcher.
    const closed = closeCode(eye);
    // The client is told no input schema by this room: it encodes the match's, as a hostile client would.
    const input = eye.input<PlayerInput>({ type: InputState });
    for (let i = 0; i < 20; i++) {
      input.data.moveX = 1;
      input.data.buttons = Button.Primary | Button.Liquid;
      input.send();
    }
    expect(await closed).toBe(CloseCodes.withError);
    await new Promise((r) => setTimeout(r, 200));
    expect(positions()).toEqual(before);
    expect(stateOf(sender).private.get(sender.sessionId)!.ack).toBe(0);
    await stillPlays(bystander, { n: 0 });
    expect(lobby()).toBe(lobbyBefore);
  });

  it('lobby messages out of turn are refused: ready during play, start by a non-host', async () => {
    const { bystander, sender } = await pair();
    const r1 = nextMessage<{ reason: string }>(sender, 'rejected');
    sender.send('ready', { ready: false });
    expect((await r1).reason).toBe('only in the lobby');
    const lobbyHost = await server.client().create('match', { name: 'H', mode: 'custom' });
    const guest = await server.client().joinById(lobbyHost.roomId, { name: 'G' });
    opened.push(lobbyHost, guest);
    const r2 = nextMessage<{ reason: string }>(guest, 'rejected');
    guest.send('start');
    expect((await r2).reason).toBe('only the host can do that');
    const r3 = nextMessage<{ reason: string }>(lobbyHost, 'rejected');
    lobbyHost.send('start');
    expect((await r3).reason).toBe('not everyone is ready');
    await stillPlays(bystander, { n: 0 });
  });

  it('bad join options are refused with 422', async () => {
    await expect(server.client().joinOrCreate('match', { pref: 'sniper' })).rejects.toMatchObject({
      code: JoinError.badOptions,
    });
    await expect(server.client().joinOrCreate('match', { name: { evil: true } })).rejects.toMatchObject({
      code: JoinError.badOptions,
    });
    await expect(
      server.client().create('match', { matchSeconds: Number.POSITIVE_INFINITY }),
    ).rejects.toMatchObject({
      code: JoinError.badOptions,
    });
  });
});
