/**
 * npm run bench:load -- [--matches M] [--seconds S] [--port P] [--external [--host H]] [--profile DIR] [--json]
 *
 * One server process (started here as a child, as `npm start` would run it)
 * and this separate load process: M matches × 5 real SDK clients, each
 * sending 30 inputs a second like a player (wandering, aiming, now and then
 * a strike, a sprint, an interaction). The server's own figures come from its
 * `/stats` route: match step time, event-loop delay, CPU. With `--external`
 * no server is started: the load goes to one already running on --host
 * (default 127.0.0.1, e.g. another machine) and --port, started with
 * DEV_OPTIONS=1, ADMIN_PASSWORD (also set here, for `/stats/reset`) and
 * per-address limits raised (docs/HOSTING.md). With `--profile DIR` the server runs under
 * `node --cpu-prof` and writes its profile into DIR when it stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client, type Room } from '@colyseus/sdk';
import { fail, flags, intFlag } from '../scripts/cli.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import type { PlayerInput } from '../shared/sim/types.js';
import { round } from './stats.js';

const f = flags({
  matches: { type: 'string' },
  seconds: { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  external: { type: 'boolean', default: false },
  profile: { type: 'string' },
  host: { type: 'string' },
});
const MATCHES = intFlag('matches', f.matches, 100, 1, 1000);
const SECONDS = intFlag('seconds', f.seconds, 60, 1, 3600);
const PORT = intFlag('port', f.port, 2650, 1, 65535);
if (f.host !== undefined && !f.external)
  fail('--host needs --external (this benchmark starts its own server on 127.0.0.1)');
const HOST = f.host ?? '127.0.0.1';
const base = `http://${HOST}:${PORT}`;
/** The admin password `/stats/reset` needs: ours for the server we start, the environment's for --external. */
const ADMIN = f.external ? (process.env.ADMIN_PASSWORD ?? '') : randomBytes(16).toString('hex');
const url = `ws://${HOST}:${PORT}`;

function startServer(): ChildProcess {
  const prof = f.profile ? ['--cpu-prof', `--cpu-prof-dir=${f.profile}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      // Every load client comes from 127.0.0.1: lift the per-address limits a real server keeps.
      ...settingsEnv(ONE_ADDRESS),
      ADMIN_PASSWORD: ADMIN,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DEV_OPTIONS: '1',
      MAX_SPECTATORS: '0',
      MATCH_SECONDS: '3600',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`server exited with code ${code}\n`);
  });
  return child;
}

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

interface Player {
  room: Room;
  input: { data: PlayerInput; send(): number };
  heading: number;
}

let disconnects = 0;
/** Inputs sent, to check that this process kept up its 30 a second per client. */
let inputsSent = 0;
let closing = false;

async function openMatch(i: number): Promise<Player[]> {
  const host = await new Client(url).create('match', {
    name: `H${i}`,
    pref: 'hunter',
    mode: 'custom',
    countdown: 0,
  });
  const rooms = [host];
  for (let k = 1; k < 5; k++)
    rooms.push(await new Client(url).joinById(host.roomId, { name: `E${i}.${k}`, pref: 'escort' }));
  for (const r of rooms.slice(1)) r.send('ready', { ready: true });
  await new Promise((r) => setTimeout(r, 100));
  host.send('start');
  return rooms.map((room) => {
    room.onMessage('*', () => undefined);
    room.onLeave(() => {
      if (!closing) disconnects++;
    });
    return { room, input: room.input<PlayerInput>(), heading: Math.random() * Math.PI * 2 };
  });
}

/** One input like a person's: a wandering direction, the mouse somewhere ahead, a button now and then. */
function play(p: Player): void {
  p.heading += (Math.random() - 0.5) * 0.3;
  const d = p.input.data;
  d.moveX = Math.cos(p.heading);
  d.moveY = Math.sin(p.heading);
  d.aim = p.heading + (Math.random() - 0.5);
  const r = Math.random();
  d.buttons = r < 0.02 ? 1 : r < 0.03 ? 2 : r < 0.035 ? 8 : 0;
  p.input.send();
  inputsSent++;
}

const server = f.external ? null : startServer();
try {
  await waitHealthy();
  const players: Player[] = [];
  for (let i = 0; i < MATCHES; i++) players.push(...(await openMatch(i)));
  const loop = setInterval(() => {
    for (const p of players) if (p.room.connection.isOpen) play(p);
  }, 1000 / 30);
  await new Promise((r) => setTimeout(r, 2000));
  const reset = await fetch(`${base}/stats/reset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  if (!reset.ok)
    fail(`/stats/reset answered ${reset.status}: start the server with ADMIN_PASSWORD set (the same here)`);
  const sentBefore = inputsSent;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const stats = (await (await fetch(`${base}/stats`)).json()) as Record<string, number>;
  const inputRate = (inputsSent - sentBefore) / stats.seconds / players.length;
  clearInterval(loop);
  closing = true;
  await Promise.all(players.map((p) => p.room.leave().catch(() => undefined)));
  const result = {
    matches: MATCHES,
    clients: players.length,
    disconnects,
    p99StepMs: round(stats.stepP99Ms, 3),
    medianStepMs: round(stats.stepMedianMs, 3),
    meanStepMs: round(stats.stepMeanMs, 3),
    // The room's copy of the world into the schema and views before each patch (not the encode).
    meanPatchSyncMs: round(stats.patchMeanMs, 3),
    loopP99Ms: round(stats.loopP99Ms, 2),
    serverCpuPct: round(stats.cpuPct, 1),
    // Per match playing at 30 steps a second: the server's CPU whatever share of the machine it got.
    cpuPctPerMatch: round(stats.cpuMsPerMatchSecond / 10, 2),
    stepsPerSecPerMatch: round(stats.steps / stats.seconds / MATCHES, 1),
    patchesPerSecPerMatch: round(stats.patches / stats.seconds / MATCHES, 1),
    inputsPerSecPerClient: round(inputRate, 1),
    seconds: SECONDS,
  };
  const ok = result.disconnects === 0 && result.p99StepMs <= 2 && result.loopP99Ms <= 15;
  process.stdout.write(
    [
      `${MATCHES} matches × 5 clients for ${SECONDS} s against one server process:`,
      `  unexpected disconnects ${result.disconnects}`,
      `  match step median ${result.medianStepMs} ms, mean ${result.meanStepMs} ms, p99 ${result.p99StepMs} ms; state copy per patch mean ${result.meanPatchSyncMs} ms`,
      `  event-loop delay p99 ${result.loopP99Ms} ms; server CPU ${result.serverCpuPct} % of one core`,
      `  ${result.stepsPerSecPerMatch} steps/s per match (30 wanted); ${result.cpuPctPerMatch} % of a core per match → about ${Math.floor(100 / result.cpuPctPerMatch)} matches per core`,
      `  ${result.patchesPerSecPerMatch} patches/s per match (20 wanted); this load process sent ${result.inputsPerSecPerClient} inputs/s per client (30 wanted)`,
      `  targets (0 disconnects, p99 step ≤ 2 ms, loop p99 ≤ 15 ms): ${ok ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
  if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  if (server && server.exitCode === null) {
    // Wait for it: a profiled server writes its profile on the way out.
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 15_000))]);
  }
}
process.exit(0);
