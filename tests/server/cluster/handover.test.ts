/**
 * A deploy loses no match: SIGTERM to one of two processes mid-match hands
 * the match to the other — same room id, every player back in their
 * character with their seat ticket, the world continuous (the first
 * process's recording ends at the tick the second's begins, with the same
 * world: no step lost, none doubled). Real redis-server, real processes,
 * real SDK clients.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { JoinError } from '../../../shared/protocol.js';
import { readReplay } from '../../../shared/replay/codec.js';
import { resimulate, unpackWorld } from '../../../shared/replay/play.js';
import { worldHash } from '../../../shared/sim/serialize.js';
import { nextMessage, until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { clusterSuite, HAS_REDIS, type Proc, st, ticketOf } from './harness.js';

const cluster = clusterSuite();

describe.skipIf(!HAS_REDIS)('handover on SIGTERM', () => {
  let a: Proc;
  let b: Proc;
  const dir = tempDir();
  beforeAll(async () => {
    a = await cluster.start('A', { replayDir: dir, drainSeconds: 10 });
    b = await cluster.start('B', { replayDir: dir });
  }, 120_000);

  it('the match goes on in the other process, every player in their character, no step lost or doubled', async () => {
    // Two friends in a private match made on A (the process with the fewest rooms: A asks first).
    const host = await a.client().create('match', {
      name: 'Ann',
      pref: 'escort',
      mode: 'custom',
      private: true,
      countdown: 0,
      civilians: 10,
      police: 2,
    });
    const code = host.roomId;
    const hostTicket = ticketOf(host);
    const friend = await b.client().joinById(code, { name: 'Bob', pref: 'hunter' });
    const friendTicket = ticketOf(friend);
    const tickets = [await hostTicket, await friendTicket];
    friend.send('ready', { ready: true });
    host.send('ready', { ready: true });
    await until('both are ready', () => [...st(host).players.values()].every((p) => p.ready), 10_000);
    host.send('start');
    await until('the match plays', () => st(host).phase === 'playing', 20_000);
    await until('three seconds of play', () => st(host).tick >= 90, 20_000);
    const roles = [
      st(host).players.get(host.sessionId)?.role,
      st(friend).players.get(friend.sessionId)?.role,
    ];
    expect(roles.every((r) => r && r !== '')).toBe(true);

    const left: number[] = [];
    host.onLeave((c) => left.push(c));
    friend.onLeave((c) => left.push(c));
    const tickBefore = st(host).tick;
    const t0 = Date.now();
    a.child.kill('SIGTERM');
    await until('both clients are told the match moved', () => left.length === 2, 15_000);
    expect(left).toEqual([4200, 4200]);

    // Both come back by the same code through the other process, with their tickets.
    const back = await Promise.all(
      [
        ['Ann', 'escort'],
        ['Bob', 'hunter'],
      ].map(([name, pref], i) => b.client().joinById(code, { name, pref, resume: tickets[i] })),
    );
    const backMs = Date.now() - t0;
    await until('their state arrives', () => back.every((r) => st(r).phase === 'playing'), 10_000);
    expect(back.map((r) => st(r).players.get(r.sessionId)?.role)).toEqual(roles);
    // Nobody is listed twice, nobody as a bot.
    expect(
      [...st(back[0]).players.values()]
        .filter((p) => !p.bot)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Ann', 'Bob']);
    expect(st(back[0]).tick).toBeGreaterThanOrEqual(tickBefore);
    await until('the match goes on', () => st(back[0]).tick > tickBefore + 60, 10_000);
    expect(await a.exited).toBe(0);
    expect(a.out()).toMatch(/handed over/);
    process.stdout.write(`handover: players back in ${backMs} ms after SIGTERM\n`);

    // Two recordings: A's ends where B's begins, with the same world.
    await Promise.all(back.map((r) => r.leave()));
    await until(
      'both recordings are on disk',
      () => readdirSync(dir).filter((f) => f.endsWith('.lmr')).length === 2,
      15_000,
    );
    const [first, second] = readdirSync(dir)
      .filter((f) => f.endsWith('.lmr'))
      .map((f) => readReplay(readFileSync(join(dir, f))))
      .sort((x, y) => x.header.startedAt.localeCompare(y.header.startedAt));
    const map = resolveMap(undefined);
    const k0 = first.records.findIndex((r) => r.t === 'K');
    const world = unpackWorld((first.records[k0] as { world: unknown }).world, map);
    expect(resimulate(world, first.records, k0 + 1)).toBeNull();
    const k1 = second.records.find((r) => r.t === 'K') as { tick: number; hash: string };
    expect(k1.tick).toBe(world.tick);
    expect(k1.hash).toBe(worldHash(world));
    // A drained process left cleanly: the survivor (sweeping every second since) never took it for a crash.
    expect(b.out()).not.toMatch(/stopped beating/);
  }, 120_000);
});

describe.skipIf(!HAS_REDIS)('npm run drain: a lobby and a watched match move', () => {
  let b: Proc;
  let c: Proc;
  beforeAll(async () => {
    b = await cluster.start('B2', { replayDir: tempDir() });
  }, 120_000);

  it('the lobby keeps its people, settings and removals; the match its player and its watcher', async () => {
    // A private lobby on B, its host's settings changed, a friend removed.
    const lobby = await b.client().create('match', { name: 'Lou', mode: 'custom', private: true });
    const lobbyTicket = await ticketOf(lobby);
    lobby.send('options', { matchSeconds: 420 });
    await until('the setting is in', () => st(lobby).options.matchSeconds === 420, 5000);
    const removed = { name: 'Rex', pref: 'escort', device: 'removed-browser-key-01' };
    const rex = await b.client().joinById(lobby.roomId, removed);
    await until('the friend in the lobby', () => st(lobby).players.has(rex.sessionId), 5000);
    lobby.send('kick', { target: rex.sessionId });
    await until('the friend removed', () => !st(lobby).players.has(rex.sessionId), 5000);
    // A match on B, watched (with no delay) through C.
    const player = await b.client().create('match', {
      name: 'Ann',
      pref: 'escort',
      mode: 'custom',
      private: true,
      countdown: 0,
      civilians: 5,
    });
    const playerTicket = await ticketOf(player);
    player.send('start');
    await until('the match plays', () => st(player).phase === 'playing', 20_000);
    // Another process joins the cluster (both rooms were made on B, the only one then).
    c = await cluster.start('C2', { replayDir: tempDir() });
    const watcher = await c.client().joinOrCreate('watch', { match: player.roomId, name: 'Eve' });
    await nextMessage(watcher, 'records', 15_000);
    const role = st(player).players.get(player.sessionId)?.role;
    const codes: number[] = [];
    for (const r of [lobby, player, watcher]) r.onLeave((code) => codes.push(code));

    const drain = spawn(process.execPath, ['--import', 'tsx', 'scripts/drain.ts', '--port', String(b.port)], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let drainOut = '';
    drain.stdout.on('data', (d) => (drainOut += d));
    const drained = new Promise<void>((resolve) => drain.once('exit', () => resolve()));
    await until('all three are told the match moved', () => codes.length === 3, 20_000);
    expect(codes).toEqual([4200, 4200, 4200]);

    const lobbyBack = await c.client().joinById(lobby.roomId, { name: 'Lou', resume: lobbyTicket });
    const playerBack = await c
      .client()
      .joinById(player.roomId, { name: 'Ann', pref: 'escort', resume: playerTicket });
    const watcherBack = await c.client().joinOrCreate('watch', { match: player.roomId, name: 'Eve' });
    await until(
      'state',
      () => (st(lobbyBack)?.players?.size ?? 0) > 0 && (st(playerBack)?.players?.size ?? 0) > 0,
      10_000,
    );
    expect(st(lobbyBack).phase).toBe('lobby');
    expect(st(lobbyBack).options.matchSeconds).toBe(420);
    expect(st(lobbyBack).players.get(lobbyBack.sessionId)?.host).toBe(true);
    expect(st(playerBack).players.get(playerBack.sessionId)?.role).toBe(role);
    await nextMessage(watcherBack, 'watching', 15_000);
    await nextMessage(watcherBack, 'records', 15_000);
    // The removed friend's browser is still barred on the process that has the lobby now.
    await expect(c.client().joinById(lobby.roomId, removed)).rejects.toMatchObject({
      code: JoinError.removed,
    });
    await drained;
    expect(drainOut).toMatch(/drained: the process stopped answering after [\d.]+ s/);
    expect(await b.exited).toBe(0);
    await Promise.all([lobbyBack, playerBack, watcherBack].map((r) => r.leave()));
  }, 120_000);
});
