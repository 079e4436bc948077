/**
 * A fault inside one room ends that match and nothing else; and the rules
 * about who may sit and watch where, with the server's defaults (every test
 * client comes from 127.0.0.1, so they are one address).
 */
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../server/metrics.js';
import { CloseCodes, JoinError, ROOM } from '../../shared/protocol.js';
import type { PlayerInput } from '../../shared/sim/types.js';
import { leaveAll, QUIET_MATCH, startServer, stateOf, type TestServer, until } from './helpers.js';

let server: TestServer;
const opened: SDKRoom[] = [];
const track = <R extends SDKRoom>(r: R): R => {
  opened.push(r);
  return r;
};

beforeAll(async () => {
  // The server's own defaults for the per-address rules.
  server = await startServer(2642, { sameAddressSpectators: false, maxSeatsPerAddress: 2 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

async function started() {
  const john = track(await server.client().create('match', QUIET_MATCH));
  john.send('start');
  await until('play', () => !!stateOf(john).private?.get(john.sessionId)?.entity);
  return { john, room: server.room(john.roomId) };
}

function closed(room: SDKRoom): Promise<{ code: number; reason?: string }> {
  return new Promise((resolve) =>
    room.onLeave.once((code: number, reason?: string) => resolve({ code, reason })),
  );
}

async function stillPlays(b: SDKRoom): Promise<void> {
  const me = () => stateOf(b).private.get(b.sessionId)!;
  const ack0 = me().ack;
  const input = b.input<PlayerInput>();
  for (let i = 0; i < 3; i++) {
    input.data.moveX = i % 2 ? 0.5 : -0.5;
    input.send();
  }
  await until('acks', () => me().ack >= ack0 + 3);
}

async function healthy(): Promise<void> {
  expect((await fetch(`http://127.0.0.1:${server.config.port}/health`)).ok).toBe(true);
}

describe('a fault in one room ends that match only', () => {
  it('a throw in the fixed step: its players are told with 4500 and a message; another match plays on', async () => {
    const canary = await started();
    const victim = await started();
    const faults = metrics.snapshot().roomFaults;
    const end = closed(victim.john);
    victim.room.run!.step = () => {
      throw new Error('a bug in the step');
    };
    expect(await end).toEqual({
      code: CloseCodes.roomError,
      reason: 'the match ended because of a server error',
    });
    expect(metrics.snapshot().roomFaults).toBe(faults + 1);
    await healthy();
    await stillPlays(canary.john);
  });

  it('a throw in a message handler ends that match', async () => {
    const canary = await started();
    const host = track(await server.client().create('match', { name: 'H', mode: 'custom' }));
    const room = server.room(host.roomId);
    room.readyChanged = () => {
      throw new Error('a bug in a handler');
    };
    const end = closed(host);
    host.send('ready', { ready: true });
    expect((await end).code).toBe(CloseCodes.roomError);
    await healthy();
    await stillPlays(canary.john);
  });

  it('a throw while copying the world into the patch ends that match', async () => {
    const canary = await started();
    const victim = await started();
    const end = closed(victim.john);
    victim.room.run!.writeState = () => {
      throw new Error('a bug in the patch');
    };
    expect((await end).code).toBe(CloseCodes.roomError);
    await healthy();
    await stillPlays(canary.john);
  });

  it('a throw in a timer ends that match', async () => {
    const canary = await started();
    const victim = await started();
    const end = closed(victim.john);
    victim.room.clock.setTimeout(() => {
      throw new Error('a bug in a timer');
    }, 10);
    expect((await end).code).toBe(CloseCodes.roomError);
    await healthy();
    await stillPlays(canary.john);
  });
});

describe('who may sit and watch', () => {
  it('a player may not watch the match they play in, nor play in one they watch', async () => {
    // Bots in the other seats: a newcomer could take one mid-match, were it not for the rule. The rule
    // guards a delay (with none, a watcher learns nothing a friend watching from elsewhere could not tell).
    const sarah = track(
      await server
        .client()
        .create('match', { ...QUIET_MATCH, name: 'Sarah', pref: 'sarah', bots: true, spectatorDelay: 1 }),
    );
    sarah.send('start');
    await until('play', () => !!stateOf(sarah).private?.get(sarah.sessionId)?.entity);
    const room = server.room(sarah.roomId);
    await expect(server.client().joinOrCreate(ROOM.watch, { match: sarah.roomId })).rejects.toMatchObject({
      code: JoinError.sameAddress,
    });
    expect(room.state.spectators).toBe(0);
    // Once Sarah is out of the match (it goes on without her), this address may watch it…
    const run = room.run!;
    run.world.entities[run.world.players.sarah!].life = 'eliminated';
    const eye = track(await server.client().joinOrCreate(ROOM.watch, { match: sarah.roomId }));
    await until('the watcher counted', () => room.state.spectators === 1);
    // …and while it watches, nobody from it plays in the match.
    await expect(server.client().joinById(sarah.roomId, { name: 'C' })).rejects.toMatchObject({
      code: JoinError.sameAddress,
    });
    expect(room.roster.people().length).toBe(1);
    // The refusal was the watching: once the watcher has gone, the same join takes a bot's seat.
    await eye.leave();
    await until('the watcher gone', () => room.state.spectators === 0);
    const c = track(await server.client().joinById(sarah.roomId, { name: 'C' }));
    await until('C seated', () => !!room.roster.get(c.sessionId)?.role);
  });

  it('a public match takes at most two players from one address', async () => {
    const a = track(await server.client().create('match', { name: 'A', countdown: 60 }));
    track(await server.client().joinById(a.roomId, { name: 'B' }));
    await expect(server.client().joinById(a.roomId, { name: 'C' })).rejects.toMatchObject({
      code: JoinError.matchFull,
    });
  });

  it('no server path draws from Math.random: codes, keys and seeds come from node:crypto', async () => {
    const spy = vi.spyOn(Math, 'random');
    try {
      const priv = track(
        await server
          .client()
          .create('match', { name: 'P', private: true, countdown: 0, civilians: 20, police: 4 }),
      );
      priv.send('start');
      await until('play', () => !!stateOf(priv).private?.get(priv.sessionId)?.entity);
      await new Promise((r) => setTimeout(r, 300));
      const room = server.room(priv.roomId);
      expect(typeof room.run!.world.seed).toBe('string');
      expect(String(room.run!.world.seed)).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      spy.mockRestore();
    }
    expect(spy).not.toHaveBeenCalled();
  });
});
