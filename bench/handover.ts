/**
 * npm run bench:handover -- [--matches M] [--json]
 *
 * A deploy and a crash, measured. A local redis-server and two server
 * processes; M matches (default 20) are made on the first, one real SDK
 * client playing in each (bots in the other seats), then:
 *
 * 1. SIGTERM to the first process: it hands every match to the second.
 *    `handoverP95Ms` — from the signal to a player back in control on the
 *    other process (joined with the seat ticket, the match's state in
 *    hand), p95 over the players; `lostSteps` — steps of play taken back:
 *    the tick a player had last seen minus the tick the match went on from
 *    on the other process (the process logs it), summed over the matches.
 * 2. A third process joins; `kill -9` of the second (every match is there
 *    now): `crashResumeP95Ms` — from the kill to a player back in control,
 *    p95; `crashLostSeconds` — the most play a match lost (last tick a
 *    player saw minus the tick its match resumed from, in seconds).
 *
 * The reference, measured in the same run: the same join by room id of a
 * running match with no move at all (`plainJoinP95Ms`), what a player pays
 * for any join. Targets (issue 11): handoverP95Ms ≤ 2,000, lostSteps 0,
 * crashResumeP95Ms ≤ 10,000, crashLostSeconds ≤ 1.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { fail, flags, intFlag } from '../scripts/cli.js';
import { outputOf, spawnServer } from '../scripts/serverProcess.js';
import { freePort, redisServerPath, startLocalRedis } from '../server/cluster/localRedis.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import { resolveMap } from '../server/mapFiles.js';
import { type ReadResult, readReplay } from '../shared/replay/codec.js';
import type { KeyframeRecord } from '../shared/replay/format.js';
import { resimulate, unpackWorld } from '../shared/replay/play.js';
import type { MatchState } from '../shared/schema/MatchState.js';
import { worldHash } from '../shared/sim/serialize.js';
import { TICK_HZ } from '../shared/tuning.js';
import { quantile, round } from './stats.js';

const f = flags({ matches: { type: 'string' }, json: { type: 'boolean', default: false } });
const MATCHES = intFlag('matches', f.matches, 20, 1, 200);
if (!redisServerPath()) fail('redis-server is not installed (apt-get install -y redis-server)');

const replayDir = mkdtempSync(join(tmpdir(), 'lm-handover-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Proc {
  port: number;
  child: ChildProcess;
  out: () => string;
  exited: Promise<unknown>;
}

async function startProc(redisUrl: string): Promise<Proc> {
  const port = await freePort();
  const child = spawnServer({
    env: {
      ...settingsEnv({
        ...ONE_ADDRESS,
        devOptions: true,
        host: '127.0.0.1',
        port,
        redisUrl,
        publicAddress: `127.0.0.1:${port}`,
        replayDir,
        matchSeconds: 3600,
        maxSpectators: 0,
      }),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = outputOf(child);
  const exited = new Promise((r) => child.once('exit', r));
  const t0 = Date.now();
  while (!/listening/.test(out())) {
    if (child.exitCode !== null || Date.now() - t0 > 60_000)
      fail(`a server did not start: ${out().slice(-400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, child, out, exited };
}

interface Player {
  room: Room;
  matchId: string;
  ticket: string;
  lastSeen: number;
  /** The match's seed (its recordings' header names it). */
  seed: string;
}

const st = (r: Room) => r.state as MatchState;

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The match's messages these players do not read (events, chat) taken without a warning for each one. */
function quiet(room: Room): void {
  room.onMessage('*', () => undefined);
}

/** A player back in control: joined by the ticket, the match's state (playing, its own seat) in hand. */
async function comeBack(p: Proc, player: Player, deadline: number): Promise<Room> {
  for (;;) {
    try {
      const room = await new Client(`ws://127.0.0.1:${p.port}`).joinById(player.matchId, {
        name: 'P',
        pref: 'escort',
        resume: player.ticket,
      });
      quiet(room);
      await until(
        'the state',
        () => st(room)?.phase === 'playing' && st(room).private?.has(room.sessionId) === true,
        10_000,
      );
      return room;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Each match's recordings, in the order they were made (one per process
 * that ran it), found by the match's seed: the first process's file ends
 * where the match stopped there; the next one's first keyframe is where
 * it went on.
 */
function recordings(): Map<string, ReadResult[]> {
  const bySeed = new Map<string, ReadResult[]>();
  for (const f of readdirSync(replayDir).filter((x) => x.endsWith('.lmr'))) {
    let r: ReadResult;
    try {
      r = readReplay(readFileSync(join(replayDir, f)));
    } catch {
      continue;
    }
    const key = String(r.header.seed);
    bySeed.set(key, [...(bySeed.get(key) ?? []), r]);
  }
  for (const list of bySeed.values())
    list.sort((x, y) => x.header.startedAt.localeCompare(y.header.startedAt));
  return bySeed;
}

/** Where a recording goes on from: its first keyframe's tick and world hash. */
function firstKeyframe(r: ReadResult): { tick: number; hash: string } {
  const k = r.records.find((x) => x.t === 'K') as KeyframeRecord;
  return { tick: k.tick, hash: k.hash };
}

/** Where a finished (closed) recording stopped: its world re-simulated to its last step. */
function lastWorld(r: ReadResult): { tick: number; hash: string } {
  const map = resolveMap(undefined);
  const k = r.records.findIndex((x) => x.t === 'K');
  const world = unpackWorld((r.records[k] as KeyframeRecord).world, map);
  resimulate(world, r.records, k + 1);
  return { tick: world.tick, hash: worldHash(world) };
}

async function main(): Promise<void> {
  const redis = await startLocalRedis();
  const a = await startProc(redis.url);
  // Every match on the first process (the only one yet), one player each.
  const players: Player[] = [];
  for (let i = 0; i < MATCHES; i++) {
    const room = await new Client(`ws://127.0.0.1:${a.port}`).create('match', {
      name: 'P',
      pref: 'escort',
      mode: 'quick',
      countdown: 0,
      // A seed of its own (a test option): the match's recordings are found by it.
      seed: 1000 + i,
    });
    quiet(room);
    const ticket = await new Promise<string>((resolve) =>
      room.onMessage('seat', (m: { ticket: string }) => resolve(m.ticket)),
    );
    room.reconnection.enabled = false;
    players.push({ room, matchId: room.roomId, ticket, lastSeen: 0, seed: String(1000 + i) });
  }
  await until('every match plays', () => players.every((p) => st(p.room).phase === 'playing'), 30_000);
  // Every match recorded (the header is written when the match starts), each under its own seed.
  await new Promise((r) => setTimeout(r, 2000));
  const first = recordings();
  if (first.size !== MATCHES) fail(`${first.size} recordings for ${MATCHES} matches`);
  const b = await startProc(redis.url);
  // Let every match's record be written a few times.
  await new Promise((r) => setTimeout(r, 3000));

  // The reference: a plain join by id of a running match (nobody moves).
  const plain: number[] = [];
  for (const p of players.slice(0, Math.min(10, players.length))) {
    const t0 = performance.now();
    const r = await new Client(`ws://127.0.0.1:${b.port}`).joinById(p.matchId, { name: 'X', pref: 'escort' });
    quiet(r);
    await until(
      'state',
      () => st(r)?.phase === 'playing' && st(r).private?.has(r.sessionId) === true,
      10_000,
    );
    plain.push(performance.now() - t0);
    await r.leave();
  }

  // 1. A deploy: SIGTERM.
  for (const p of players) p.lastSeen = st(p.room).tick;
  const moved = players.map((p) => new Promise<void>((resolve) => p.room.onLeave(() => resolve())));
  const t1 = performance.now();
  a.child.kill('SIGTERM');
  const handover: number[] = [];
  await Promise.all(
    players.map(async (p, i) => {
      await moved[i];
      p.lastSeen = Math.max(p.lastSeen, st(p.room).tick);
      p.room = await comeBack(b, p, Date.now() + 30_000);
      handover.push(performance.now() - t1);
    }),
  );
  await a.exited;
  // Every match: the first process's recording ends at the tick and world the second's begins with.
  await new Promise((r) => setTimeout(r, 2000));
  let lostSteps = 0;
  let discontinuities = 0;
  const handed = recordings();
  if (handed.size !== MATCHES) fail(`${handed.size} matches recorded, not ${MATCHES}`);
  for (const [, files] of handed) {
    if (files.length < 2) fail('a match has no recording on the second process');
    const end = lastWorld(files[0]);
    const next = firstKeyframe(files[1]);
    lostSteps += Math.abs(end.tick - next.tick);
    if (end.hash !== next.hash) discontinuities++;
  }

  // 2. A crash: kill -9 of the process holding every match now.
  const c = await startProc(redis.url);
  await new Promise((r) => setTimeout(r, 3000));
  for (const p of players) {
    p.room.reconnection.enabled = false;
    p.lastSeen = st(p.room).tick;
  }
  const t2 = performance.now();
  b.child.kill('SIGKILL');
  await b.exited;
  for (const p of players) p.lastSeen = Math.max(p.lastSeen, st(p.room).tick);
  const crash: number[] = [];
  await Promise.all(
    players.map(async (p) => {
      p.room = await comeBack(c, p, Date.now() + 60_000);
      crash.push(performance.now() - t2);
    }),
  );
  // Where each match went on from on the third process (its recording's first keyframe) against what its player had seen.
  await new Promise((r) => setTimeout(r, 2000));
  const crashed = recordings();
  let crashLostSteps = 0;
  for (const p of players) {
    const files = [...crashed.values()].find(
      (list) => list.length >= 3 && String(list[0].header.seed) === p.seed,
    );
    if (!files) fail(`match ${p.matchId} has no recording on the third process`);
    crashLostSteps = Math.max(crashLostSteps, p.lastSeen - firstKeyframe(files[2]).tick);
  }
  await Promise.all(players.map((p) => p.room.leave().catch(() => undefined)));
  c.child.kill('SIGKILL');
  await redis.stop();

  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  const figures = {
    matches: MATCHES,
    handoverP95Ms: round(quantile(sorted(handover), 0.95), 0),
    handoverMaxMs: round(Math.max(...handover), 0),
    lostSteps,
    discontinuities,
    crashResumeP95Ms: round(quantile(sorted(crash), 0.95), 0),
    crashResumeMaxMs: round(Math.max(...crash), 0),
    crashLostSeconds: round(Math.max(0, crashLostSteps) / TICK_HZ, 2),
    plainJoinP95Ms: round(quantile(sorted(plain), 0.95), 0),
  };
  const lines = [
    `handover: ${MATCHES} matches, one player each, on one of two processes (redis on loopback)`,
    `  SIGTERM → every player back in control on the other process: p95 ${figures.handoverP95Ms} ms, max ${figures.handoverMaxMs} ms (target ≤ 2,000)`,
    `  steps lost or doubled by the move (each match's first recording's last step against the second's first keyframe): ${lostSteps} (target 0); worlds that differ there: ${discontinuities}`,
    `  kill -9 → back in control on a third process: p95 ${figures.crashResumeP95Ms} ms, max ${figures.crashResumeMaxMs} ms (target ≤ 10,000)`,
    `  play lost by the crash: at most ${figures.crashLostSeconds} s of a match (target ≤ 1)`,
    `  reference: a plain join by id of a running match: p95 ${figures.plainJoinP95Ms} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (f.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

void main().catch((e) => {
  process.stderr.write(`bench:handover failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
