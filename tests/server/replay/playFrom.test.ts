/**
 * Play from here through a real server: a private lobby made from a replay's
 * moment starts its match from the world the replay had at that tick, with
 * the creator in the role they asked for, friends by code, bots in every
 * other seat, and its own recording naming where it came from. Refusals
 * (a live match's recording, a bad id, a tick past the end, another map)
 * come back from the create with their message.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lobbySettings } from '../../../client/src/ui/lobbyScreen.js';
import { resolveMap } from '../../../server/mapFiles.js';
import { Recorder } from '../../../server/replay/Recorder.js';
import { listReplays, recording } from '../../../server/replay/store.js';
import { assignRoles } from '../../../server/rooms/roles.js';
import { fitRoles } from '../../../server/rooms/startMatch.js';
import { JoinError } from '../../../shared/protocol.js';
import { encodeRecord, magicBytes, readReplay } from '../../../shared/replay/codec.js';
import type { HeaderRecord, KeyframeRecord } from '../../../shared/replay/format.js';
import { resimulate, unpackWorld } from '../../../shared/replay/play.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import { worldHash } from '../../../shared/sim/serialize.js';
import type { World } from '../../../shared/sim/types.js';
import { createWorld } from '../../../shared/sim/world.js';
import { leaveAll, startServer, stateOf, type TestServer, until } from '../helpers.js';
import { recordBotMatch, tempDir } from './record.js';

const SMALL = { judgmentDaySeconds: 45, civilians: 12, police: 4 };
/** Between the keyframes at 600 and 1200, inside a chunk. */
const MIDDLE = 707;

let server: TestServer;
const dir = tempDir();
const opened: SDKRoom[] = [];
const source = recordBotMatch(dir, SMALL);
const sourceId = basename(source.path, '.lmr');
const sourceRead = readReplay(readFileSync(source.path));
/** The same bot match played again, unrecorded, to MIDDLE: the world the new match must start from. */
const expected = recordBotMatch(tempDir(), SMALL, 11, MIDDLE, false).world;

beforeAll(async () => {
  server = await startServer(2681, { replayDir: dir, replayKeep: 50 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
});

const create = async (opts: Record<string, unknown>) => {
  const r = await server.client().create('match', { mode: 'custom', private: true, countdown: 0, ...opts });
  opened.push(r);
  return r;
};

/** The replay files in the folder now. */
const files = () => new Set(readdirSync(dir).filter((f) => f.endsWith('.lmr')));

/** The first keyframe of the recording that appeared after `before`, once written (its match is live). */
async function newRecording(before: Set<string>) {
  let found: ReturnType<typeof readReplay> | null = null;
  await until('the new match’s recording with its first keyframe', () => {
    const name = [...files()].find((f) => !before.has(f));
    if (!name) return false;
    try {
      const r = readReplay(readFileSync(join(dir, name)));
      if (!r.records.some((x) => x.t === 'K')) return false;
      found = r;
      return true;
    } catch {
      return false;
    }
  });
  const read = found as unknown as ReturnType<typeof readReplay>;
  return { read, key: read.records.find((x): x is KeyframeRecord => x.t === 'K')! };
}

/** A world without the label the new match's options carry (read by no rule). */
function unlabelled(w: World): World {
  const { from, ...options } = w.options as World['options'] & { from?: unknown };
  expect(from).toBeDefined();
  return { ...w, options };
}

describe('a match from a replay’s moment', () => {
  it('starts from the world the replay had at that tick, the creator an escort, bots elsewhere', async () => {
    const host = await create({ name: 'Sarah', pref: 'sarah', from: { replay: sourceId, tick: MIDDLE } });
    await until('the lobby', () => stateOf(host)?.options?.fromReplay === sourceId);
    const o = stateOf(host).options;
    expect(host.roomId).toMatch(/^[A-Z2-9]{6}$/); // Private: a code.
    expect(o.fromTick).toBe(MIDDLE);
    expect(o.fromNote).toBe('');
    // The lobby shows the replay's settings, not the server's.
    expect(o.matchSeconds).toBe(45);
    expect(o.police).toBe(4);
    expect(o.civilians).toBe(12);
    expect(o.bots).toBe(true);
    expect(stateOf(host).map).toBe('la-1995');
    // What the lobby screen reads of the client's decoded state.
    expect(lobbySettings(stateOf(host))?.from).toEqual({ replay: sourceId, tick: MIDDLE, note: '' });

    const before = files();
    host.send('start');
    await until('the match', () => stateOf(host).phase === 'playing');
    const { read, key } = await newRecording(before);

    // Its recording starts at the tick, names the replay and the tick, and seats the creator as Sarah.
    expect(key.tick).toBe(MIDDLE);
    expect(read.header.seed).toBe(11);
    expect(read.header.options.from).toEqual({ replay: sourceId, tick: MIDDLE });
    expect(read.header.options.judgmentDaySeconds).toBe(45);
    const roles = Object.fromEntries(read.header.roles.map((r) => [r.role, r]));
    expect(Object.keys(roles).sort()).toEqual([...PLAYER_ROLES].sort());
    expect(roles.sarah).toMatchObject({ name: 'Sarah', bot: false });
    for (const r of PLAYER_ROLES) if (r !== 'sarah') expect(roles[r].bot).toBe(true);
    const room = server.room(host.roomId);
    expect(room.run?.seats.get('sarah')?.sessionId).toBe(host.sessionId);
    expect(room.run?.botRoles().sort()).toEqual(PLAYER_ROLES.filter((r) => r !== 'sarah').sort());
    await until('the roster', () => stateOf(host).players.get(host.sessionId)?.role === 'sarah');

    // The world at the start equals the replay's at that tick (played again independently).
    const start = unpackWorld(key.world, resolveMap(undefined));
    expect(worldHash(start)).toBe(key.hash);
    expect(worldHash(unlabelled(start))).toBe(worldHash(expected));
    // And it goes on as the recording did: its inputs from there reach the next keyframe's hash.
    const next = sourceRead.records.find((x): x is KeyframeRecord => x.t === 'K' && x.tick > MIDDLE)!;
    const world = unlabelled(start);
    expect(resimulate(world, sourceRead.records, 1, { until: next.tick, midChunk: true })).toBeNull();
    expect(worldHash(world)).toBe(next.hash);
  });

  it('the creator may hunt, a friend joins by code and picks an escort, bots take the rest', async () => {
    const host = await create({ name: 'Hunter', pref: 'hunter', from: { replay: sourceId, tick: 300 } });
    const friend = await server.client().joinById(host.roomId, { name: 'Friend', pref: 'dyson' });
    opened.push(friend);
    await until('the friend', () => stateOf(host)?.players.has(friend.sessionId));
    friend.send('ready', { ready: true });
    await until('ready', () => stateOf(host).players.get(friend.sessionId)?.ready === true);
    const before = files();
    host.send('start');
    await until('the match', () => stateOf(host).phase === 'playing');
    const run = server.room(host.roomId).run!;
    expect(run.seats.get('t1000')?.sessionId).toBe(host.sessionId);
    expect(run.seats.get('dyson')?.sessionId).toBe(friend.sessionId);
    expect(run.botRoles().sort()).toEqual(['john', 'sarah', 't800']);
    const { key } = await newRecording(before);
    expect(key.tick).toBe(300);
    const played = recordBotMatch(tempDir(), SMALL, 11, 300, false).world;
    expect(worldHash(unlabelled(unpackWorld(key.world, resolveMap(undefined))))).toBe(worldHash(played));
  });

  it('the host’s hunter pick holds; the finished match’s replay names where it came from (unlisted, as a private match’s); a rematch starts from the moment again', async () => {
    const host = await create({
      name: 'Host',
      pref: 'hunter',
      timeScale: 64,
      from: { replay: sourceId, tick: MIDDLE },
    });
    const friend = await server.client().joinById(host.roomId, { name: 'Picked', pref: 'john' });
    opened.push(friend);
    await until('the friend', () => stateOf(host)?.players.has(friend.sessionId));
    host.send('options', { hunter: friend.sessionId });
    friend.send('ready', { ready: true });
    await until('the pick and ready', () => {
      const s = stateOf(host);
      return s.options.hunter === friend.sessionId && s.players.get(friend.sessionId)?.ready === true;
    });
    const before = files();
    host.send('start');
    await until('the match', () => stateOf(host).phase === 'playing');
    const run = server.room(host.roomId).run!;
    expect(run.seats.get('t1000')?.sessionId).toBe(friend.sessionId);
    expect(run.seats.get('john')?.sessionId).toBe(host.sessionId);
    const { read } = await newRecording(before);
    await until('the end', () => stateOf(host).phase === 'ended', 30_000);
    const id = [...files()].find((f) => !before.has(f))!.replace(/\.lmr$/, '');
    expect(read.header.options.from).toEqual({ replay: sourceId, tick: MIDDLE });
    await until('the recording closed', () => !recording(dir, id));
    // A match played from here is a private one: its replay is its players', not listed to everyone.
    expect(read.header.unlisted).toBe(true);
    expect((await listReplays(dir)).map((l) => l.id)).not.toContain(id);

    host.send('rematch');
    await until('the lobby again', () => stateOf(host).phase === 'lobby');
    expect(stateOf(host).options.fromTick).toBe(MIDDLE);
    expect(stateOf(host).map).toBe('la-1995');
    friend.send('ready', { ready: true });
    await until('ready', () => stateOf(host).players.get(friend.sessionId)?.ready === true);
    const again = files();
    host.send('start');
    await until('the second match', () => stateOf(host).phase === 'playing');
    const second = await newRecording(again);
    expect(second.key.tick).toBe(MIDDLE);
    expect(worldHash(unlabelled(unpackWorld(second.key.world, resolveMap(undefined))))).toBe(
      worldHash(expected),
    );
  });

  it('the lobby’s map, length, crowd and bots cannot be changed; the difficulty can', async () => {
    const host = await create({ name: 'Host', pref: 'john', from: { replay: sourceId, tick: 30 } });
    const reasons: string[] = [];
    host.onMessage('rejected', (m: { reason: string }) => reasons.push(m.reason));
    await until('the lobby', () => stateOf(host)?.options?.fromReplay === sourceId);
    host.send('options', { matchSeconds: 600 });
    host.send('options', { difficulty: 'hard' });
    await until('the difficulty', () => stateOf(host).options.difficulty === 'hard');
    await until('the refusal', () => reasons.length > 0);
    expect(reasons).toEqual(["a match from a replay keeps the replay's map, length, crowd and bots"]);
    expect(stateOf(host).options.matchSeconds).toBe(45);
  });
});

describe('refused, with one message each', () => {
  const refusal = async (opts: Record<string, unknown>) => {
    try {
      await create({ name: 'X', pref: 'any', ...opts });
    } catch (e) {
      return { code: (e as { code?: number }).code, message: (e as Error).message };
    }
    throw new Error('the room was created');
  };

  it('a live match’s recording (never past the spectators’ delay)', async () => {
    const live = Recorder.open({
      dir,
      world: createWorld({ map: resolveMap(undefined), seed: 5, options: SMALL }),
      roles: [],
      startedAt: Date.now(),
    });
    if (!live) throw new Error('the recorder did not open');
    try {
      expect(await refusal({ from: { replay: live.id, tick: 0 } })).toEqual({
        code: JoinError.badOptions,
        message: `replay ${live.id}: that match is still being played`,
      });
    } finally {
      live.close();
    }
  });

  it('a match being played on this server, by its recording', async () => {
    const host = await create({ name: 'Live', pref: 'john', police: 0, civilians: 0 });
    const before = files();
    host.send('start');
    await until('the match', () => stateOf(host)?.phase === 'playing');
    await newRecording(before);
    const id = [...files()].find((f) => !before.has(f))!.replace(/\.lmr$/, '');
    expect(await refusal({ from: { replay: id, tick: 0 } })).toEqual({
      code: JoinError.badOptions,
      message: `replay ${id}: that match is still being played`,
    });
  });

  it('a bad id, no such replay, a tick past the end', async () => {
    expect(await refusal({ from: { replay: '../secrets', tick: 0 } })).toEqual({
      code: JoinError.badOptions,
      message: 'from.replay must be a replay id',
    });
    expect(await refusal({ from: { replay: 'nothing-here', tick: 0 } })).toEqual({
      code: JoinError.badOptions,
      message: 'replay nothing-here: no such replay',
    });
    const end = source.world.tick;
    expect((await refusal({ from: { replay: sourceId, tick: end + 30 } })).message).toMatch(
      new RegExp(
        `^replay ${sourceId}: the replay ends at \\d+:\\d\\d \\(tick ${end}\\); tick ${end + 30} is past its end$`,
      ),
    );
    expect(await refusal({ from: { replay: sourceId, tick: 5 }, private: false })).toEqual({
      code: JoinError.badOptions,
      message: 'a match from a replay is private and custom',
    });
  });

  it('a replay of a map this server does not have, or of another version of it', async () => {
    /** The source replay with its header naming another map: a file as another server would have written it. */
    const withMap = (id: string, map: HeaderRecord['map']): string => {
      const records = sourceRead.records.map((r) => encodeRecord(r.t === 'H' ? { ...r, map } : r));
      writeFileSync(join(dir, `${id}.lmr`), Buffer.concat([magicBytes(), ...records]));
      return id;
    };
    const h = sourceRead.header.map;
    const elsewhere = withMap('elsewhere', { ...h, name: 'Nowhere', file: 'maps/nowhere.tmj' });
    expect(await refusal({ from: { replay: elsewhere, tick: 10 } })).toEqual({
      code: JoinError.badOptions,
      message: 'replay elsewhere: map nowhere is not on this server',
    });
    const changed = withMap('changed', { ...h, hash: '0123456789abcdef' });
    expect(await refusal({ from: { replay: changed, tick: 10 } })).toEqual({
      code: JoinError.badOptions,
      message: 'replay changed: map la-1995 has changed since the recording',
    });
    // The same file with the true header plays.
    const same = withMap('same', h);
    const host = await create({ name: 'Same', pref: 'john', from: { replay: same, tick: 10 } });
    await until('the lobby', () => stateOf(host)?.options?.fromReplay === same);
  });
});

describe('the roles of a world that has its own', () => {
  it('a person given a role the world lacks takes a free one it has, else watches; bots play the rest', () => {
    // A replay of a match played without bots: John, Sarah and the T-1000 only.
    const world = { players: { john: 0, sarah: 1, t1000: 2 } } as unknown as World;
    const assigned = assignRoles(
      [
        { id: 'a', pref: 'dyson' },
        { id: 'b', pref: 'hunter' },
        { id: 'c', pref: 't800' },
      ],
      1,
      true,
    );
    const a = fitRoles(assigned, world);
    expect(a.present).toEqual(PLAYER_ROLES.filter((r) => r === 'john' || r === 'sarah' || r === 't1000'));
    expect(a.roles.get('b')).toBe('t1000');
    // The two who asked for escorts the world lacks get John and Sarah; nobody is left for a bot.
    expect(new Set([a.roles.get('a'), a.roles.get('c')])).toEqual(new Set(['john', 'sarah']));
    expect(a.bots).toEqual([]);
    const crowded = fitRoles(
      assignRoles(
        ['a', 'b', 'c', 'd'].map((id) => ({ id, pref: 'any' as const })),
        1,
        true,
      ),
      world,
    );
    expect(crowded.roles.size).toBe(3);
    expect(new Set(crowded.roles.values())).toEqual(new Set(['john', 'sarah', 't1000']));
  });
});
