/**
 * npm run soak -- [--minutes M] [--clients N] [--port P] [--seed S] [--json]
 *
 * A long churn against one server process (a child, as `npm start` runs it,
 * with generous per-address limits since everything here comes from
 * 127.0.0.1; short countdowns, matches and reconnection holds so that rooms
 * are born, played, ended and disposed many times over). About N clients
 * (default 24) at a time, each one of:
 *  - a quick-play player (SDK) who plays a while, then leaves, or drops
 *    without a goodbye (closes the socket), or drops and reconnects with its
 *    token;
 *  - the host of a custom room with guests, who start and play;
 *  - a spectator of some live match (in its watch room, reading the records);
 *  - a hostile client sending the fuzzer's frames (bench/hostileFrames.ts)
 *    to a live match or a room of its own until it is dropped;
 *  - a flake that reserves a seat and never comes, or closes its socket
 *    before the join completes.
 * The first quarter (at most 5 min) is a warm-up; then everyone leaves and the baseline is
 * taken (rooms, clients, resident memory, open file descriptors); then the
 * churn runs for the rest of the time; then everyone leaves again and the
 * server must be back at the baseline: the same rooms and clients (none),
 * resident memory within 5 %. The server's `/stats` does not expose timers
 * or handles; open file descriptors (/proc/<pid>/fd) stand in for sockets.
 *
 * Prints progress, a summary and, last, one line of JSON. Exit code 0 when
 * the server held (no crash, no hang, back to the baseline), 1 otherwise; a
 * bad flag prints one line and exits with 2. Not part of `npm test`.
 */

import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Client, type Room } from '@colyseus/sdk';
import { connect, getJson, RawConn, reserve, ServerChild, waitHealthy } from '../bench/hostileClient.js';
import { hostileFrame, Rng, seedOf, validFrame } from '../bench/hostileFrames.js';
import { round } from '../bench/stats.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import type { PlayerInput } from '../shared/sim/types.js';
import { flags, intFlag } from './cli.js';

const f = flags({
  minutes: { type: 'string' },
  clients: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean', default: false },
});
const MINUTES = intFlag('minutes', f.minutes, 30, 1, 24 * 60);
const CLIENTS = intFlag('clients', f.clients, 24, 1, 500);
const PORT = intFlag('port', f.port, 2670, 1, 65535);
const SEED = intFlag('seed', f.seed, randomBytes(4).readUInt32LE(0) >>> 1, 0, 0x7fffffff);
const JSON_ONLY = f.json;

const BASE = `http://127.0.0.1:${PORT}`;
const WS = `ws://127.0.0.1:${PORT}`;
const TOTAL_MS = MINUTES * 60_000;
/** Warm-up: a quarter of the run (the heap grows to its working size), at least 15 s, at most 5 min. */
const WARMUP_MS = Math.max(15_000, Math.min(TOTAL_MS / 4, 5 * 60_000));
/** The longest everyone may take to leave and the rooms to close, each time. */
const SETTLE_MS = 60_000;
const TARGET_RSS_GROWTH_PCT = 5;

const say = (text: string) => {
  if (!JSON_ONLY) process.stdout.write(`${text}\n`);
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Loopback is one address: the per-address limits are lifted (see ONE_ADDRESS). */
const limits = settingsEnv(ONE_ADDRESS);
const server = new ServerChild({
  ...limits,
  MAX_SPECTATORS: '1000',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  COUNTDOWN: '2',
  MATCH_SECONDS: '45',
  RECONNECT_SECONDS: '4',
  SERVER_PASSWORD: undefined, // never the caller's: an open server (an empty one is refused)
});

// ─── Tallies ─────────────────────────────────────────────────────────────────

const tally = new Map<string, number>();
const count = (k: string, by = 1) => tally.set(k, (tally.get(k) ?? 0) + by);
/** Rooms the actors know of, to watch or to attack. */
const liveRooms = new Set<string>();
let stopping = false;
/** Every SDK room an actor has open (closed when everyone leaves). */
const openRooms = new Set<Room>();
const openConns = new Set<RawConn>();

function track(room: Room): Room {
  room.reconnection.enabled = false;
  room.onMessage('*', () => undefined);
  room.onError(() => undefined);
  openRooms.add(room);
  room.onLeave(() => openRooms.delete(room));
  return room;
}

function playFor(room: Room, ms: number, rng: Rng): Promise<void> {
  const input = room.input<PlayerInput>();
  let heading = rng.float() * 6.28;
  const end = performance.now() + ms;
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (stopping || performance.now() > end || !room.connection.isOpen) {
        clearInterval(t);
        resolve();
        return;
      }
      heading += (rng.float() - 0.5) * 0.3;
      input.data.moveX = Math.cos(heading);
      input.data.moveY = Math.sin(heading);
      input.data.aim = heading;
      input.data.buttons = rng.chance(0.02) ? 1 : 0;
      input.send();
    }, 1000 / 30);
  });
}

async function leave(room: Room): Promise<void> {
  if (!room.connection.isOpen) return;
  await Promise.race([room.leave().catch(() => 0), sleep(3000)]);
}

/** How a player ends: a goodbye, a closed socket, or a closed socket and a reconnection with its token. */
async function end(room: Room, rng: Rng, client: Client): Promise<void> {
  const r = rng.float();
  if (r < 0.6 || stopping) {
    count('leave');
    return leave(room);
  }
  count('drop');
  const token = room.reconnectionToken;
  room.connection.close();
  if (r < 0.8) return;
  await sleep(rng.int(300, 3000));
  if (stopping) return;
  try {
    const again = track(await client.reconnect(token));
    count('reconnect');
    await playFor(again, rng.int(1000, 5000), rng);
    await leave(again);
  } catch {
    count('reconnect refused');
  }
}

// ─── Actors ──────────────────────────────────────────────────────────────────

async function quickPlayer(rng: Rng): Promise<void> {
  const client = new Client(WS);
  const room = track(
    await client.joinOrCreate('match', {
      name: `Q${rng.int(0, 999)}`,
      pref: rng.pick(['hunter', 'escort', 'any']),
    }),
  );
  count('quick join');
  liveRooms.add(room.roomId);
  await playFor(room, rng.int(5000, 25_000), rng);
  await end(room, rng, client);
}

async function customHost(rng: Rng): Promise<void> {
  const client = new Client(WS);
  const host = track(
    await client.create('match', { name: `C${rng.int(0, 999)}`, mode: 'custom', private: rng.chance(0.2) }),
  );
  count('custom create');
  liveRooms.add(host.roomId);
  const guests: Array<{ room: Room; client: Client }> = [];
  for (let i = rng.int(0, 2); i > 0; i--) {
    const gc = new Client(WS);
    try {
      const g = track(await gc.joinById(host.roomId, { name: `G${rng.int(0, 999)}` }));
      g.send('ready', { ready: true });
      guests.push({ room: g, client: gc });
    } catch {
      count('guest refused');
    }
  }
  if (rng.chance(0.3)) host.send('chat', { text: 'glhf' });
  await sleep(300);
  host.send('start');
  const ms = rng.int(5000, 20_000);
  await Promise.all([playFor(host, ms, rng), ...guests.map((g) => playFor(g.room, ms, rng))]);
  await Promise.all([end(host, rng, client), ...guests.map((g) => end(g.room, rng, g.client))]);
}

async function spectator(rng: Rng): Promise<void> {
  const ids = [...liveRooms];
  if (ids.length === 0) return sleep(500);
  const id = rng.pick(ids);
  try {
    const room = track(
      await new Client(WS).joinOrCreate('watch', { match: id, name: `S${rng.int(0, 999)}` }),
    );
    room.onMessage('watching', () => count('spectate feeds'));
    room.onMessage('records', () => count('spectate records'));
    room.onMessage('*', () => undefined);
    count('spectate');
    await sleep(rng.int(3000, 15_000));
    if (rng.chance(0.3)) room.connection.close();
    else await leave(room);
  } catch {
    liveRooms.delete(id);
    count('spectate refused');
  }
}

async function hostile(rng: Rng): Promise<void> {
  const ids = [...liveRooms];
  const own = ids.length === 0 || rng.chance(0.3);
  const r = own
    ? await connect(BASE, WS, 'create', 'match', {
        name: 'X',
        mode: 'custom',
        police: 0,
        civilians: 0,
        bots: false,
      })
    : rng.chance(0.7)
      ? await connect(BASE, WS, 'joinOrCreate', 'watch', { name: 'X', match: rng.pick(ids) })
      : await connect(BASE, WS, 'joinById', rng.pick(ids), { name: 'X' });
  if (!r.conn) {
    count('hostile refused');
    return;
  }
  const conn = r.conn;
  openConns.add(conn);
  count('hostile');
  const until = performance.now() + rng.int(1000, 5000);
  while (conn.isOpen && !stopping && performance.now() < until) {
    for (let i = 0; i < 4; i++) {
      const frame = rng.chance(0.7) ? hostileFrame(rng) : validFrame(rng);
      if (conn.send(frame.bytes)) count('hostile frames');
    }
    await sleep(100);
  }
  if (conn.isOpen) {
    if (rng.chance(0.5)) conn.leave();
    else conn.abort();
  }
  await conn.closedWithin(2000);
  conn.abort();
  openConns.delete(conn);
  count(`hostile ended ${conn.closeInfo?.code ?? 'open'}`);
}

async function flake(rng: Rng): Promise<void> {
  const ids = [...liveRooms];
  if (ids.length === 0) return sleep(500);
  const res = rng.chance(0.5)
    ? await reserve(BASE, 'joinOrCreate', 'watch', { name: 'F', match: rng.pick(ids) })
    : await reserve(BASE, 'joinById', rng.pick(ids), { name: 'F' });
  count('flake');
  if (!res.ok || rng.chance(0.5)) return; // a seat reserved and never taken
  const conn = new RawConn(WS, res.seat);
  await sleep(rng.int(0, 20));
  conn.abort(); // closed before (or right as) the join completes
  await conn.closedWithin(2000);
}

const ACTORS: ReadonlyArray<readonly [number, (rng: Rng) => Promise<void>]> = [
  [35, quickPlayer],
  [20, customHost],
  [20, spectator],
  [20, hostile],
  [5, flake],
];

/** Keep about CLIENTS actors busy until `until`. */
async function churn(until: number, label: string): Promise<void> {
  const rng = new Rng(seedOf(`${SEED}:${label}`));
  let n = 0;
  const slot = async (k: number) => {
    while (performance.now() < until && !stopping && !server.crashed) {
      const actor = rng.weighted(ACTORS);
      const r = rng.fork(`${label}:${k}:${n++}`);
      try {
        await actor(r);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        // A refused join (a matchmaking error with its code) is the server's answer, not the actor's failure.
        count(
          `${typeof code === 'number' ? `join refused ${code}` : 'actor error'}: ${(e as Error).message?.slice(0, 60)}`,
        );
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => sleep(k * 50).then(() => slot(k))));
}

/** Everyone leaves; wait until the server has no room left (or the time is up). */
async function everyoneLeaves(): Promise<{ rooms: number; clients: number; ms: number }> {
  stopping = true;
  const t0 = performance.now();
  await Promise.all([...openRooms].map((r) => leave(r)));
  for (const c of openConns) c.abort();
  let h = await health();
  while ((h?.rooms ?? 1) > 0 && performance.now() - t0 < SETTLE_MS && !server.crashed) {
    await sleep(500);
    h = await health();
  }
  await sleep(2000);
  h = await health();
  stopping = false;
  liveRooms.clear();
  return { rooms: h?.rooms ?? -1, clients: h?.clients ?? -1, ms: performance.now() - t0 };
}

const health = () => getJson<{ rooms: number; clients: number }>(`${BASE}/health`, 2000);

async function fds(): Promise<number> {
  try {
    return (await readdir(`/proc/${server.pid}/fd`)).length;
  } catch {
    return Number.NaN;
  }
}

// ─── Watch ───────────────────────────────────────────────────────────────────

let hangs = 0;
let watching = true;
/** Resident memory during the churn: [minutes since start, MB]. */
const rssSamples: Array<[number, number]> = [];
let sampling = false;

/** Least-squares slope of the later half of the samples, MB per minute (a leak keeps climbing). */
function rssSlope(): number {
  const xs = rssSamples.slice(Math.floor(rssSamples.length / 2));
  if (xs.length < 3) return Number.NaN;
  const mx = xs.reduce((a, [x]) => a + x, 0) / xs.length;
  const my = xs.reduce((a, [, y]) => a + y, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of xs) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den > 0 ? num / den : Number.NaN;
}
async function watch(t0: number): Promise<void> {
  let lastPrint = performance.now();
  while (watching && !server.crashed) {
    const h = await health();
    if (!h && watching && !server.crashed) hangs++;
    if (sampling) rssSamples.push([(performance.now() - t0) / 60_000, await server.rssMb()]);
    if (performance.now() - lastPrint > 15_000) {
      lastPrint = performance.now();
      const s = await getJson<Record<string, number>>(`${BASE}/stats`, 2000);
      say(
        `  ${round((performance.now() - t0) / 60_000, 1)} min: ${h?.rooms ?? '?'} rooms, ${h?.clients ?? '?'} clients, rss ${round(await server.rssMb(), 1)} MB, step p99 ${s ? round(s.stepP99Ms, 2) : '?'} ms, ${tally.get('hostile frames') ?? 0} hostile frames so far`,
      );
    }
    await sleep(1000);
  }
}

// ─── The run ─────────────────────────────────────────────────────────────────

let exitCode = 0;
try {
  say(`soak: ${MINUTES} min, about ${CLIENTS} clients at a time, seed ${SEED}`);
  if (!(await waitHealthy(BASE, 30_000, () => !server.crashed))) throw new Error('the server did not start');
  const t0 = performance.now();
  const watcher = watch(t0);
  say(`warm-up (${round(WARMUP_MS / 1000, 0)} s)…`);
  await churn(t0 + WARMUP_MS, 'warmup');
  const afterWarmup = await everyoneLeaves();
  const base = { ...afterWarmup, rssMb: await server.rssMb(), fds: await fds() };
  say(
    `baseline: ${base.rooms} rooms, ${base.clients} clients, rss ${round(base.rssMb, 1)} MB, ${base.fds} open fds (settled in ${round(base.ms / 1000, 1)} s)`,
  );
  const churnUntil = t0 + TOTAL_MS - 10_000;
  say(`churn until ${round((churnUntil - t0) / 60_000, 1)} min…`);
  const logBefore = server.outBytes;
  sampling = true;
  await churn(churnUntil, 'churn');
  sampling = false;
  const final = { ...(await everyoneLeaves()), rssMb: await server.rssMb(), fds: await fds() };
  const logBytes = server.outBytes - logBefore;
  watching = false;
  await watcher;
  const crashed = server.crashed;
  const rssGrowthPct = ((final.rssMb - base.rssMb) / base.rssMb) * 100;
  const result = {
    minutes: MINUTES,
    crashes: crashed ? 1 : 0,
    hangs,
    baselineRooms: base.rooms,
    finalRooms: final.rooms,
    baselineClients: base.clients,
    finalClients: final.clients,
    rssBaselineMb: round(base.rssMb, 1),
    rssFinalMb: round(final.rssMb, 1),
    rssGrowthPct: round(rssGrowthPct, 1),
    rssSlopeMbPerMin: round(rssSlope(), 2),
    fdsBaseline: base.fds,
    fdsFinal: final.fds,
    settleSeconds: round(final.ms / 1000, 1),
    logBytes,
    joins: (tally.get('quick join') ?? 0) + (tally.get('custom create') ?? 0) + (tally.get('spectate') ?? 0),
    drops: tally.get('drop') ?? 0,
    reconnects: tally.get('reconnect') ?? 0,
    hostileConnections: tally.get('hostile') ?? 0,
    hostileFrames: tally.get('hostile frames') ?? 0,
    timers: 'not exposed by /stats',
    seed: SEED,
  };
  const held =
    !crashed &&
    hangs === 0 &&
    final.rooms === base.rooms &&
    final.clients === base.clients &&
    rssGrowthPct <= TARGET_RSS_GROWTH_PCT;
  exitCode = held ? 0 : 1;
  const other = [...tally.entries()]
    .filter(([k]) => !['hostile frames'].includes(k))
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
  say(
    [
      `soak of ${MINUTES} min against one server process:`,
      `  after warm-up: ${base.rooms} rooms, ${base.clients} clients, rss ${result.rssBaselineMb} MB, ${base.fds} fds`,
      `  at the end:    ${final.rooms} rooms, ${final.clients} clients, rss ${result.rssFinalMb} MB (${result.rssGrowthPct >= 0 ? '+' : ''}${result.rssGrowthPct} %), ${final.fds} fds; settled in ${result.settleSeconds} s`,
      `  rss during the later half of the churn: ${Number.isNaN(result.rssSlopeMbPerMin) ? '(too few samples)' : `${result.rssSlopeMbPerMin} MB/min`} (a leak keeps climbing; a working set levels off)`,
      `  ${result.joins} joins, ${result.drops} drops without goodbye, ${result.reconnects} reconnections, ${result.hostileConnections} hostile clients sent ${result.hostileFrames} frames`,
      `  what happened: ${other}`,
      `  the server wrote ${logBytes} bytes of log; /health missed ${hangs} times${crashed ? `; it EXITED (${server.exitCode ?? ''}${server.exitSignal ?? ''})` : ''}`,
      ...(crashed ? ['  errors it reported:', ...server.errors.slice(0, 12).map((l) => `    ${l}`)] : []),
      `  timers: /stats does not expose them (open fds stand in for sockets)`,
      `  targets (no crash, no hang, rooms and clients back to the baseline, rss growth ≤ ${TARGET_RSS_GROWTH_PCT} %): ${held ? 'met' : 'NOT met'}`,
    ].join('\n'),
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (e) {
  exitCode = 1;
  process.stderr.write(`soak failed: ${(e as Error).stack ?? e}\n`);
  if (server.crashed)
    process.stderr.write(
      `the server exited (${server.exitCode}):\n${server.errors.slice(0, 12).join('\n')}\n`,
    );
  process.stdout.write(
    `${JSON.stringify({ crashes: server.crashed ? 1 : 0, hangs, error: (e as Error).message, seed: SEED })}\n`,
  );
} finally {
  watching = false;
  stopping = true;
  for (const r of openRooms) r.connection.close();
  for (const c of openConns) c.abort();
  await server.stop();
}
process.exit(exitCode);
