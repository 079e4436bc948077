import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchRoom } from '../../../server/rooms/MatchRoom.js';
import { type EntityState, trueKey } from '../../../shared/schema/EntityState.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { visibleIds } from '../../../shared/sim/vision.js';
import { keysOf, leaveAll, startServer, stateOf, type TestServer, until } from '../helpers.js';

let server: TestServer;
const opened: SDKRoom[] = [];

beforeAll(async () => {
  server = await startServer(2611);
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

/** A custom room with one player, started at once; no NPCs unless asked. */
async function startedRoom(pref: 'escort' | 'hunter', extra: Record<string, unknown> = {}) {
  const client = await server.client().create('match', {
    name: 'Ann',
    pref,
    mode: 'custom',
    countdown: 0,
    bots: false,
    police: 0,
    civilians: 0,
    ...extra,
  });
  opened.push(client);
  await client.waitForInitialState();
  client.send('start');
  await until('the match to start', () => client.state.phase === 'playing');
  const room = server.room(client.roomId);
  await until('the first patch of play', () => client.state.private?.get(client.sessionId)?.entity);
  return { client, room, state: stateOf(client) };
}

const entityOf = (room: MatchRoom, role: 'john' | 't1000') =>
  room.run!.world.entities[room.run!.world.players[role]!];

describe('match room: join, move, see', () => {
  it('a player joins with a name and a role preference and is listed as host', async () => {
    const client = await server.client().create('match', { name: 'Kyle', pref: 'hunter', mode: 'custom' });
    opened.push(client);
    await client.waitForInitialState();
    const me = stateOf(client).players.get(client.sessionId)!;
    expect(me.toJSON()).toMatchObject({ name: 'Kyle', pref: 'hunter', host: true, bot: false });
    expect(stateOf(client).phase).toBe('lobby');
    await client.leave();
  });

  it('input moves the player and the server acknowledges every input it applied', async () => {
    const { client, state, room } = await startedRoom('escort');
    const me = () => state.private.get(client.sessionId)!;
    const x0 = me().x;
    const input = client.input<PlayerInput>();
    for (let i = 0; i < 20; i++) {
      input.data.moveX = 1;
      input.data.aim = 0;
      input.send();
      await new Promise((r) => setTimeout(r, 20));
    }
    // Keys released: a real client's next input is neutral (until then the server keeps the last one held).
    input.data.moveX = 0;
    input.send();
    await until('the ack of all 21 inputs', () => me().ack === 21);
    expect(me().x).toBeGreaterThan(x0 + 1);
    await until(
      'the player state to match the server once John stands',
      () => Math.abs(me().x - entityOf(room, 'john').x) < 0.01,
    );
    const seen = state.entities.get(me().entity)!;
    expect(seen.role).toBe('john');
    expect(Math.abs(seen.x - me().x)).toBeLessThan(0.05);
    await client.leave();
  });

  it('an escort is sent exactly what the escort team sees, patch after patch', async () => {
    const { client, room, state } = await startedRoom('escort', { bots: true, police: 10, civilians: 60 });
    const expected = new Map<number, string[]>();
    const original = room.onBeforePatch.bind(room);
    room.onBeforePatch = () => {
      original();
      const w = room.run!.world;
      expected.set(
        w.tick,
        visibleIds(w, 'escort')
          .map((id) => room.run!.sync.keyFor('escort', id))
          .sort(),
      );
    };
    let checked = 0;
    const check = () => {
      const want = expected.get(state.tick);
      if (!want) return;
      expect(keysOf(state.entities)).toEqual(want);
      expect(keysOf(state.trueEntities)).toEqual([]);
      checked++;
    };
    client.onStateChange(check);
    await until('20 checked patches', () => checked >= 20);
    client.onStateChange.remove(check);
    await client.leave();
  });

  it('the T-1000 beside John is sent to him; far away it is not', async () => {
    const { client, room, state } = await startedRoom('escort');
    const john = entityOf(room, 'john');
    const t = entityOf(room, 't1000');
    const hunterSeen = () => [...state.entities.values()].some((e: EntityState) => e.role === 't1000');
    expect(hunterSeen()).toBe(false);
    const spawn = { x: t.x, y: t.y };
    const original = room.run!.step.bind(room.run!);
    const pin = (x: number, y: number) => {
      room.run!.step = (inputs) => {
        t.x = x;
        t.y = y;
        original(inputs);
      };
    };
    pin(john.x + 1.2, john.y);
    await until('the T-1000 in John state', hunterSeen);
    pin(spawn.x, spawn.y);
    await until('the T-1000 gone from John state', () => !hunterSeen());
    await client.leave();
  });

  it('the hunter sees itself, with its truth, and nothing through the escort map', async () => {
    const { client, room, state } = await startedRoom('hunter');
    const t = entityOf(room, 't1000');
    const me = state.private.get(client.sessionId)!;
    expect(me.role).toBe('t1000');
    expect(me.entity).toBe(trueKey(t.id));
    const own = state.trueEntities.get(trueKey(t.id))!;
    expect(own.toJSON()).toMatchObject({
      role: 't1000',
      entityId: t.id,
      publicId: t.publicId,
      mimicRole: '',
    });
    expect(keysOf(state.entities)).toEqual([]);
    const input = client.input<PlayerInput>();
    input.data.buttons = Button.Liquid;
    input.send();
    await until('the hunter to go liquid', () => own.liquid === true);
    await client.leave();
  });

  it('a spectator takes no seat and sees every entity with its true identity', async () => {
    const { client, room } = await startedRoom('escort', { bots: true, police: 5, civilians: 20 });
    const spectator = await server.client().joinById(client.roomId, { name: 'Eye', spectator: true });
    opened.push(spectator);
    const s = stateOf(spectator);
    const w = room.run!.world;
    await until(
      'every entity in the spectator state',
      () => keysOf(s.trueEntities).length === w.entities.length,
    );
    expect(keysOf(s.entities)).toEqual([]);
    expect(s.players.has(spectator.sessionId)).toBe(false);
    expect(s.spectators).toBe(1);
    const t = entityOf(room, 't1000');
    expect(s.trueEntities.get(trueKey(t.id))!.role).toBe('t1000');
    await spectator.leave();
    await client.leave();
  });
});
