/**
 * npm run bench:hostile -- [--matches M] [--connections C] [--frames N] [--seconds S] [--port P] [--seed X] [--json]
 *
 * Does a hostile crowd hurt anyone else? One server process (a child, as
 * `npm start` runs it, with DEV_OPTIONS=1 and generous per-address limits:
 * everything here comes from 127.0.0.1) and this load process. M normal
 * matches (default 20), each one real SDK player sending 30 inputs a second
 * in a quick or custom match that bots fill; their step time is measured
 * from the server's `/stats` for a few seconds; then C hostile connections
 * (default 50) — spectators of those matches (in their watch rooms), players
 * of them, and hosts of rooms of their own — send N frames (default 10,000) over about S seconds
 * (default 20) drawn from the fuzzer's generators (bench/hostileFrames.ts),
 * in bursts, each connection replaced by a fresh one when the server drops
 * it; and the matches are measured again.
 *
 * Prints a summary and, last, one line of JSON:
 *  - crashes: the server process exited by itself (must be 0);
 *  - hangs: times `/health` did not answer within 2 s (0);
 *  - offendersDroppedP99Ms: for each hostile connection that sent a frame
 *    that must get it dropped (an unused protocol code or modifier bit, the
 *    "*" message type, an undecodable payload or input, a frame over 4 KiB —
 *    `expectation()` in bench/hostileFrames.ts), the time from its first such
 *    frame to its socket's close; p99 (≤ 1000). A connection never dropped
 *    counts with the time it was watched (a lower bound), and is counted in
 *    offendersNotDropped;
 *  - canaryStepP99DeltaMs: the server's step p99 during the attack minus
 *    before (≤ 1);
 *  - rssDeltaMb: the server's resident memory a few seconds after the attack
 *    minus before it (≤ 50);
 *  - logBytes: bytes the server wrote to stdout and stderr during the attack
 *    (≤ 1 MB).
 * With --json only that line is printed. The exit code is 0 when every
 * target is met, 1 otherwise; a bad flag prints one line and exits with 2.
 */

import { randomBytes } from 'node:crypto';
import { Client, type Room } from '@colyseus/sdk';
import { flags, intFlag } from '../scripts/cli.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import type { PlayerInput } from '../shared/sim/types.js';
import { connect, getJson, quantileOf, type RawConn, ServerChild, waitHealthy } from './hostileClient.js';
import {
  expectation,
  type Frame,
  hex,
  hostileFrame,
  type MatchMethod,
  Rng,
  seedOf,
} from './hostileFrames.js';
import { round } from './stats.js';

const f = flags({
  matches: { type: 'string' },
  connections: { type: 'string' },
  frames: { type: 'string' },
  seconds: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean', default: false },
});
const MATCHES = intFlag('matches', f.matches, 20, 1, 200);
const CONNECTIONS = intFlag('connections', f.connections, 50, 1, 1000);
const FRAMES = intFlag('frames', f.frames, 10_000, 1, 1_000_000);
const SECONDS = intFlag('seconds', f.seconds, 20, 1, 600);
const PORT = intFlag('port', f.port, 2660, 1, 65535);
const SEED = intFlag('seed', f.seed, randomBytes(4).readUInt32LE(0) >>> 1, 0, 0x7fffffff);
const JSON_ONLY = f.json;

const BASE = `http://127.0.0.1:${PORT}`;
const WS = `ws://127.0.0.1:${PORT}`;
/** Frames a hostile connection sends at once, and the pause between its bursts. */
const BURST = 8;
const BURST_PAUSE_MS = 40;
/** Seconds of each measuring window (before, and the least of the attack's). */
const WINDOW_SECONDS = 5;
/** The longest the attack may run; it stops by itself. */
const ATTACK_MAX_MS = SECONDS * 1000 + 60_000;
let attackStart = 0;
/** Frames the attack may have sent by now: N spread over S seconds. */
const allowed = () => (FRAMES * (performance.now() - attackStart)) / (SECONDS * 1000);
/** How long a connection that must be dropped is watched for its close after its last frame. */
const DROP_WATCH_MS = 3000;
const TARGETS = { offendersDroppedP99Ms: 1000, canaryStepP99DeltaMs: 1, rssDeltaMb: 50, logBytes: 1_000_000 };

const say = (text: string) => {
  if (!JSON_ONLY) process.stdout.write(`${text}\n`);
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ─── The server ──────────────────────────────────────────────────────────────

const ADMIN = randomBytes(16).toString('hex');
/** Loopback is one address: the per-address limits are lifted (see ONE_ADDRESS). */
const limits = settingsEnv(ONE_ADDRESS);
const server = new ServerChild({
  ...limits,
  MAX_SPECTATORS: '1000',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  DEV_OPTIONS: '1',
  MATCH_SECONDS: '3600',
  ADMIN_PASSWORD: ADMIN,
  SERVER_PASSWORD: undefined, // never the caller's: an open server (an empty one is refused)
});

/** `/stats` (the server's step times since the last reset). */
const stats = () => getJson<Record<string, number>>(`${BASE}/stats`, 5000);
const resetStats = () =>
  fetch(`${BASE}/stats/reset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
    signal: AbortSignal.timeout(5000),
  }).then(
    (r) => r.ok,
    () => false,
  );

/** Polls `/health` every half second: a miss of 2 s is a hang. */
let hangs = 0;
let healthChecks = 0;
let healthMaxMs = 0;
let missed = 0;
let hung = false;
let watching = true;
async function watchHealth(): Promise<void> {
  while (watching && !server.crashed) {
    const t0 = performance.now();
    const ok = await getJson(`${BASE}/health`, 2000);
    const ms = performance.now() - t0;
    healthChecks++;
    if (!ok && !server.crashed && watching) {
      hangs++;
      // Ten seconds without an answer: the server is stuck; stop attacking it.
      if (++missed >= 4) {
        hung = true;
        attackOver = true;
      }
    } else {
      missed = 0;
      healthMaxMs = Math.max(healthMaxMs, ms);
    }
    await sleep(500);
  }
}

// ─── Normal matches ──────────────────────────────────────────────────────────

interface Player {
  room: Room;
  input: { data: PlayerInput; send(): number };
  heading: number;
  lastPatch: number;
  maxGap: number;
  left: number | null;
}
const players: Player[] = [];
let closing = false;

async function openMatch(i: number): Promise<Player> {
  const quick = i % 2 === 1;
  const room = await new Client(WS).create('match', {
    name: `Normal ${i}`,
    pref: i % 4 < 2 ? 'escort' : 'hunter',
    mode: quick ? 'quick' : 'custom',
    countdown: quick ? 1 : 0,
  });
  room.reconnection.enabled = false;
  room.onMessage('*', () => undefined);
  const p: Player = {
    room,
    input: room.input<PlayerInput>(),
    heading: Math.random() * 6.28,
    lastPatch: 0,
    maxGap: 0,
    left: null,
  };
  room.onStateChange(() => {
    const now = performance.now();
    if (p.lastPatch > 0) p.maxGap = Math.max(p.maxGap, now - p.lastPatch);
    p.lastPatch = now;
  });
  room.onLeave((code: number) => {
    if (!closing) p.left = code;
  });
  if (!quick) room.send('start');
  return p;
}

function play(p: Player): void {
  p.heading += (Math.random() - 0.5) * 0.3;
  const d = p.input.data;
  d.moveX = Math.cos(p.heading);
  d.moveY = Math.sin(p.heading);
  d.aim = p.heading;
  d.buttons = Math.random() < 0.02 ? 1 : 0;
  p.input.send();
}

/** The largest gap between two patches of any normal player since the last call. */
function patchGaps(): number {
  const now = performance.now();
  let max = 0;
  for (const p of players) {
    if (p.left !== null) continue;
    max = Math.max(max, p.maxGap, now - p.lastPatch);
    p.maxGap = 0;
  }
  return max;
}

// ─── Hostile connections ─────────────────────────────────────────────────────

interface Offender {
  firstDropAt: number;
  firstDrop: string;
  closedAt: number | null;
  code: number | null;
  watchedMs: number;
}
const offenders: Offender[] = [];
const closeCodes = new Map<string, number>();
const refusals = new Map<string, number>();
const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
let framesSent = 0;
let connectionsOpened = 0;
let attackOver = false;
/** The last frames sent (for a crash report). */
const recent: Array<{ at: number; conn: number; frame: Frame }> = [];

/** A hostile connection, and whether its room reads input frames (a watch room does not). */
interface Hostile {
  conn: RawConn;
  room: { input: boolean };
}

async function openHostile(rng: Rng): Promise<Hostile | null> {
  const room = players[rng.int(0, players.length - 1)]?.room.roomId ?? 'none';
  const name = `H${rng.int(0, 9999)}`;
  const watch = ['joinOrCreate', 'watch', { name, match: room }] as const;
  const pick = rng.weighted<readonly [MatchMethod, string, Record<string, unknown>]>([
    [5, watch],
    [2, ['joinById', room, { name, pref: rng.pick(['hunter', 'escort', 'any']) }]],
    [3, ['create', 'match', { name, mode: 'custom', police: 0, civilians: 0, bots: false }]],
  ]);
  const r = await connect(BASE, WS, pick[0], pick[1], pick[2], { timeoutMs: 5000 });
  if (r.conn) return { conn: r.conn, room: { input: pick !== watch } };
  const what = pick === watch ? 'watcher' : pick[2].pref ? 'player' : 'own room';
  count(
    refusals,
    `${what}: ${r.refused.status || ''} ${r.refused.code ?? ''} ${r.refused.error.slice(0, 50)}`.trim(),
  );
  if (pick[2].pref) {
    // No seat to take: watch instead.
    const s = await connect(BASE, WS, watch[0], watch[1], watch[2], { timeoutMs: 5000 });
    if (s.conn) return { conn: s.conn, room: { input: false } };
  }
  return null;
}

async function hostileWorker(k: number): Promise<void> {
  const rng = new Rng(seedOf(`${SEED}:hostile:${k}`));
  while (framesSent < FRAMES && !attackOver && !server.crashed) {
    const hostile = await openHostile(rng);
    if (!hostile) {
      await sleep(100);
      continue;
    }
    const conn = hostile.conn;
    const id = ++connectionsOpened;
    let offender: Offender | null = null;
    let lastSend = performance.now();
    while (conn.isOpen && framesSent < FRAMES && !attackOver && !server.crashed) {
      while (framesSent + BURST > allowed() && framesSent < FRAMES && !attackOver) await sleep(20);
      for (let i = 0; i < BURST && framesSent < FRAMES; i++) {
        const frame = hostileFrame(rng);
        if (!conn.send(frame.bytes)) break;
        framesSent++;
        lastSend = performance.now();
        recent.push({ at: lastSend, conn: id, frame });
        if (recent.length > 40) recent.shift();
        if (!offender && expectation(frame.bytes, hostile.room) === 'drop') {
          offender = {
            firstDropAt: lastSend,
            firstDrop: frame.kind,
            closedAt: null,
            code: null,
            watchedMs: 0,
          };
          offenders.push(offender);
        }
      }
      await sleep(BURST_PAUSE_MS);
    }
    // A connection that must be dropped is given its time; any other one leaves.
    if (offender) {
      const wait = Math.max(0, DROP_WATCH_MS - (performance.now() - lastSend));
      const closed = await conn.closedWithin(wait);
      offender.watchedMs = performance.now() - offender.firstDropAt;
      // 1006: the connection was lost (the server died), not dropped.
      if (closed && closed.code !== 1006) {
        offender.closedAt = closed.at;
        offender.code = closed.code;
      }
    }
    if (conn.isOpen) {
      conn.leave();
      await conn.closedWithin(1000);
      conn.abort();
    }
    count(closeCodes, conn.closeInfo ? String(conn.closeInfo.code) : 'open');
  }
}

// ─── The run ─────────────────────────────────────────────────────────────────

interface Window {
  stepP99Ms: number;
  stepMedianMs: number;
  steps: number;
  loopP99Ms: number;
  cpuPct: number;
  patchGapMs: number;
  seconds: number;
}

async function measure(seconds: number, during?: () => Promise<void>): Promise<Window | null> {
  if (!(await resetStats())) return null;
  patchGaps();
  const t0 = performance.now();
  await Promise.all([sleep(seconds * 1000), during?.()]);
  const s = await stats();
  if (!s) return null;
  return {
    stepP99Ms: s.stepP99Ms,
    stepMedianMs: s.stepMedianMs,
    steps: s.steps,
    loopP99Ms: s.loopP99Ms,
    cpuPct: s.cpuPct,
    patchGapMs: patchGaps(),
    seconds: (performance.now() - t0) / 1000,
  };
}

let exitCode = 0;
const inputTimer = setInterval(() => {
  for (const p of players) if (p.left === null && p.room.connection.isOpen) play(p);
}, 1000 / 30);
try {
  say(
    `hostile benchmark: seed ${SEED}, ${MATCHES} matches, ${CONNECTIONS} hostile connections, ${FRAMES} frames`,
  );
  say(
    `  server limits from the environment: ${
      Object.entries(limits)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none found)'
    }`,
  );
  if (!(await waitHealthy(BASE, 30_000, () => !server.crashed))) throw new Error('the server did not start');
  const health = watchHealth();
  for (let i = 0; i < MATCHES; i++) players.push(await openMatch(i));
  await sleep(3000); // quick matches count down, everyone starts playing
  const rssBefore = await server.rssMb();
  const before = await measure(WINDOW_SECONDS);
  const logBefore = server.outBytes;
  attackStart = performance.now();
  const during = await measure(WINDOW_SECONDS, async () => {
    const deadline = setTimeout(() => {
      attackOver = true;
    }, ATTACK_MAX_MS);
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, k) => hostileWorker(k)));
    clearTimeout(deadline);
  });
  const attackSeconds = (performance.now() - attackStart) / 1000;
  await sleep(1000); // the last drops and their log lines
  const logBytes = server.outBytes - logBefore;
  const rssRightAfter = await server.rssMb();
  await sleep(4000); // what stays
  const rssAfter = await server.rssMb();
  watching = false;
  await health;
  const crashed = server.crashed;

  const drops = offenders.map((o) => (o.closedAt !== null ? o.closedAt - o.firstDropAt : o.watchedMs));
  const notDropped = offenders.filter((o) => o.closedAt === null).length;
  const notDroppedKinds = new Map<string, number>();
  for (const o of offenders)
    if (o.closedAt === null) count(notDroppedKinds, o.firstDrop.split(':').slice(0, 2).join(':'));
  const normalLeft = players.filter((p) => p.left !== null).map((p) => p.left);
  const result = {
    crashes: crashed ? 1 : 0,
    hangs,
    offendersDroppedP99Ms: drops.length ? round(quantileOf(drops, 0.99), 1) : 0,
    canaryStepP99DeltaMs: before && during ? round(during.stepP99Ms - before.stepP99Ms, 3) : null,
    rssDeltaMb: round(rssAfter - rssBefore, 1),
    logBytes,
    offenders: offenders.length,
    offendersNotDropped: notDropped,
    framesSent,
    connections: connectionsOpened,
    normalPlayersDisconnected: normalLeft.length,
    stepP99BeforeMs: before ? round(before.stepP99Ms, 3) : null,
    stepP99DuringMs: during ? round(during.stepP99Ms, 3) : null,
    patchGapBeforeMs: before ? Math.round(before.patchGapMs) : null,
    patchGapDuringMs: during ? Math.round(during.patchGapMs) : null,
    attackSeconds: round(attackSeconds, 1),
    seed: SEED,
  };
  const met =
    result.crashes === 0 &&
    result.hangs === 0 &&
    result.offendersDroppedP99Ms <= TARGETS.offendersDroppedP99Ms &&
    result.canaryStepP99DeltaMs !== null &&
    result.canaryStepP99DeltaMs <= TARGETS.canaryStepP99DeltaMs &&
    result.rssDeltaMb <= TARGETS.rssDeltaMb &&
    result.logBytes <= TARGETS.logBytes;
  exitCode = met ? 0 : 1;
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ') || '-';
  const lines = [
    `${MATCHES} normal matches (one SDK player each, 30 inputs/s, bots) and ${CONNECTIONS} hostile connections:`,
    `  before: step p99 ${before ? round(before.stepP99Ms, 3) : '?'} ms (median ${before ? round(before.stepMedianMs, 3) : '?'} ms), loop p99 ${before ? round(before.loopP99Ms, 1) : '?'} ms, largest patch gap ${result.patchGapBeforeMs} ms`,
    `  attack: ${framesSent} frames from ${connectionsOpened} connections in ${round(attackSeconds, 1)} s; their ends: ${fmt(closeCodes)}`,
    `  during: step p99 ${during ? round(during.stepP99Ms, 3) : '?'} ms (median ${during ? round(during.stepMedianMs, 3) : '?'} ms), loop p99 ${during ? round(during.loopP99Ms, 1) : '?'} ms, largest patch gap ${result.patchGapDuringMs} ms, server CPU ${during ? round(during.cpuPct, 0) : '?'} %`,
    `  offenders (sent a frame that must get them dropped): ${offenders.length}; dropped p50 ${round(quantileOf(drops, 0.5), 1)} ms, p99 ${result.offendersDroppedP99Ms} ms; never dropped ${notDropped}${notDropped ? ` (first such frame: ${fmt(notDroppedKinds)})` : ''}`,
    `  matchmaking refusals: ${fmt(refusals)}`,
    `  normal players disconnected: ${normalLeft.length ? normalLeft.join(', ') : 0}; /health: ${healthChecks} checks, ${hangs} over 2 s, slowest ${Math.round(healthMaxMs)} ms`,
    ...(hung ? ['  the server stopped answering /health for 10 s: the attack was stopped'] : []),
    `  server: rss ${round(rssBefore, 1)} MB before, ${round(rssRightAfter, 1)} MB right after, ${round(rssAfter, 1)} MB 5 s later; wrote ${logBytes} bytes of log during the attack${crashed ? `; EXITED with ${server.exitCode ?? ''}${server.exitSignal ?? ''}` : ''}`,
    `  targets (crashes 0, hangs 0, drop p99 ≤ ${TARGETS.offendersDroppedP99Ms} ms, step p99 delta ≤ ${TARGETS.canaryStepP99DeltaMs} ms, rss delta ≤ ${TARGETS.rssDeltaMb} MB, log ≤ ${TARGETS.logBytes} bytes): ${met ? 'met' : 'NOT met'}`,
  ];
  if (crashed) {
    lines.push('  the last frames sent before the server exited (newest last):');
    for (const r of recent.slice(-12))
      lines.push(
        `    ${round((r.at - server.exitedAt) / 1000, 3)} s, connection ${r.conn}: ${r.frame.kind} ${hex(r.frame.bytes, 40)}`,
      );
    lines.push('  its last lines:', ...server.tail.slice(-8).map((l) => `    ${l}`));
    if (server.errors.length)
      lines.push('  errors it reported:', ...server.errors.slice(0, 12).map((l) => `    ${l}`));
  }
  say(lines.join('\n'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (e) {
  exitCode = 1;
  process.stderr.write(`hostile benchmark failed: ${(e as Error).stack ?? e}\n`);
  if (server.crashed)
    process.stderr.write(
      `the server exited (${server.exitCode}); its last lines:\n${server.tail.slice(-10).join('\n')}\n`,
    );
  process.stdout.write(
    `${JSON.stringify({ crashes: server.crashed ? 1 : 0, hangs, framesSent, error: (e as Error).message, seed: SEED })}\n`,
  );
} finally {
  clearInterval(inputTimer);
  attackOver = true;
  watching = false;
  closing = true;
  await Promise.all(players.map((p) => (p.room.connection.isOpen ? p.room.leave().catch(() => 0) : 0)));
  await server.stop();
}
process.exit(exitCode);
