/**
 * One test per way a hostile client was seen to hurt the server (issue 7),
 * each against a real server over real websockets: after every attack the
 * server answers /health, and a bystander in another match plays on.
 */
import { matchMaker } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from '../../bench/hostileClient.js';
import { JOIN_ACK_SECONDS } from '../../server/rooms/door.js';
import { CloseCodes, JoinError, ROOM } from '../../shared/protocol.js';
import type { PlayerInput } from '../../shared/sim/types.js';
import { DT, SPEED, SPRINT } from '../../shared/tuning.js';
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
const track = <R extends SDKRoom>(r: R): R => {
  opened.push(r);
  return r;
};

beforeAll(async () => {
  server = await startServer(2641);
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

const ROOM_DATA = 13;
const ROOM_DATA_BYTES = 17;
const ROOM_INPUT_RELIABLE = 19;
const ROOM_INPUT_UNRELIABLE = 20;
const ROOM_REQUEST = 21;

/** A started custom match, no bots and no crowd: a person as John (and one as the T-1000 when asked). */
async function match(withHunter = true) {
  const john = track(await server.client().create('match', QUIET_MATCH));
  const hunter = withHunter
    ? track(await server.client().joinById(john.roomId, { name: 'T', pref: 'hunter' }))
    : null;
  if (hunter) {
    hunter.send('ready', { ready: true });
    await until('hunter ready', () => stateOf(john).players.get(hunter.sessionId)?.ready === true);
  }
  john.send('start');
  await until('play', () => !!stateOf(john).private?.get(john.sessionId)?.entity);
  if (hunter) await until('hunter state', () => !!stateOf(hunter).private?.get(hunter.sessionId)?.entity);
  return { john, hunter: hunter!, room: server.room(john.roomId) };
}

function closeCode(room: SDKRoom): Promise<number> {
  return new Promise((resolve) => room.onLeave.once((code: number) => resolve(code)));
}

async function healthy(): Promise<void> {
  const t0 = Date.now();
  const res = await fetch(`http://127.0.0.1:${server.config.port}/health`);
  expect(res.ok).toBe(true);
  expect(Date.now() - t0).toBeLessThan(1000);
}

/** A bystander in its own match: its inputs are applied and acknowledged, and its match steps. */
async function bystanderPlays(b: SDKRoom): Promise<void> {
  const me = () => stateOf(b).private.get(b.sessionId)!;
  const ack0 = me().ack;
  const tick = stateOf(b).tick;
  const input = b.input<PlayerInput>();
  for (let i = 0; i < 3; i++) {
    input.data.moveY = i % 2 ? 0.5 : -0.5;
    input.send();
  }
  await until('bystander acks', () => me().ack >= ack0 + 3 && stateOf(b).tick > tick);
  expect(b.connection.isOpen).toBe(true);
}

describe('single frames that used to end or freeze every match', () => {
  it('a "*" message with a payload whose String() throws drops the sender; the process and other matches go on', async () => {
    const { john, hunter } = await match();
    const other = await match(false);
    const closed = closeCode(hunter);
    const evil = pack({ toString: 1, valueOf: 2 });
    hunter.connection.send(Uint8Array.from([ROOM_DATA, 0xa1, 0x2a, ...evil]));
    expect(await closed).toBe(CloseCodes.withError);
    await healthy();
    await bystanderPlays(john);
    await bystanderPlays(other.john);
  });

  it('a custom room with a map name that names no map is refused at creation with 422', async () => {
    const rooms = async () => (await matchMaker.query({ name: 'match' })).length;
    const before = await rooms();
    await expect(
      server.client().create('match', { mode: 'custom', map: 'nosuchmap', countdown: 0 }),
    ).rejects.toMatchObject({ code: JoinError.badOptions, message: expect.stringMatching(/map nosuchmap/) });
    expect(await rooms()).toBe(before);
    await healthy();
  });

  it('frames on the unreliable input channel — a negative length, a huge count — drop the sender at once', async () => {
    const { john } = await match(false);
    for (const body of [
      // base seq 0, then a slot length of -1 (zig-zag/negative varint as the schema codec reads it)
      [0x00, 0xff, 0xff, 0xff, 0xff, 0x0f],
      // a TIMED stamp block claiming 2^32 slots
      [0xce, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0],
    ]) {
      const { hunter } = await match();
      const closed = closeCode(hunter);
      hunter.connection.send(Uint8Array.from([ROOM_INPUT_UNRELIABLE, ...body]));
      hunter.connection.send(Uint8Array.from([ROOM_INPUT_UNRELIABLE | 0x20, ...body]));
      expect(await closed).toBe(CloseCodes.withError);
      await healthy();
    }
    await bystanderPlays(john);
  });

  it('input frames the schema decoder would complain about drop the sender and write a line or two of log, not megabytes', async () => {
    const { john } = await match(false);
    let bytes = 0;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      return true;
    });
    try {
      for (let i = 0; i < 10; i++) {
        const { hunter } = await match();
        const closed = closeCode(hunter);
        // Field ops the input has no field for, references to structures that do not exist, a string header.
        const junk = Uint8Array.from([
          ROOM_INPUT_RELIABLE,
          0xff,
          0x05,
          0xd9,
          0xff,
          ...new Array(200).fill(0x41),
        ]);
        for (let k = 0; k < 20; k++) hunter.connection.send(junk);
        expect(await closed).toBe(CloseCodes.withError);
      }
    } finally {
      write.mockRestore();
    }
    expect(bytes).toBeLessThan(16 * 1024);
    await healthy();
    await bystanderPlays(john);
  });

  it('requests, raw-bytes messages and unknown protocol codes drop the sender', async () => {
    const { john } = await match(false);
    for (const frame of [
      [ROOM_REQUEST, 1, 0xa4, ...Buffer.from('chat'), ...pack({ text: 'hi' })],
      [ROOM_DATA_BYTES, 0xa4, ...Buffer.from('chat'), 1, 2, 3],
      [14, 0, 0],
      [99],
      [ROOM_DATA | 0x20, 0xa4, ...Buffer.from('chat'), ...pack({ text: 'hi' })],
    ]) {
      const { hunter } = await match();
      const closed = closeCode(hunter);
      hunter.connection.send(Uint8Array.from(frame));
      expect(await closed).toBe(CloseCodes.withError);
    }
    await healthy();
    await bystanderPlays(john);
  });
});

describe('the listing room', () => {
  it('answers an unknown message type with rejected and drops a sender of "*"', async () => {
    const lobby = track(await server.client().joinOrCreate('lobby'));
    const reply = nextMessage<{ type: string; reason: string }>(lobby, 'rejected');
    lobby.send('teleport', { x: 1 });
    expect(await reply).toEqual({ type: 'teleport', reason: 'unknown message type' });
    const closed = closeCode(lobby);
    lobby.connection.send(Uint8Array.from([ROOM_DATA, 0xa1, 0x2a, ...pack({ toString: 1 })]));
    expect(await closed).toBe(CloseCodes.withError);
    await healthy();
  });
});

describe('clients that never finish joining', () => {
  it('a client that never acknowledges its join is dropped after JOIN_ACK_SECONDS; what it sends meanwhile is not answered, so nothing queues for it', async () => {
    const { john } = await match(false);
    const lobbyHost = track(await server.client().create('match', { name: 'L', mode: 'custom' }));
    const http = `http://127.0.0.1:${server.config.port}`;
    const ws = `ws://127.0.0.1:${server.config.port}`;
    // A player joining a match room (in its lobby), and a watcher joining the watch room of a match in play.
    const silentJoin = async (method: 'joinById' | 'joinOrCreate', room: string, options: unknown) => {
      const t0 = performance.now();
      const silent = await connect(http, ws, method, room, options, { ack: false });
      if (!silent.conn) throw new Error(`the raw join was refused: ${silent.refused.error}`);
      const conn = silent.conn;
      const queued = () =>
        (
          [...(matchMaker.getLocalRoomById(conn.seat.roomId)?.clients ?? [])].find(
            (c) => c.sessionId === conn.seat.sessionId,
          ) as unknown as { _enqueuedMessages?: unknown[] } | undefined
        )?._enqueuedMessages?.length;
      expect(queued()).toBeDefined();
      for (let i = 0; i < 100; i++) conn.send(Uint8Array.from([ROOM_DATA, 0xa8, ...Buffer.from('teleport')]));
      await new Promise((r) => setTimeout(r, 300));
      // What the room sends it meanwhile queues (patches, the watch room's records); answers to its 100 messages do not.
      expect(queued()).toBeLessThan(20);
      expect((await conn.closed).code).toBe(CloseCodes.withError);
      expect(performance.now() - t0).toBeLessThan((JOIN_ACK_SECONDS + 2) * 1000);
    };
    await Promise.all([
      silentJoin('joinById', lobbyHost.roomId, { name: 'Silent' }),
      silentJoin('joinOrCreate', ROOM.watch, { match: john.roomId }),
    ]);
    await bystanderPlays(john);
  }, 20_000);
});

describe('limits on what one address can hold', () => {
  it('MAX_SPECTATORS is enforced per match, in the watch room', async () => {
    const { john, room } = await match(false);
    const max = server.config.maxSpectators;
    const eyes: SDKRoom[] = [];
    for (let i = 0; i < max; i++)
      eyes.push(track(await server.client().joinOrCreate(ROOM.watch, { match: john.roomId })));
    await until('every watcher counted', () => room.state.spectators === max);
    // The watch room is full: joinOrCreate would make another for the same match, which refuses too.
    await expect(server.client().joinOrCreate(ROOM.watch, { match: john.roomId })).rejects.toMatchObject({
      code: JoinError.matchFull,
    });
    expect(room.state.spectators).toBe(max);
    // The cap is per match: another match takes its own watchers.
    const other = await match(false);
    const elsewhere = track(await server.client().joinOrCreate(ROOM.watch, { match: other.john.roomId }));
    await until('the other match’s watcher', () => other.room.state.spectators === 1);
    // A place freed is a place again.
    await eyes[0].leave();
    await until('a watcher gone', () => room.state.spectators === max - 1);
    eyes[0] = track(await server.client().joinOrCreate(ROOM.watch, { match: john.roomId }));
    await until('full again', () => room.state.spectators === max);
    await leaveAll([...eyes, elsewhere]);
  });
});

describe('speed and position', () => {
  it('a burst of inputs after standing still moves the character at most two steps’ worth a step, and no further than the steps that passed', async () => {
    const { john, room } = await match(false);
    const run = room.run!;
    const e = run.world.entities[run.world.players.john!];
    const input = john.input<PlayerInput>();
    // Stand still for half a second, then 60 inputs at once, sprinting.
    for (let i = 0; i < 5; i++) {
      input.data.moveX = 0;
      input.send();
    }
    await new Promise((r) => setTimeout(r, 500));
    const tick0 = run.world.tick;
    const moves: number[] = [];
    const step = run.step.bind(run);
    run.step = (inputOf) => {
      const x = e.x;
      const y = e.y;
      step(inputOf);
      moves.push(Math.hypot(e.x - x, e.y - y));
    };
    for (let i = 0; i < 60; i++) {
      input.data.moveX = i % 2 ? 1 : 0.99;
      input.data.buttons = 8;
      input.send();
    }
    await new Promise((r) => setTimeout(r, 700));
    run.step = step;
    const limit = SPEED.john * (1 + SPRINT.boost) * DT;
    expect(moves.length).toBeGreaterThan(10);
    expect(Math.max(...moves)).toBeGreaterThan(0);
    // The step's own input and at most one late input played as a catch-up (see InputPacer).
    expect(Math.max(...moves)).toBeLessThanOrEqual(2 * limit * (1 + 1e-9));
    // Over the whole burst, no more moves than steps since the character stood still:
    // 60 inputs at once do not buy 60 moves.
    const steps = run.world.tick - tick0 + Math.ceil(0.5 / DT) + 5;
    const total = moves.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(steps * limit * (1 + 1e-9));
    expect(total).toBeLessThan(60 * limit);
  });
});
