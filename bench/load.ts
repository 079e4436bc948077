/**
 * npm run bench:load -- [--matches M] [--seconds S] [--processes N [--no-redis]] [--frame-moves 1|2]
 *                       [--no-bare] [--bare-patches N] [--bare-wire schema|bytes] [--decode-state]
 *                       [--port P] [--external [--host H]] [--profile DIR] [--json]
 *
 * The game's server processes (started here as children, as `npm start`
 * would run them) and this separate load process: M matches × 5 real SDK
 * clients, each making a move 30 times a second like a player (wandering,
 * aiming, now and then a strike, a sprint, an interaction) and sending them
 * as the game's client does — two moves to a frame, 15 frames a second
 * (`--frame-moves 1`: one move a frame, 30 frames a second, the traffic
 * before input batching). The servers' own figures come from their `/stats`
 * route (match steps, step time, event-loop delay); their CPU from
 * /proc/<pid>/stat (user + system time of the server processes only, never
 * this load process's).
 *
 * `cpuMsPerMatchSecond` is the servers' CPU time (all processes) per second of
 * match played (30 steps of one match). At the same time, over the same
 * seconds, M more groups of 5 clients with the same sends play a bare
 * Colyseus room with the game's traffic and no game logic (bench/bareRoom.ts,
 * in its own process, bench/bareServer.ts): `cpuMsPerRoomSecond`, and
 * `vsBareRoom` = the game's figure over the bare room's (`--bare-patches N`:
 * the bare room at another patch rate, to see what it would save;
 * `--bare-wire bytes`: the bare room sending one packed snapshot per kind of
 * eyes instead of schema patches, the floor of the wire docs/LOAD.md
 * proposes). Played side by side,
 * whatever else loads the machine weighs on both alike (`--no-bare` skips it;
 * the load process then drives half the clients).
 *
 * With `--processes N` (N > 1), N game server processes share the matches
 * through a throwaway local Redis (server/cluster/localRedis.ts), each with its
 * own port (P, P+1, …) and PUBLIC_ADDRESS; match i is created through
 * process i mod N and Colyseus places it. The redis-server's own CPU over the
 * same seconds is reported beside it (`redisCpuMsPerMatchSecond`), not in
 * the servers' figure. `--no-redis` is the control: N processes that know
 * nothing of each other, each match made and played through one of them —
 * what splitting the load costs without Redis (bench/cluster.ts runs it).
 *
 * With `--external` no server is started: the load goes to one already running
 * on --host (default 127.0.0.1) and --port, started with DEV_OPTIONS=1,
 * ADMIN_PASSWORD (also set here, for `/stats/reset`) and per-address limits
 * raised (docs/HOSTING.md); its CPU then comes from its `/stats` and there is
 * no bare room. With `--profile DIR` the game servers and the bare room's run
 * under `node --cpu-prof` and write their profiles into DIR when they stop
 * (the bare room's as bare.cpuprofile).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Client, type Room } from '@colyseus/sdk';
import { fail, flags, intFlag } from '../scripts/cli.js';
import { spawnServer } from '../scripts/serverProcess.js';
import type { LocalRedis } from '../server/cluster/localRedis.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import { stageFrame, type WireInput } from '../shared/protocol.js';
import type { PlayerInput } from '../shared/sim/types.js';
import { TICK_HZ } from '../shared/tuning.js';
import { SNAPSHOT } from './bareRoom.js';
import { round } from './stats.js';

const f = flags({
  matches: { type: 'string' },
  seconds: { type: 'string' },
  port: { type: 'string' },
  processes: { type: 'string' },
  'frame-moves': { type: 'string' },
  'no-bare': { type: 'boolean', default: false },
  'no-redis': { type: 'boolean', default: false },
  'bare-patches': { type: 'string' },
  'bare-wire': { type: 'string' },
  'decode-state': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  external: { type: 'boolean', default: false },
  profile: { type: 'string' },
  host: { type: 'string' },
});
const MATCHES = intFlag('matches', f.matches, 100, 1, 1000);
const SECONDS = intFlag('seconds', f.seconds, 60, 1, 3600);
const PORT = intFlag('port', f.port, 2650, 1, 65535);
const PROCESSES = intFlag('processes', f.processes, 1, 1, 16);
const FRAME_MOVES = intFlag('frame-moves', f['frame-moves'], 2, 1, 2);
if (f.host !== undefined && !f.external)
  fail('--host needs --external (this benchmark starts its own server on 127.0.0.1)');
if (f.external && PROCESSES > 1) fail('--processes needs the servers started here (not --external)');
if (f['no-redis'] && PROCESSES < 2) fail('--no-redis needs --processes 2 or more');
const HOST = f.host ?? '127.0.0.1';
/** The admin password `/stats/reset` needs: ours for the servers we start, the environment's for --external. */
const ADMIN = f.external ? (process.env.ADMIN_PASSWORD ?? '') : randomBytes(16).toString('hex');
const BARE = !f.external && !f['no-bare'];
/** Patches a second of the bare room (the game's 20 by default): what another rate would cost the floor. */
const BARE_PATCHES = intFlag('bare-patches', f['bare-patches'], 20, 1, 60);
/** The bare room's wire: the game's schema patches, or packed snapshots (bench/bareRoom.ts). */
const BARE_WIRE = f['bare-wire'] ?? 'schema';
if (BARE_WIRE !== 'schema' && BARE_WIRE !== 'bytes')
  fail(`--bare-wire must be schema or bytes, not ${BARE_WIRE}`);
/** Clock ticks a second of /proc/<pid>/stat's times (USER_HZ; 100 on Linux everywhere that matters). */
const CLK_TCK = 100;

/** One server process: its address, and its child (null with --external). */
interface Target {
  http: string;
  ws: string;
  child: ChildProcess | null;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startGameServer(port: number, redis: LocalRedis | null): ChildProcess {
  const prof = f.profile ? ['--cpu-prof', `--cpu-prof-dir=${f.profile}`] : [];
  const cluster = redis ? settingsEnv({ redisUrl: redis.url, publicAddress: `127.0.0.1:${port}` }) : {};
  const child = spawnServer({
    nodeArgs: prof,
    env: {
      // Every load client comes from 127.0.0.1: lift the per-address limits a real server keeps.
      ...settingsEnv(ONE_ADDRESS),
      ...cluster,
      ADMIN_PASSWORD: ADMIN,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEV_OPTIONS: '1',
      MAX_SPECTATORS: '0',
      MATCH_SECONDS: '3600',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code) => {
    if (code !== null && code !== 0 && !closing) process.stderr.write(`server exited with code ${code}\n`);
  });
  return child;
}

function startBareServer(port: number): ChildProcess {
  const prof = f.profile
    ? ['--cpu-prof', `--cpu-prof-dir=${f.profile}`, '--cpu-prof-name=bare.cpuprofile']
    : [];
  return spawn(process.execPath, [...prof, '--import', 'tsx', 'bench/bareServer.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BARE_PATCHES_PER_SECOND: String(BARE_PATCHES),
      BARE_WIRE,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  // Wait for it: a profiled server writes its profile on the way out.
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([gone, wait(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await wait(100);
  }
  throw new Error(`the server at ${base} did not start`);
}

/** Until something accepts connections on 127.0.0.1:port. */
async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await wait(100);
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** CPU time (ms) a process has used: user + system, from /proc (its children's not counted). */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th field, stime the 15th.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
}

/**
 * Times a process's JS thread (its main thread) went to sleep and was woken:
 * its voluntary context switches, from /proc (NaN without a pid).
 */
function wakesOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
}

interface Player {
  room: Room;
  input: { data: WireInput; send(): number };
  heading: number;
  move: PlayerInput;
  /** The move of the step before, waiting to go out with this one. */
  held: PlayerInput | null;
}

let disconnects = 0;
/** Moves made and frames sent, to check that this process kept up its 30 moves a second per client. */
let movesMade = 0;
let framesSent = 0;
let closing = false;

/**
 * A serializer that reads nothing: the load's clients never look at the
 * state, and decoding 20 patches a second for every one of hundreds of
 * clients made this process the biggest user of the cores it shares with
 * the servers. The servers send the same bytes either way (input acks ride
 * in the frame's prefix, read before the serializer); `--decode-state` puts
 * the SDK's decoding back, to compare.
 */
const IGNORE_STATE = {
  setState: () => undefined,
  getState: () => undefined,
  patch: () => undefined,
  teardown: () => undefined,
  handshake: () => undefined,
};

/** Bytes-wire snapshots the bare room's clients received (bench/bareRoom.ts), to show the wire ran. */
let snapshotsReceived = 0;

function player(room: Room): Player {
  if (!f['decode-state']) (room as unknown as { serializer: unknown }).serializer = IGNORE_STATE;
  room.onMessage('*', (type) => {
    if (type === SNAPSHOT) snapshotsReceived++;
  });
  room.onLeave(() => {
    if (!closing) disconnects++;
  });
  return {
    room,
    input: room.input<WireInput>(),
    heading: Math.random() * Math.PI * 2,
    move: { moveX: 0, moveY: 0, aim: 0, buttons: 0 },
    held: null,
  };
}

async function openMatch(target: Target, i: number): Promise<Player[]> {
  const host = await new Client(target.ws).create('match', {
    name: `H${i}`,
    pref: 'hunter',
    mode: 'custom',
    countdown: 0,
  });
  const players = [player(host)];
  for (let k = 1; k < 5; k++)
    players.push(
      player(await new Client(target.ws).joinById(host.roomId, { name: `E${i}.${k}`, pref: 'escort' })),
    );
  for (const p of players.slice(1)) p.room.send('ready', { ready: true });
  await wait(100);
  host.send('start');
  return players;
}

async function openBareRoom(ws: string): Promise<Player[]> {
  const first = await new Client(ws).create('bare');
  const players = [player(first)];
  for (let k = 1; k < 5; k++) players.push(player(await new Client(ws).joinById(first.roomId)));
  return players;
}

/**
 * One step of a player, like a person's: a wandering direction, the mouse
 * somewhere ahead, a button now and then. Sent as the game's client sends:
 * with {@link FRAME_MOVES} 2, every other step a frame of the move before and
 * this one.
 */
function play(p: Player): void {
  p.heading += (Math.random() - 0.5) * 0.3;
  const d = p.move;
  d.moveX = Math.cos(p.heading);
  d.moveY = Math.sin(p.heading);
  d.aim = p.heading + (Math.random() - 0.5);
  const r = Math.random();
  d.buttons = r < 0.02 ? 1 : r < 0.03 ? 2 : r < 0.035 ? 8 : 0;
  movesMade++;
  if (FRAME_MOVES === 2 && p.held === null) {
    p.held = { ...d };
    return;
  }
  if (p.held) stageFrame(p.input.data, p.held, d);
  else stageFrame(p.input.data, d);
  p.held = null;
  p.input.send();
  framesSent++;
}

/**
 * Drive every player at the step rate until the returned function is called:
 * the moves due by the clock, so a late timer (a busy load process) sends the
 * moves it owes at once rather than fewer of them (at most a few steps' worth).
 */
function drive(players: Player[]): () => void {
  const stepMs = 1000 / TICK_HZ;
  const t0 = performance.now();
  let done = 0;
  const loop = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / stepMs);
    // More than 4 steps behind: the rest are skipped (the load process cannot keep up; the summary says so).
    if (due - done > 4) done = due - 4;
    for (; done < due; done++) for (const p of players) if (p.room.connection.isOpen) play(p);
  }, stepMs / 2);
  return () => clearInterval(loop);
}

async function leaveAll(players: Player[]): Promise<void> {
  await Promise.all(players.map((p) => p.room.leave().catch(() => undefined)));
}

interface Figures {
  cpuMs: number;
  matchSeconds: number;
  seconds: number;
  stats: Record<string, number>[];
  movesPerSecPerClient: number;
  framesPerSecPerClient: number;
  /** Bytes-wire snapshots each bare-room client received a second (0 on the schema wire). */
  snapshotsPerSecPerClient: number;
  /** The redis-server's CPU over the same seconds (0 without Redis). */
  redisCpuMs: number;
  /** The game servers' JS threads' wakes over the same seconds (summed; NaN with --external). */
  wakes: number;
  /** The bare room's, measured over the same seconds (null: not run). */
  bare: { cpuMs: number; roomSeconds: number; wakes: number } | null;
}

/**
 * The game (M matches over the targets) and the bare room (M rooms), played
 * at the same time by this load process and measured over the same S
 * seconds: whatever else runs on the machine weighs on both alike.
 */
async function run(targets: Target[], bare: { port: number; child: ChildProcess } | null): Promise<Figures> {
  const players: Player[] = [];
  for (let i = 0; i < MATCHES; i++) players.push(...(await openMatch(targets[i % targets.length], i)));
  const barePlayers: Player[] = [];
  if (bare)
    for (let i = 0; i < MATCHES; i++)
      barePlayers.push(...(await openBareRoom(`ws://127.0.0.1:${bare.port}`)));
  const bareSteps = async (): Promise<number> =>
    bare
      ? ((await (await fetch(`http://127.0.0.1:${bare.port + 1}/bare-stats`)).json()) as { steps: number })
          .steps
      : 0;
  const halt = drive([...players, ...barePlayers]);
  await wait(2000);
  for (const t of targets) {
    const reset = await fetch(`${t.http}/stats/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    if (!reset.ok)
      fail(`/stats/reset answered ${reset.status}: start the server with ADMIN_PASSWORD set (the same here)`);
  }
  const steps0 = await bareSteps();
  const bareCpu0 = cpuMsOf(bare?.child.pid);
  const redisCpu0 = redis ? cpuMsOf(redis.child.pid) : 0;
  const cpu0 = targets.map((t) => cpuMsOf(t.child?.pid));
  const wakes0 = targets.map((t) => wakesOf(t.child?.pid));
  const bareWakes0 = wakesOf(bare?.child.pid);
  const moves0 = movesMade;
  const snapshots0 = snapshotsReceived;
  const frames0 = framesSent;
  const t0 = performance.now();
  await wait(SECONDS * 1000);
  const cpu1 = targets.map((t) => cpuMsOf(t.child?.pid));
  const wakes1 = targets.map((t) => wakesOf(t.child?.pid));
  const bareWakes1 = wakesOf(bare?.child.pid);
  const redisCpu1 = redis ? cpuMsOf(redis.child.pid) : 0;
  const bareCpu1 = cpuMsOf(bare?.child.pid);
  const seconds = (performance.now() - t0) / 1000;
  const steps1 = await bareSteps();
  const stats = await Promise.all(
    targets.map(async (t) => (await (await fetch(`${t.http}/stats`)).json()) as Record<string, number>),
  );
  const clients = players.length + barePlayers.length;
  const movesPerSecPerClient = (movesMade - moves0) / seconds / clients;
  const framesPerSecPerClient = (framesSent - frames0) / seconds / clients;
  const snapshotsPerSecPerClient = barePlayers.length
    ? (snapshotsReceived - snapshots0) / seconds / barePlayers.length
    : 0;
  halt();
  closing = true;
  await leaveAll([...players, ...barePlayers]);
  closing = false;
  const matchSeconds = stats.reduce((n, s) => n + s.steps, 0) / TICK_HZ;
  // With --external there is no pid: the server's own count of its CPU (process.cpuUsage) over the same window.
  const cpuMs = f.external
    ? stats.reduce((n, s) => n + s.cpuMsPerMatchSecond * (s.steps / TICK_HZ), 0)
    : cpu1.reduce((n, c, i) => n + c - cpu0[i], 0);
  return {
    cpuMs,
    matchSeconds,
    seconds,
    stats,
    movesPerSecPerClient,
    framesPerSecPerClient,
    snapshotsPerSecPerClient,
    redisCpuMs: redisCpu1 - redisCpu0,
    wakes: wakes1.reduce((n, w, i) => n + w - wakes0[i], 0),
    bare: bare
      ? {
          cpuMs: bareCpu1 - bareCpu0,
          roomSeconds: (steps1 - steps0) / TICK_HZ,
          wakes: bareWakes1 - bareWakes0,
        }
      : null,
  };
}

let redis: LocalRedis | null = null;
const targets: Target[] = [];
let bareServer: { port: number; child: ChildProcess } | null = null;
try {
  if (PROCESSES > 1 && !f['no-redis']) {
    const { startLocalRedis } = await import('../server/cluster/localRedis.js');
    redis = await startLocalRedis();
  }
  for (let i = 0; i < PROCESSES; i++) {
    const port = PORT + i;
    targets.push({
      http: `http://${HOST}:${port}`,
      ws: `ws://${HOST}:${port}`,
      child: f.external ? null : startGameServer(port, redis),
    });
  }
  if (BARE) {
    const port = PORT + PROCESSES + 10;
    bareServer = { port, child: startBareServer(port) };
  }
  for (const t of targets) await waitHealthy(t.http);
  if (bareServer) await waitListening(bareServer.port + 1);
  const game = await run(targets, bareServer);
  const bare = game.bare;

  const s = game.stats;
  const max = (k: string) => Math.max(...s.map((x) => x[k]));
  const sum = (k: string) => s.reduce((n, x) => n + x[k], 0);
  const cpuMsPerMatchSecond = game.cpuMs / game.matchSeconds;
  // The servers' own split of their CPU by thread (from /stats), weighted by the match-seconds each played.
  const perThread = (k: string) =>
    game.matchSeconds > 0
      ? s.reduce((n, x) => n + (x[k] ?? 0) * (x.steps / TICK_HZ), 0) / game.matchSeconds
      : 0;
  const cpuMsPerRoomSecond = bare ? bare.cpuMs / bare.roomSeconds : null;
  const result = {
    matches: MATCHES,
    processes: PROCESSES,
    redis: redis !== null,
    clients: MATCHES * 5,
    frameMoves: FRAME_MOVES,
    disconnects,
    p99StepMs: round(max('stepP99Ms'), 3),
    medianStepMs: round(max('stepMedianMs'), 3),
    meanStepMs: round(sum('stepMeanMs') / s.length, 3),
    // The room's copy of the world into the schema and views before each patch (not the encode).
    meanPatchSyncMs: round(sum('patchMeanMs') / s.length, 3),
    loopP99Ms: round(max('loopP99Ms'), 2),
    // All server processes together, % of one core.
    serverCpuPct: round((game.cpuMs / (game.seconds * 1000)) * 100, 1),
    // Per match playing at 30 steps a second: the servers' CPU whatever share of the machine they got.
    cpuMsPerMatchSecond: round(cpuMsPerMatchSecond, 2),
    cpuPctPerMatch: round(cpuMsPerMatchSecond / 10, 2),
    // Of it, by thread (as the servers count them): the JS thread, and the recording worker's.
    mainMsPerMatchSecond: round(perThread('mainMsPerMatchSecond'), 2),
    recorderMsPerMatchSecond: round(perThread('recorderMsPerMatchSecond'), 2),
    // The redis-server's CPU per match-second (not in the servers' figure; null without Redis).
    redisCpuMsPerMatchSecond: redis ? round(game.redisCpuMs / game.matchSeconds, 2) : null,
    cpuMsPerRoomSecond: cpuMsPerRoomSecond === null ? null : round(cpuMsPerRoomSecond, 2),
    barePatchesPerSecond: BARE ? BARE_PATCHES : null,
    bareWire: BARE ? BARE_WIRE : null,
    bareSnapshotsPerSecPerClient:
      BARE && BARE_WIRE === 'bytes' ? round(game.snapshotsPerSecPerClient, 1) : null,
    vsBareRoom: cpuMsPerRoomSecond === null ? null : round(cpuMsPerMatchSecond / cpuMsPerRoomSecond, 2),
    // How often each server's JS thread slept and was woken, a second (per process; bench:wakeup: what a wake costs).
    wakesPerSecPerProcess: Number.isNaN(game.wakes) ? null : round(game.wakes / game.seconds / PROCESSES, 0),
    bareWakesPerSec: bare ? round(bare.wakes / game.seconds, 0) : null,
    stepsPerSecPerMatch: round((game.matchSeconds * TICK_HZ) / game.seconds / MATCHES, 1),
    patchesPerSecPerMatch: round(sum('patches') / game.seconds / MATCHES, 1),
    movesPerSecPerClient: round(game.movesPerSecPerClient, 1),
    framesPerSecPerClient: round(game.framesPerSecPerClient, 1),
    // Matches each server process played (Colyseus placed them).
    matchesPerProcess: s.map((x) => round(x.steps / TICK_HZ / game.seconds, 1)),
    seconds: SECONDS,
  };
  const ok = result.disconnects === 0 && result.p99StepMs <= 2 && result.loopP99Ms <= 15;
  // A starved server (another process on the cores) sends fewer patches a step, and so costs less a step.
  const starved = result.patchesPerSecPerMatch < 19 || result.movesPerSecPerClient < 28;
  const where =
    PROCESSES === 1
      ? 'one server process'
      : redis
        ? `${PROCESSES} server processes sharing them through Redis`
        : `${PROCESSES} server processes without Redis, each match on one of them (the control)`;
  process.stdout.write(
    [
      `${MATCHES} matches × 5 clients for ${SECONDS} s against ${where}:`,
      `  unexpected disconnects ${result.disconnects}`,
      `  match step median ${result.medianStepMs} ms, mean ${result.meanStepMs} ms, p99 ${result.p99StepMs} ms; state copy per patch mean ${result.meanPatchSyncMs} ms`,
      `  event-loop delay p99 ${result.loopP99Ms} ms; server CPU ${result.serverCpuPct} % of one core (server processes only, from /proc)`,
      `  ${result.cpuMsPerMatchSecond} ms of server CPU per second of match (${result.cpuPctPerMatch} % of a core per match → about ${Math.floor(100 / result.cpuPctPerMatch)} matches per core); target ≤ 5`,
      `    of which the JS thread ${result.mainMsPerMatchSecond} ms, the recording worker ${result.recorderMsPerMatchSecond} ms, the rest Node's other threads (GC, I/O) and the kernel's time for them`,
      result.wakesPerSecPerProcess !== null
        ? `    the JS thread slept and woke ${result.wakesPerSecPerProcess} times a second${PROCESSES > 1 ? ' per process' : ''}${result.bareWakesPerSec !== null ? ` (the bare room's ${result.bareWakesPerSec})` : ''}; npm run bench:wakeup says what a wake costs on this machine`
        : '',
      bare
        ? `  bare Colyseus room beside it, same clients and sends, no game logic${BARE_PATCHES === 20 ? '' : `, ${BARE_PATCHES} patches a second`}${BARE_WIRE === 'bytes' ? ', one packed snapshot per kind of eyes instead of schema patches' : ''}: ${result.cpuMsPerRoomSecond} ms per room-second → the game is ${result.vsBareRoom}× the bare room (target ≤ 1.15)`
        : '  bare room not run',
      result.bareSnapshotsPerSecPerClient !== null
        ? `  each bare-room client received ${result.bareSnapshotsPerSecPerClient} snapshots/s (20 wanted)`
        : '',
      `  ${result.stepsPerSecPerMatch} steps/s per match (30 wanted), ${result.patchesPerSecPerMatch} patches/s (20 wanted)`,
      `  this load process made ${result.movesPerSecPerClient} moves/s per client (30 wanted), sent as ${result.framesPerSecPerClient} frames/s (${FRAME_MOVES === 2 ? '15' : '30'} wanted)`,
      PROCESSES > 1 ? `  matches per process: ${result.matchesPerProcess.join(', ')}` : '',
      redis
        ? `  redis-server beside them: ${result.redisCpuMsPerMatchSecond} ms of CPU per second of match (not in the figure above)`
        : '',
      `  targets (0 disconnects, p99 step ≤ 2 ms, loop p99 ≤ 15 ms): ${ok ? 'met' : 'NOT met'}`,
      starved
        ? '  CAUTION: fewer patches or moves than wanted — the cores were short (this load process, or another); the CPU figures are low'
        : '',
      '',
    ]
      .filter((line, i, all) => line !== '' || i === all.length - 1)
      .join('\n'),
  );
  if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  closing = true;
  await Promise.all([...targets.map((t) => stop(t.child)), stop(bareServer?.child ?? null)]);
  await redis?.stop();
}
process.exit(0);
