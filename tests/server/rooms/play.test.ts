import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchRoom } from '../../../server/rooms/MatchRoom.js';
import { ROOM, ServerMessage } from '../../../shared/protocol.js';
import { magicBytes, readReplay } from '../../../shared/replay/codec.js';
import { applyFrame } from '../../../shared/replay/frames.js';
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

  it('a watcher takes no seat; the records it gets hold every entity’s row with its true identity', async () => {
    // Ann plays the T-1000 and sends nothing.
    const { client, room } = await startedRoom('hunter', {
      bots: true,
      police: 5,
      civilians: 20,
      spectatorDelay: 0,
    });
    const run = room.run!;
    const w = run.world;
    const seatsNow = () => [...run.seats.values()].map((seat) => [seat.role, seat.sessionId, seat.name]);
    const seatsBefore = seatsNow();
    const watcher = await server.client().joinOrCreate(ROOM.watch, { match: client.roomId, name: 'Eye' });
    opened.push(watcher);
    let bytes: Uint8Array = magicBytes();
    const nothingYet = bytes.length;
    watcher.onMessage(ServerMessage.records, (payload: Uint8Array) => {
      const next = new Uint8Array(bytes.length + payload.length);
      next.set(bytes);
      next.set(payload, bytes.length);
      bytes = next;
    });
    // No seat: nobody new in the roster or the match's seats; one spectator counted.
    await until('the watcher counted', () => room.state.spectators === 1);
    expect(room.roster.people().map(([, p]) => p.name)).toEqual(['Ann']);
    expect([...room.state.players.values()].some((p) => p.name === 'Eye')).toBe(false);
    expect(seatsNow()).toEqual(seatsBefore);
    // The recording may be the world re-simulated from the inputs (server/replay/Recorder.ts): nothing is
    // set by hand here. Ann (the T-1000) sends nothing, so it wears no disguise and keeps its public id.
    const t = entityOf(room, 't1000');
    const joinedAt = w.tick;
    /** The table of rows as of the newest frame received, played from the keyframe. */
    const played = () => {
      if (bytes.length === nothingYet) return { fields: [], table: null, tick: -1 };
      const { header, records } = readReplay(bytes);
      let table: unknown[][] | null = null;
      let tick = -1;
      const facts = {};
      for (const r of records) {
        if (r.t === 'K') {
          table = r.table.map((row) => [...row]);
          tick = r.tick;
        } else if (r.t === 'S' && table) {
          for (const f of r.f) {
            table = applyFrame(table, f, facts);
            if (!table) throw new Error(`frame ${f.k} does not fit the table`);
            tick = f.k;
          }
        }
      }
      return { fields: header.fields, table, tick };
    };
    await until('a frame after the join', () => played().tick > joinedAt + 1, 15_000);
    const { fields, table } = played();
    const col = (name: string) => {
      const i = fields.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(table!.length).toBe(w.entities.length);
    for (const [i, e] of w.entities.entries()) {
      const row = table![i];
      // The true identity, as escorts may not see it: the real role, entity id and public id; the truth columns.
      expect(row[col('entityId')]).toBe(e.id);
      expect(row[col('role')]).toBe(e.role);
      expect(row[col('name')]).toBe(e.name);
      expect(row[col('publicId')]).toBe(e.publicId);
      expect(row[col('mimicRole')]).toBe('');
    }
    expect(table![t.id][col('role')]).toBe('t1000');
    expect(new Set(table!.map((row) => row[col('role')]))).toEqual(new Set(w.entities.map((e) => e.role)));
    await watcher.leave();
    await client.leave();
  });
});
