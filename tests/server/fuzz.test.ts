/**
 * The server holds against anything a client can send. A seeded fuzzer sends
 * thousands of hostile frames — every protocol code with random bodies,
 * mutated and spliced valid frames, frames at and over the transport limit,
 * messages of every type with crafted msgpack payloads, input frames on both
 * input channels — sent to match rooms (in play and in their lobby) and to
 * watch rooms (a match's spectators) — plus
 * random join options through the real SDK and hostile orders of messages (before the join completes, after leaving, someone
 * else's reconnection token...). After each batch: `/health` answers within a
 * second, a canary match in a room of its own kept its patch cadence and its
 * players, nothing was thrown uncaught, the log stayed small, joining clients'
 * queues stayed bounded, and at the end memory is back near where it started.
 *
 * Seeds: a fixed one and a fresh one per run, printed first; reproduce a run
 * with `FUZZ_SEED=<seed> npx vitest run tests/server/fuzz.test.ts` (one seed,
 * the same cases). `FUZZ_ONLY=messages,inputs` runs some batches only;
 * `FUZZ_SCALE=0.2` fewer cases, `FUZZ_SCALE=5` more; `FUZZ_SKIP=<regex>` leaves out
 * frames whose kind matches (to look past a failure already known); `FUZZ_DEBUG=1`
 * adds where the time went to the summary. A hang or runaway
 * allocation in the server (which shares this process) is caught by a
 * watchdog thread that prints the frame being handled and the stuck stack.
 */
import { randomBytes } from 'node:crypto';
import { matchMaker, Protocol } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClosedInfo, connect, RawConn, reserve } from '../../bench/hostileClient.js';
import {
  Code,
  codeFrame,
  expectation,
  type Frame,
  hex,
  hostileFrame,
  inputFrame,
  type MatchMethod,
  messageBytes,
  messageFrame,
  mutatedFrame,
  oversizeFrame,
  Rng,
  randomOptions,
  rawFrame,
  seedOf,
  starFrame,
  validFrame,
  validInput,
  validMessage,
} from '../../bench/hostileFrames.js';
import { ONE_ADDRESS, type ServerConfig } from '../../server/config.js';
import { metrics } from '../../server/metrics.js';
import { CloseCodes } from '../../shared/protocol.js';
import { Canary, collect, type Fault, FaultRecorder, FrameTap, OutputMeter, rssMb } from './fuzz/harness.js';
import { Watchdog } from './fuzz/watchdog.js';
import { leaveAll, startServer, type TestServer, until } from './helpers.js';

const PORT = 2641;
/**
 * The test's own output: the console as it was before the server started (a
 * server may route `console` through its own bounded log once it boots).
 */
const print = console.log.bind(console);
const HTTP = `http://127.0.0.1:${PORT}`;
const WS = `ws://127.0.0.1:${PORT}`;

// ─── Seeds and sizes ─────────────────────────────────────────────────────────

const FIXED_SEED = 0x1995_0829;
const parseSeed = (s: string) =>
  (/^0x[0-9a-f]+$/i.test(s) ? Number.parseInt(s, 16) : /^\d+$/.test(s) ? Number(s) : seedOf(s)) >>> 0;
const SEEDS: number[] = process.env.FUZZ_SEED
  ? [parseSeed(process.env.FUZZ_SEED)]
  : [FIXED_SEED, randomBytes(4).readUInt32LE(0)];
const SCALE = Math.max(0.05, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const ONLY = new Set((process.env.FUZZ_ONLY ?? '').split(',').filter(Boolean));
const n = (count: number) => Math.max(1, Math.round(count * SCALE));
const enabled = (batch: string) => ONLY.size === 0 || ONLY.has(batch);
/** Leave out frames whose kind matches (to look past a failure already known); the rest stay the same. */
const SKIP = process.env.FUZZ_SKIP ? new RegExp(process.env.FUZZ_SKIP) : null;
const seedText = (s: number) => `0x${s.toString(16).padStart(8, '0')}`;

/** Bounds checked after every batch. */
const LIMITS = {
  healthMs: 1000,
  canaryGapMs: 500,
  /** Bytes the server may write to stdout/stderr/console per 1,000 frames (and at least this much per batch). */
  logBytesPer1000: 64 * 1024,
  logBytesMin: 16 * 1024,
  /** Messages queued for a client that has not acknowledged its join. */
  joiningQueue: 64,
  rssGrowthMb: 100,
  /** The JS heap after GC: what the server (and this test's records) still hold. */
  heapGrowthMb: 50,
};

/** Close codes a dropped client may see: the documented ones, and a plain 1000. */
const KNOWN_CLOSE_CODES = new Set<number>([1000, ...Object.values(CloseCodes)]);

// ─── Server config: generous per-address limits when the server has them ─────

/**
 * Loopback is one address: the server's per-address limits are lifted
 * ({@link ONE_ADDRESS}), so the fuzzer tests frames, not the rate limiter.
 */
function generousOverrides(): Partial<ServerConfig> {
  return {
    ...ONE_ADDRESS,
    devOptions: false,
    maxMessagesPerSecond: 1000,
    countdownSeconds: 0.3,
    reconnectSeconds: 1,
    maxSpectators: 200,
  };
}

// ─── Shared state ────────────────────────────────────────────────────────────

let server: TestServer;
let tap: FrameTap;
let faults: FaultRecorder;
const watchdog = new Watchdog();
const canary = new Canary();
let rssStart = 0;
let heapStart = 0;
let roomsStart = { rooms: 0, clients: 0 };
const heapMb = () => process.memoryUsage().heapUsed / 1e6;
/** Rooms of this process and the clients connected to them (seats reserved and never taken expire later). */
async function roomCount(): Promise<{ rooms: number; clients: number }> {
  const all = await matchMaker.query({});
  const connected = (id: string) =>
    (matchMaker.getLocalRoomById(id) as unknown as { clients?: { length: number } } | undefined)?.clients
      ?.length ?? 0;
  return { rooms: all.length, clients: all.reduce((n, r) => n + connected(r.roomId), 0) };
}
const sdkRooms: SDKRoom[] = [];

interface Anchor {
  room: SDKRoom;
  roomId: string;
}
let playAnchor: Anchor | null = null;
let lobbyAnchor: Anchor | null = null;

/** What happened to each hostile connection. */
interface ConnRecord {
  batch: string;
  target: string;
  sessionId: string;
  frames: number;
  /** The last frames sent, as `kind hex` (short). */
  last: string[];
  firstDropAt: number | null;
  firstDrop: string;
  closed: ClosedInfo | null;
  /** Still open, but the server stopped reading it. */
  wedged?: boolean;
  /** This side closed it. */
  aborted?: boolean;
  conn?: RawConn;
}
const records: ConnRecord[] = [];
const refusals = new Map<string, number>();
const timing = new Map<string, number>();
/** The case each hostile session is sending now (to pin an error to the frame that caused it). */
const caseOf = new Map<string, string>();
const countInto = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

interface BatchReport {
  batch: string;
  seed: string;
  cases: number;
  frames: number;
  seconds: number;
  healthMs: number;
  canaryGapMs: number;
  logBytes: number;
  rssMb: number;
  problems: string[];
}
const reports: BatchReport[] = [];
const allFaults: Fault[] = [];

// ─── Set-up ──────────────────────────────────────────────────────────────────

beforeAll(async () => {
  const line = `fuzz seeds: ${SEEDS.map(seedText).join(', ')} (reproduce one: FUZZ_SEED=<seed> npx vitest run tests/server/fuzz.test.ts), scale ${SCALE}`;
  print(line);
  watchdog.start(8000, process.memoryUsage.rss() + 2e9);
  watchdog.label('start-up');
  const overrides = generousOverrides();
  server = await startServer(PORT, overrides);
  const limits = Object.entries(overrides).filter(
    ([k]) => !['devOptions', 'countdownSeconds', 'reconnectSeconds'].includes(k),
  );
  print(`fuzz server limits: ${limits.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const transport = (server.colyseus as unknown as { server: { transport: { wss: unknown } } }).server
    .transport;
  tap = new FrameTap(transport.wss as ConstructorParameters<typeof FrameTap>[0], watchdog, (sid) =>
    caseOf.get(sid),
  );
  faults = new FaultRecorder(
    () => tap.last,
    (sid) => caseOf.get(sid),
  );
  await canary.start(() => server.client(), until);
  await ensureAnchors();
  await new Promise((r) => setTimeout(r, 500));
  collect();
  rssStart = rssMb();
  heapStart = heapMb();
  roomsStart = await roomCount();
}, 60_000);

afterAll(async () => {
  watchdog.label('tear-down');
  await canary.stop().catch(() => undefined);
  await leaveAll(sdkRooms);
  faults?.detach();
  tap?.detach();
  // A server whose sockets were left wedged may wait on them: do not wait for ever.
  const closed = await Promise.race([
    server?.close().then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
  ]);
  await watchdog.stop();
  printSummary();
  if (!closed) print('fuzz: the server did not finish shutting down within 5 s');
});

/**
 * The two matches hostile clients join: one playing (an SDK anchor and bots), one in its lobby; and
 * each one's watch room (`joinOrCreate('watch', { match })`).
 */
async function ensureAnchors(): Promise<void> {
  const alive = (a: Anchor | null) =>
    !!a && a.room.connection.isOpen && !!matchMaker.getLocalRoomById(a.roomId);
  if (!alive(playAnchor)) {
    const room = await server.client().create('match', {
      name: 'Anchor P',
      pref: 'escort',
      mode: 'custom',
      bots: true,
      police: 2,
      civilians: 10,
      // Its watchers get the recording as it is made (no delay): the watch room sends while frames arrive.
      spectatorDelay: 0,
    });
    quiet(room);
    room.send('start');
    await until('anchor playing', () => (room.state as { phase?: string }).phase === 'playing', 10_000);
    playAnchor = { room, roomId: room.roomId };
  }
  if (!alive(lobbyAnchor)) {
    const room = await server
      .client()
      .create('match', { name: 'Anchor L', mode: 'custom', police: 0, civilians: 0 });
    quiet(room);
    lobbyAnchor = { room, roomId: room.roomId };
  }
}

function quiet(room: SDKRoom): SDKRoom {
  room.reconnection.enabled = false;
  room.onMessage('*', () => undefined);
  room.onError(() => undefined);
  sdkRooms.push(room);
  return room;
}

// ─── Hostile connections ─────────────────────────────────────────────────────

type Target =
  | 'play-watcher'
  | 'play-player'
  | 'lobby-player'
  | 'lobby-watcher'
  | 'own-custom'
  | 'own-quick'
  | 'joining'
  | 'joining-watcher';

const TARGETS: ReadonlyArray<readonly [number, Target]> = [
  [25, 'play-watcher'],
  [8, 'play-player'],
  [15, 'lobby-player'],
  [10, 'lobby-watcher'],
  [12, 'own-custom'],
  [5, 'own-quick'],
  [10, 'joining'],
  [5, 'joining-watcher'],
];

/** Targets in a watch room (its door takes no input frame: one is a drop there). */
const WATCH_TARGETS = new Set<string>(['play-watcher', 'lobby-watcher', 'joining-watcher']);

/** What the server must do with `bytes` from a client of `target`. */
const expectationIn = (target: string, bytes: Uint8Array) =>
  expectation(bytes, { input: !WATCH_TARGETS.has(target) });

/** A hostile connection to `target`, or (refused) to another target: the one it has. */
async function open(rng: Rng, target: Target): Promise<{ conn: RawConn; target: Target } | null> {
  const name = `F${rng.int(0, 9999)}`;
  const play = playAnchor?.roomId ?? 'none';
  const lobby = lobbyAnchor?.roomId ?? 'none';
  const plan: Record<Target, [MatchMethod, string, Record<string, unknown>, boolean]> = {
    'play-watcher': ['joinOrCreate', 'watch', { name, match: play }, true],
    'play-player': ['joinById', play, { name, pref: rng.pick(['hunter', 'escort', 'any']) }, true],
    'lobby-player': ['joinById', lobby, { name }, true],
    'lobby-watcher': ['joinOrCreate', 'watch', { name, match: lobby }, true],
    'own-custom': ['create', 'match', { name, mode: 'custom', police: 0, civilians: 0 }, true],
    'own-quick': ['joinOrCreate', 'match', { name, civilians: 0, police: 0 }, true],
    joining: ['joinById', rng.chance(0.5) ? play : lobby, { name }, false],
    'joining-watcher': ['joinOrCreate', 'watch', { name, match: rng.chance(0.5) ? play : lobby }, false],
  };
  const [method, room, options, ack] = plan[target];
  const r = await connect(HTTP, WS, method, room, options, { ack, timeoutMs: 4000 });
  if (r.conn) return { conn: r.conn, target };
  countInto(
    refusals,
    `${target}: ${r.refused.status || ''} ${r.refused.code ?? ''} ${r.refused.error.slice(0, 60)}`,
  );
  if (target !== 'play-watcher' && target !== 'own-custom')
    return open(rng, rng.chance(0.5) ? 'play-watcher' : 'own-custom');
  return null;
}

/** Wait until the server has handled every frame `conn` sent (or the socket closed), at most `ms`. */
async function handled(conn: RawConn, ms = 500): Promise<void> {
  const t0 = performance.now();
  while (conn.isOpen && tap.count(conn.seat.sessionId) < conn.framesOut && performance.now() - t0 < ms) {
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Send `frames` from `lanes` concurrent hostile connections (each replaced
 * when it is dropped, and after `perConn` frames), one frame at a time per
 * connection, each handled by the server before the next.
 */
async function sendFrames(
  batch: string,
  seed: number,
  frames: Frame[],
  lanes = 6,
  perConn = 40,
): Promise<number> {
  let next = 0;
  let sent = 0;
  const deadline = performance.now() + 40_000;
  const lane = async (k: number) => {
    const rng = new Rng(seedOf(`${seed}:${batch}:lane${k}`));
    let conn: RawConn | null = null;
    let rec: ConnRecord | null = null;
    /** Keep what the connection's end says, not the socket (thousands of them add up). */
    const settle = (c: RawConn, r: ConnRecord) => {
      r.closed = c.closeInfo;
      r.aborted = c.aborted;
      r.conn = undefined;
    };
    const finish = async () => {
      if (!conn || !rec) return;
      if (conn.isOpen) conn.leave();
      // Closing (or closed by the server) but its close event not read yet: wait for it.
      if (!conn.closeInfo) await conn.closedWithin(1000);
      settle(conn, rec);
      conn.abort();
      conn = null;
      rec = null;
    };
    while (next < frames.length && performance.now() < deadline) {
      if (!conn?.isOpen) {
        if (conn && rec) {
          await conn.closedWithin(1000);
          settle(conn, rec);
        }
        const wanted = rng.weighted(TARGETS);
        const tc = performance.now();
        const opened = await open(rng, wanted);
        countInto(timing, `open:${wanted}`, performance.now() - tc);
        countInto(timing, `opens:${wanted}`);
        if (!opened) {
          conn = null;
          await ensureAnchors().catch(() => undefined);
          continue;
        }
        conn = opened.conn;
        rec = {
          batch,
          target: opened.target,
          sessionId: conn.seat.sessionId,
          frames: 0,
          last: [],
          firstDropAt: null,
          firstDrop: '',
          closed: null,
          conn,
        };
        records.push(rec);
      }
      if (next >= frames.length) break;
      const i = next++;
      const f = frames[i];
      const label = `${batch} seed=${seedText(seed)} case #${i} ${f.kind} → ${rec!.target} ${hex(f.bytes, 48)}`;
      watchdog.label(label);
      faults.label = label;
      caseOf.set(conn.seat.sessionId, label);
      if (!conn.send(f.bytes)) continue;
      sent++;
      rec!.frames++;
      rec!.last.push(`${f.kind} ${hex(f.bytes, 32)}`);
      if (rec!.last.length > 4) rec!.last.shift();
      if (rec!.firstDropAt === null && expectationIn(rec!.target, f.bytes) === 'drop') {
        rec!.firstDropAt = performance.now();
        rec!.firstDrop = f.kind;
      }
      const th = performance.now();
      await handled(conn);
      const dt = performance.now() - th;
      countInto(timing, 'handled', dt);
      if (conn.isOpen && tap.count(conn.seat.sessionId) < conn.framesOut) {
        // The server stopped reading this socket without closing it (a handler threw inside the
        // socket's own event): give it up.
        rec!.wedged = true;
        conn.abort();
        settle(conn, rec!);
        conn = null;
        continue;
      }
      if (rec!.frames >= perConn) await finish();
    }
    await finish();
  };
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
  return sent;
}

/** How a hostile connection ended: its close code, or wedged/open/closed by the client. */
function ending(r: ConnRecord): string {
  const closed = r.closed ?? r.conn?.closeInfo ?? null;
  if (r.wedged) return 'wedged (open, unread)';
  if (r.aborted ?? r.conn?.aborted) return 'closed by the client';
  if (!closed) return 'open';
  return KNOWN_CLOSE_CODES.has(closed.code) ? String(closed.code) : `${closed.code} (unexpected)`;
}

// ─── Checks after each batch ─────────────────────────────────────────────────

async function healthMs(): Promise<number> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${HTTP}/health`, { signal: AbortSignal.timeout(LIMITS.healthMs * 3) });
    const body = (await res.json()) as { status?: string };
    if (!res.ok || body.status !== 'ok') return Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return performance.now() - t0;
}

/** Clients that never acknowledged their join, with the messages queued for them. */
async function joiningQueues(): Promise<Array<{ roomId: string; sessionId: string; queued: number }>> {
  const out: Array<{ roomId: string; sessionId: string; queued: number }> = [];
  for (const cache of await matchMaker.query({})) {
    const room = matchMaker.getLocalRoomById(cache.roomId) as unknown as
      | { clients: Array<{ sessionId: string; _enqueuedMessages?: unknown[] }> }
      | undefined;
    for (const c of room?.clients ?? []) {
      const q = c._enqueuedMessages?.length ?? 0;
      if (q > 0) out.push({ roomId: cache.roomId, sessionId: c.sessionId, queued: q });
    }
  }
  return out;
}

const roomFaults = () => (metrics.snapshot() as unknown as { roomFaults?: number }).roomFaults ?? 0;

/**
 * Run one batch with every instrument on, then check the server held; throws
 * with every problem found (and how to reproduce the batch) when it did not.
 */
async function batch(name: string, seed: number, cases: number, body: () => Promise<number>): Promise<void> {
  await ensureAnchors();
  const faultsBefore = faults.faults.length;
  const recordsBefore = records.length;
  seqProblems.length = 0;
  const roomFaultsBefore = roomFaults();
  canary.window();
  const meter = new OutputMeter();
  const t0 = performance.now();
  let frames = 0;
  let thrown: unknown = null;
  try {
    frames = await body();
  } catch (e) {
    thrown = e;
  } finally {
    // Let the last drops and their logs happen inside the window.
    await new Promise((r) => setTimeout(r, 150));
    meter.restore();
  }
  watchdog.label(`${name} seed=${seedText(seed)}: checks`);
  const seconds = (performance.now() - t0) / 1000;
  const health = await healthMs();
  const gap = canary.gap();
  collect();
  const rss = rssMb();
  const problems: string[] = [];
  if (thrown) problems.push(`the batch itself failed: ${(thrown as Error).stack ?? thrown}`);
  problems.push(...seqProblems);
  if (!(health < LIMITS.healthMs))
    problems.push(`/health took ${Math.round(health)} ms (limit ${LIMITS.healthMs})`);
  if (!(gap < LIMITS.canaryGapMs))
    problems.push(
      `the canary match went ${Math.round(gap)} ms without a patch (limit ${LIMITS.canaryGapMs})`,
    );
  if (!canary.connected || canary.disconnects.length > 0)
    problems.push(`the canary lost players: ${canary.disconnects.join('; ') || 'socket closed'}`);
  const newFaults = faults.faults.slice(faultsBefore);
  allFaults.push(...newFaults);
  // The same error again and again (a room's step failing 30 times a second) is one problem.
  const distinct = new Map<string, { f: Fault; n: number }>();
  for (const f of newFaults) {
    const key = `${f.error}|${f.stack.split('\n')[0]}`;
    const d = distinct.get(key);
    if (d) d.n++;
    else distinct.set(key, { f, n: 1 });
  }
  for (const { f, n } of [...distinct.values()].slice(0, 5))
    problems.push(
      `uncaught ${f.error}${n > 1 ? ` (×${n})` : ''}\n      last frame the server handled (${f.frameAgeMs} ms before): ${f.frame}\n      sent by: ${f.frameCase}\n      latest case started: ${f.label}\n${f.stack}`,
    );
  if (distinct.size > 5) problems.push(`…and ${distinct.size - 5} more distinct uncaught errors`);
  const rf = roomFaults() - roomFaultsBefore;
  if (rf > 0) problems.push(`${rf} match(es) ended by a fault of the server (metrics.roomFaults)`);
  const logLimit = Math.max(LIMITS.logBytesMin, (LIMITS.logBytesPer1000 * Math.max(frames, cases)) / 1000);
  if (meter.serverBytes > logLimit)
    problems.push(
      `the server wrote ${meter.serverBytes} bytes (${meter.serverLines} lines) of log for ${frames} frames (limit ${Math.round(logLimit)}); first lines:\n      ${meter.sample.join('\n      ')}`,
    );
  // Every hostile connection of the batch is still open and read, or was closed with a known code.
  const mine = records.slice(recordsBefore);
  const badEnds = new Map<string, ConnRecord[]>();
  for (const r of mine) {
    const e = ending(r);
    if (e === 'wedged (open, unread)' || e.endsWith('(unexpected)'))
      badEnds.set(e, [...(badEnds.get(e) ?? []), r]);
  }
  for (const [e, rs] of badEnds)
    problems.push(
      `${rs.length} hostile connection(s) ended ${e === 'wedged (open, unread)' ? "wedged: still open, but the server no longer reads them (a handler threw inside the socket's event)" : `with close code ${e}`}; first: ${rs[0].target}, last frames ${rs[0].last.join(' | ')}`,
    );
  const queues = (await joiningQueues()).filter((q) => q.queued > LIMITS.joiningQueue);
  if (queues.length > 0)
    problems.push(
      `messages pile up for clients that never acknowledged their join: ${queues
        .slice(0, 3)
        .map((q) => `${q.sessionId}@${q.roomId}: ${q.queued}`)
        .join(', ')} (limit ${LIMITS.joiningQueue})`,
    );
  print(
    `[${(performance.now() / 1000).toFixed(1)}s] fuzz ${name} seed ${seedText(seed)}: ${frames} frames in ${seconds.toFixed(1)} s, /health ${Math.round(health)} ms, canary gap ${Math.round(gap)} ms, log ${meter.serverBytes} bytes, rss ${Math.round(rss)} MB — ${problems.length ? `${problems.length} problem(s)` : 'held'}`,
  );
  reports.push({
    batch: name,
    seed: seedText(seed),
    cases,
    frames,
    seconds,
    healthMs: Math.round(health),
    canaryGapMs: Math.round(gap),
    logBytes: meter.serverBytes,
    rssMb: Math.round(rss),
    problems,
  });
  if (problems.length > 0) {
    throw new Error(
      `${name} (seed ${seedText(seed)}, FUZZ_SEED=${seedText(seed)} FUZZ_ONLY=${name}): the server did not hold:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

// ─── Batches ─────────────────────────────────────────────────────────────────

/** Frames of one generator, drawn from the batch's own stream of the seed. */
const framesOf = (seed: number, batchName: string, make: (rng: Rng, i: number) => Frame, count: number) => {
  const rng = new Rng(seedOf(`${seed}:${batchName}:frames`));
  const frames = Array.from({ length: count }, (_, i) => make(rng, i));
  return SKIP ? frames.filter((f) => !SKIP.test(f.kind)) : frames;
};

describe('fuzz: the server holds against hostile clients', () => {
  it('protocol constants agree with Colyseus', () => {
    for (const [k, v] of Object.entries(Code))
      expect([k, (Protocol as Record<string, number>)[k]]).toEqual([k, v]);
  });

  for (const seed of SEEDS) {
    describe(`seed ${seedText(seed)}`, () => {
      it.skipIf(!enabled('codes'))(
        'codes: every first byte 0–255 with random bodies, and random raw frames',
        async () => {
          const frames = [
            ...framesOf(seed, 'codes', (rng, i) => codeFrame(rng, i % 256), n(256)),
            ...framesOf(seed, 'codes-raw', rawFrame, n(100)),
          ];
          await batch('codes', seed, frames.length, () => sendFrames('codes', seed, frames));
        },
        60_000,
      );

      it.skipIf(!enabled('mutations'))(
        'mutations: valid frames bit-flipped, cut, extended, spliced; frames at and over 4 KiB',
        async () => {
          const frames = [
            ...framesOf(seed, 'mutations', mutatedFrame, n(225)),
            ...framesOf(seed, 'oversize', oversizeFrame, n(12)),
          ];
          await batch('mutations', seed, frames.length, () => sendFrames('mutations', seed, frames));
        },
        60_000,
      );

      it.skipIf(!enabled('messages'))(
        'messages: every type, unknown and "*" and numeric ones, crafted msgpack payloads',
        async () => {
          const frames = [
            ...framesOf(seed, 'messages', messageFrame, n(275)),
            ...framesOf(seed, 'star', starFrame, n(10)),
            ...framesOf(seed, 'valid-messages', validMessage, n(30)),
          ];
          await batch('messages', seed, frames.length, () => sendFrames('messages', seed, frames));
        },
        60_000,
      );

      it.skipIf(!enabled('inputs'))(
        'inputs: reliable and unreliable input frames, TIMED bit, negative and huge numbers',
        async () => {
          const frames = [
            ...framesOf(seed, 'inputs', inputFrame, n(225)),
            ...framesOf(seed, 'valid-inputs', validInput, n(30)),
          ];
          await batch('inputs', seed, frames.length, () => sendFrames('inputs', seed, frames));
        },
        60_000,
      );

      it.skipIf(!enabled('options'))(
        'options: random create/join/joinById/joinOrCreate options through the SDK',
        async () => {
          const count = n(50);
          await batch('options', seed, count, () => optionsBatch(seed, count));
        },
        60_000,
      );

      it.skipIf(!enabled('sequences'))(
        'sequences: messages out of order, before joining, after leaving, stolen tokens',
        async () => {
          await batch('sequences', seed, SEQUENCES.length, () => sequencesBatch(seed));
        },
        60_000,
      );
    });
  }

  it.skipIf(!enabled('memory'))(
    'memory and rooms: after every hostile client left, the process is back near where it started',
    async () => {
      watchdog.label('memory check');
      // Every hostile connection is closed by now; rooms left empty dispose. The records keep
      // what they say, not the sockets.
      for (const r of records) {
        r.closed ??= r.conn?.closeInfo ?? null;
        r.aborted ??= r.conn?.aborted;
        r.conn?.abort();
        r.conn = undefined;
      }
      caseOf.clear();
      tap.received.clear();
      const t0 = performance.now();
      let rooms = await roomCount();
      while (
        (rooms.rooms > roomsStart.rooms || rooms.clients > roomsStart.clients) &&
        performance.now() - t0 < 8000
      ) {
        await new Promise((r) => setTimeout(r, 250));
        rooms = await roomCount();
      }
      collect();
      const growth = rssMb() - rssStart;
      const heapGrowth = heapMb() - heapStart;
      print(
        `after the run: rooms ${roomsStart.rooms} → ${rooms.rooms}, clients ${roomsStart.clients} → ${rooms.clients}; rss ${rssStart.toFixed(0)} → ${rssMb().toFixed(0)} MB (+${growth.toFixed(0)}), heap ${heapStart.toFixed(0)} → ${heapMb().toFixed(0)} MB (+${heapGrowth.toFixed(0)})`,
      );
      expect(rooms, 'rooms and clients back to where they were before the batches').toEqual(roomsStart);
      // Resident memory follows the heap's high-water mark, which grows with the work (FUZZ_SCALE).
      expect(growth, 'resident memory growth, MB').toBeLessThan(LIMITS.rssGrowthMb * Math.max(1, SCALE));
      expect(heapGrowth, 'heap growth after GC, MB').toBeLessThan(LIMITS.heapGrowthMb);
    },
    30_000,
  );
});

// ─── Options through the SDK ─────────────────────────────────────────────────

const ROOM_NAMES = [
  'match',
  'match',
  'match',
  'match',
  'watch',
  'watch',
  'watch',
  'lobby',
  'nosuch',
  '__proto__',
  'match/../lobby',
  'watch/../match',
  '',
];

async function optionsBatch(seed: number, count: number): Promise<number> {
  const rng = new Rng(seedOf(`${seed}:options`));
  // The watch rooms open now (of the anchors, from earlier batches): joined by id too.
  const watchRooms = (await matchMaker.query({ name: 'watch' })).map((r) => r.roomId);
  const cases = Array.from({ length: count }, (_, i) => {
    const method = rng.pick<MatchMethod>([
      'create',
      'create',
      'join',
      'joinById',
      'joinOrCreate',
      'joinOrCreate',
    ]);
    const ids = [
      playAnchor?.roomId ?? 'x',
      lobbyAnchor?.roomId ?? 'x',
      'nosuchroom',
      '../../health',
      'A'.repeat(300),
      '',
      ...watchRooms,
    ];
    const target = method === 'joinById' ? rng.pick(ids) : rng.pick(ROOM_NAMES);
    const options = randomOptions(rng, true);
    // The match a watcher asks for: mostly the anchors (or another room), sometimes nonsense.
    if (rng.chance(target === 'watch' || watchRooms.includes(target) ? 0.85 : 0.1))
      options.match = rng.pick<unknown>([
        ...ids,
        ...ids,
        'NOSUCH',
        '../x',
        'a'.repeat(65),
        42,
        null,
        { $gt: '' },
        ['x'],
      ]);
    return {
      i,
      method,
      target,
      options,
      holdMs: rng.int(0, 300),
      start: rng.chance(0.5),
    };
  });
  let next = 0;
  const inFlight = new Set<string>();
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const label = `options seed=${seedText(seed)} case #${c.i}: ${c.method}(${JSON.stringify(c.target).slice(0, 40)}, ${safeJson(c.options)})`;
      inFlight.add(label);
      const where = c.method === 'joinById' ? 'by id' : JSON.stringify(c.target).slice(0, 16);
      const show = [...inFlight].join(' | ');
      watchdog.label(show);
      faults.label = show;
      try {
        const sdk = server.client();
        const call =
          c.method === 'joinById'
            ? sdk.joinById(c.target, c.options)
            : (sdk[c.method] as (n: string, o: unknown) => Promise<SDKRoom>)(c.target, c.options);
        const room = await withTimeout(call, 5000);
        quiet(room);
        countInto(refusals, `options: joined (${c.method} ${where})`);
        if (c.start) {
          room.send('ready', { ready: true });
          room.send('start');
        }
        await new Promise((r) => setTimeout(r, c.holdMs));
        if (room.connection.isOpen) await withTimeout(room.leave(), 2000).catch(() => undefined);
      } catch (e) {
        const err = e as { code?: number; message?: string };
        countInto(
          refusals,
          `options: ${c.method} ${where} refused ${err.code ?? ''} ${String(err.message ?? e).slice(0, 50)}`,
        );
      } finally {
        inFlight.delete(label);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  // Quick rooms start after their countdown: give them the time to (not) fail.
  await new Promise((r) => setTimeout(r, 600));
  return count;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)).slice(0, 160);
  } catch {
    return '(unprintable)';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);
}

// ─── Sequences ───────────────────────────────────────────────────────────────

interface SeqContext {
  rng: Rng;
  seed: number;
  note(conn: RawConn | null, target: string, frames?: Frame[]): void;
  /** Something the server must not do happened (checked inside the sequence). */
  problem(text: string): void;
}
const seqProblems: string[] = [];

const f = (bytes: Uint8Array | number[], kind: string): Frame => ({ bytes: Uint8Array.from(bytes), kind });
const msg = (type: string | number, payload?: unknown) => f(messageBytes(type, payload), `msg:${type}`);

/** Send frames in order on `conn`, each handled before the next. */
async function sendEach(conn: RawConn, frames: Frame[]): Promise<void> {
  for (const fr of frames) {
    if (!conn.send(fr.bytes)) return;
    await handled(conn);
  }
}

async function raw(
  method: MatchMethod | 'reconnect',
  room: string,
  options: Record<string, unknown>,
  ack = true,
): Promise<RawConn | null> {
  const r = await connect(HTTP, WS, method, room, options, { ack, timeoutMs: 4000 });
  if (!r.conn)
    countInto(
      refusals,
      `sequence ${method}: ${r.refused.status || ''} ${r.refused.code ?? ''} ${r.refused.error.slice(0, 50)}`,
    );
  return r.conn ?? null;
}

const SEQUENCES: ReadonlyArray<readonly [string, (c: SeqContext) => Promise<void>]> = [
  [
    'frames before the join is acknowledged, then after',
    async ({ rng, note }) => {
      for (const watcher of [false, true]) {
        const conn = watcher
          ? await raw('joinOrCreate', 'watch', { name: 'Early', match: playAnchor!.roomId }, false)
          : await raw('joinById', playAnchor!.roomId, { name: 'Early' }, false);
        if (!conn) continue;
        const early = Array.from({ length: 12 }, () =>
          rng.chance(0.5) ? validFrame(rng) : hostileFrame(rng),
        );
        await sendEach(conn, early);
        conn.ackJoin();
        await sendEach(
          conn,
          Array.from({ length: 6 }, () => validFrame(rng)),
        );
        note(conn, `early-${watcher ? 'watcher' : 'player'}`, early);
        conn.leave();
        await conn.closedWithin(1000);
      }
    },
  ],
  [
    'a client that never acknowledges its join and sends unknown messages',
    async ({ note, problem }) => {
      // A player in the lobby anchor (its host chats meanwhile: lines for the joining client queue too),
      // and a watcher of the match in play (records are released for it meanwhile).
      const targets: Array<[string, MatchMethod, string, Record<string, unknown>]> = [
        ['never-acks', 'joinById', lobbyAnchor!.roomId, { name: 'Never' }],
        ['never-acks-watcher', 'joinOrCreate', 'watch', { name: 'Never', match: playAnchor!.roomId }],
      ];
      for (const [target, method, room, options] of targets) {
        const conn = await raw(method, room, options, false);
        if (!conn) continue;
        const frames = Array.from({ length: 300 }, (_, i) => msg('teleport', { i }));
        await sendEach(conn, frames);
        lobbyAnchor!.room.send('chat', { text: 'hello' });
        await new Promise((r) => setTimeout(r, 200));
        const queued = (await joiningQueues()).find((q) => q.sessionId === conn.seat.sessionId)?.queued ?? 0;
        if (queued > LIMITS.joiningQueue)
          problem(
            `${queued} messages queued on the server for a client (${target}) that never acknowledged its join, after it sent 300 ROOM_DATA "teleport" (${hex(frames[0].bytes)}) without sending JOIN_ROOM (limit ${LIMITS.joiningQueue}); nothing bounds this queue`,
          );
        note(conn, target, frames.slice(-2));
        conn.abort();
      }
    },
  ],
  [
    'input and messages after leaving',
    async ({ rng, note }) => {
      const conn = rng.chance(0.3)
        ? await raw('joinOrCreate', 'watch', { name: 'Leaver', match: playAnchor!.roomId })
        : await raw('joinById', playAnchor!.roomId, { name: 'Leaver' });
      if (!conn) return;
      conn.leave();
      const after = [
        validInput(rng),
        validMessage(rng),
        inputFrame(rng),
        f([Code.LEAVE_ROOM], 'leave-again'),
      ];
      for (const fr of after) conn.send(fr.bytes);
      await conn.closedWithin(1000);
      note(conn, 'after-leave', after);
    },
  ],
  [
    'leave twice, at once and through the SDK',
    async ({ note }) => {
      const conn = await raw('joinById', lobbyAnchor!.roomId, { name: 'Twice' });
      if (conn) {
        conn.send(Uint8Array.of(Code.LEAVE_ROOM, Code.LEAVE_ROOM));
        conn.send(Uint8Array.of(Code.LEAVE_ROOM));
        conn.send(Uint8Array.of(Code.LEAVE_ROOM));
        await conn.closedWithin(1000);
        note(conn, 'leave-twice');
      }
      // Through the SDK, a player of the match in play and a watcher of it.
      for (const join of [
        () => server.client().joinById(playAnchor!.roomId, { name: 'SDK Twice' }),
        () => server.client().joinOrCreate('watch', { name: 'SDK Twice', match: playAnchor!.roomId }),
      ]) {
        const room = await join().catch(() => null);
        if (!room) continue;
        quiet(room);
        await Promise.all(
          [room.leave(), room.leave(), room.leave(false)].map((p) => withTimeout(p, 2000).catch(() => 0)),
        );
      }
    },
  ],
  [
    'start before ready, options and profile out of turn, start twice',
    async ({ rng, note }) => {
      const host = await raw('create', 'match', { name: 'Host', mode: 'custom', police: 0, civilians: 0 });
      if (!host) return;
      const guest = await raw('joinById', host.seat.roomId, { name: 'Guest' });
      const frames = [
        msg('start'),
        msg('options', { police: 3 }),
        msg('ready', { ready: true }),
        msg('start'),
        msg('start'),
        msg('options', { civilians: 100 }),
        msg('profile', { name: 'Late' }),
        msg('ready', { ready: false }),
      ];
      await sendEach(host, frames.slice(0, 2));
      if (guest)
        await sendEach(guest, [msg('start'), msg('options', { bots: false }), msg('ready', { ready: true })]);
      await sendEach(host, frames.slice(2));
      await new Promise((r) => setTimeout(r, 400));
      // During play: lobby messages and input from both.
      await sendEach(host, [
        msg('ready', { ready: true }),
        validInput(rng),
        msg('chat', { text: 'gg', team: true }),
      ]);
      if (guest) await sendEach(guest, [msg('profile', { pref: 'hunter' }), validInput(rng)]);
      note(host, 'host-out-of-turn', frames);
      if (guest) note(guest, 'guest-out-of-turn');
      host.leave();
      guest?.leave();
      await Promise.all([host.closedWithin(1000), guest?.closedWithin(1000)]);
    },
  ],
  [
    'the host leaves during the countdown',
    async ({ rng, note }) => {
      const host = await raw('create', 'match', { name: 'Gone', mode: 'custom', police: 0, civilians: 0 });
      if (!host) return;
      const guest = await raw('joinById', host.seat.roomId, { name: 'Stays' });
      if (guest) await sendEach(guest, [msg('ready', { ready: true })]);
      await sendEach(host, [msg('start')]);
      host.abort();
      await new Promise((r) => setTimeout(r, 500));
      if (guest) await sendEach(guest, [validInput(rng), msg('start'), validInput(rng)]);
      note(host, 'host-gone');
      if (guest) {
        note(guest, 'guest-after-host');
        guest.leave();
        await guest.closedWithin(1000);
      }
    },
  ],
  [
    "reconnect with another client's token, a forged token, a token for another room",
    async ({ rng, note }) => {
      const victim = quiet(
        await server
          .client()
          .joinById(playAnchor!.roomId, { name: 'Victim', pref: 'any' })
          .catch(() => null as never),
      );
      if (!victim) return;
      const token = victim.reconnectionToken; // "roomId:token"
      const [roomId, secret] = token.split(':');
      // While the victim is connected.
      const stolen = await raw('reconnect', roomId, { reconnectionToken: secret });
      note(stolen, 'reconnect-while-connected');
      stolen?.abort();
      // Forged and misplaced tokens.
      for (const t of [hex(rng.bytes(8)), 'x'.repeat(2000), '', `${secret}\u0000`]) {
        const c = await raw('reconnect', roomId, { reconnectionToken: t });
        note(c, 'reconnect-forged');
        c?.abort();
      }
      const misplaced = await raw('reconnect', lobbyAnchor!.roomId, { reconnectionToken: secret });
      note(misplaced, 'reconnect-other-room');
      misplaced?.abort();
      // The victim drops without a goodbye; someone else takes the seat with its token.
      victim.connection.close();
      await new Promise((r) => setTimeout(r, 100));
      const thief = await raw('reconnect', roomId, { reconnectionToken: secret });
      if (thief) {
        await sendEach(thief, [validInput(rng), msg('chat', { text: 'mine now' })]);
        note(thief, 'reconnect-thief');
        thief.leave();
        await thief.closedWithin(1000);
      }
    },
  ],
  [
    'a watcher sends lobby messages, chat, then inputs',
    async ({ rng, note, problem }) => {
      const eye = await raw('joinOrCreate', 'watch', { name: 'Eye', match: playAnchor!.roomId });
      if (!eye) return;
      const anchor = matchMaker.getLocalRoomById(playAnchor!.roomId) as unknown as {
        state: { phase: string; options: { police: number } };
      };
      const before = { phase: anchor.state.phase, police: anchor.state.options.police };
      // Unknown types in the watch room: answered, the watcher stays, the match does not hear of them.
      const messages = [
        msg('ready', { ready: true }),
        msg('start'),
        msg('options', { police: 100 }),
        msg('kick', { target: 'x' }),
        msg('rematch'),
        msg('profile', { name: 'Eye 2', pref: 'hunter' }),
        msg('chat', { text: 'hunter is at the mall' }),
        msg('chat', { text: 'again, too soon' }),
      ];
      await sendEach(eye, messages);
      if (!eye.isOpen) problem(`a watcher was dropped for lobby messages and chat: ${eye.closeInfo?.code}`);
      const after = { phase: anchor.state.phase, police: anchor.state.options.police };
      if (after.police !== before.police || (before.phase === 'playing' && after.phase !== 'playing'))
        problem(
          `a watcher's lobby messages changed the match: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
        );
      // The watch room takes no input: the first input frame drops the watcher.
      const inputs = [
        ...Array.from({ length: 3 }, () => validInput(rng)),
        ...Array.from({ length: 3 }, () => inputFrame(rng)),
      ];
      await sendEach(eye, inputs);
      const closed = await eye.closedWithin(1000);
      if (closed?.code !== CloseCodes.withError)
        problem(
          `a watcher's input frame did not drop it with ${CloseCodes.withError}: ${closed ? closed.code : 'still open'}`,
        );
      note(eye, 'watcher-inputs', [...messages.slice(-2), ...inputs.slice(0, 2)]);
      eye.abort();
    },
  ],
  [
    'joins and leaves interleaved, drops without goodbye, sockets closed before the join',
    async ({ rng, note }) => {
      const jobs = Array.from({ length: 24 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, rng.int(0, 200)));
        const room = rng.chance(0.5) ? playAnchor!.roomId : lobbyAnchor!.roomId;
        const kind = i % 4;
        // A player of the match or a watcher of it (in its watch room).
        const seat = (name: string, watcher: boolean) =>
          watcher
            ? reserve(HTTP, 'joinOrCreate', 'watch', { name, match: room })
            : reserve(HTTP, 'joinById', room, { name });
        if (kind === 0) {
          // Reserve a seat and never connect.
          await seat(`R${i}`, rng.chance(0.7));
          return;
        }
        const r = await seat(`J${i}`, rng.chance(0.5));
        if (!r.ok) return;
        const conn = new RawConn(WS, r.seat);
        if (kind === 1) {
          conn.abort(); // closed before the join arrives
          return;
        }
        if (!(await conn.joinedWithin(3000))) return;
        conn.ackJoin();
        conn.send(validFrame(rng).bytes);
        await new Promise((r2) => setTimeout(r2, rng.int(0, 150)));
        if (kind === 2) conn.abort();
        else conn.leave();
        await conn.closedWithin(1000);
        note(conn, kind === 2 ? 'storm-abort' : 'storm-leave');
      });
      await Promise.all(jobs);
    },
  ],
  [
    "sockets with someone else's session id, no session, a wrong room or process",
    async ({ rng, note }) => {
      const victim = [...(matchMaker.getLocalRoomById(playAnchor!.roomId)?.clients ?? [])][0];
      const seats = [
        { processId: 'x', roomId: playAnchor!.roomId, sessionId: victim?.sessionId ?? 'none' },
        {
          processId: matchMaker.processId,
          roomId: playAnchor!.roomId,
          sessionId: victim?.sessionId ?? 'none',
        },
        { processId: matchMaker.processId, roomId: playAnchor!.roomId, sessionId: 'nosuchsession' },
        { processId: matchMaker.processId, roomId: 'nosuchroom', sessionId: 'x' },
      ];
      for (const seat of seats) {
        const conn = new RawConn(WS, seat);
        await conn.joinedWithin(500);
        conn.send(validFrame(rng).bytes);
        conn.send(hostileFrame(rng).bytes);
        await conn.closedWithin(1500);
        note(conn, 'hijack');
        conn.abort();
      }
      // No room at all: the transport's bare socket (answers pings, closes after a second).
      const bare = new WebSocket(`${WS}/`);
      await new Promise<void>((resolve) => {
        bare.addEventListener('open', () => {
          for (let i = 0; i < 20; i++) bare.send(hostileFrame(rng).bytes);
        });
        bare.addEventListener('close', () => resolve());
        bare.addEventListener('error', () => resolve());
        setTimeout(resolve, 2000);
      });
      bare.close();
    },
  ],
  [
    'a custom room on a map that passes the name check but does not exist, started',
    async ({ note }) => {
      for (const mode of ['custom', 'quick']) {
        const host = await raw('create', 'match', {
          name: 'Mapper',
          mode,
          map: 'nosuchmap',
          police: 0,
          civilians: 0,
        });
        if (!host) continue;
        await sendEach(host, [msg('start')]);
        await new Promise((r) => setTimeout(r, 500));
        note(host, `nosuchmap-${mode}`);
        host.leave();
        await host.closedWithin(1000);
      }
    },
  ],
  [
    'a watched match goes away under its watchers; watching what is not a match',
    async ({ rng, note }) => {
      for (const isPrivate of [false, true]) {
        const host = await raw('create', 'match', {
          name: 'Watched',
          mode: 'custom',
          private: isPrivate,
          police: 0,
          civilians: 0,
          spectatorDelay: 0,
        });
        if (!host) continue;
        await sendEach(host, [msg('start')]);
        const match = host.seat.roomId;
        const watchers = (
          await Promise.all([
            raw('joinOrCreate', 'watch', { name: 'W1', match }),
            raw('joinOrCreate', 'watch', { name: 'W2', match }, false),
            // A private code in lower case is another (non-existent) match.
            raw('joinOrCreate', 'watch', { name: 'W3', match: match.toLowerCase() }),
          ])
        ).filter((c): c is RawConn => c !== null);
        await new Promise((r) => setTimeout(r, 300));
        // The match's only person goes without a goodbye: once its seat is no longer held, the room goes
        // while it is watched.
        host.abort();
        const t0 = performance.now();
        while (matchMaker.getLocalRoomById(match) && performance.now() - t0 < 5000)
          await new Promise((r) => setTimeout(r, 50));
        for (const w of watchers) {
          await sendEach(w, [
            msg('chat', { text: 'still here?' }),
            validMessage(rng),
            f([Code.PING], 'ping'),
          ]);
          note(w, `watcher-of-gone-${isPrivate ? 'private' : 'public'}`);
          w.leave();
          await w.closedWithin(1000);
          w.abort();
        }
        note(host, 'watched-host-gone');
        // Watching the match again now: refused or joined, never a fault.
        const late = await raw('joinOrCreate', 'watch', { name: 'Late', match });
        if (late) {
          note(late, 'watcher-late');
          late.leave();
          await late.closedWithin(1000);
          late.abort();
        }
      }
      // A watch room asked for the listing, a watch room, nothing.
      const listing = (await matchMaker.query({ name: 'lobby' }))[0]?.roomId ?? 'x';
      const aWatchRoom = (await matchMaker.query({ name: 'watch' }))[0]?.roomId ?? 'x';
      for (const match of [listing, aWatchRoom, 'NOSUCH']) {
        const c = await raw('joinOrCreate', 'watch', { name: 'Odd', match });
        if (c) {
          note(c, 'watcher-of-odd');
          c.leave();
          await c.closedWithin(1000);
          c.abort();
        }
      }
    },
  ],
  [
    'duplicate join acknowledgements, ping floods, control codes with trailing bytes',
    async ({ rng, note }) => {
      const conn = rng.chance(0.5)
        ? await raw('joinOrCreate', 'watch', { name: 'Pinger', match: lobbyAnchor!.roomId })
        : await raw('joinById', lobbyAnchor!.roomId, { name: 'Pinger' });
      if (!conn) return;
      const frames = [
        ...Array.from({ length: 5 }, () => f([Code.JOIN_ROOM], 'join-again')),
        ...Array.from({ length: 100 }, () => f([Code.PING], 'ping')),
        f([Code.PING, 1, 2, 3], 'ping+bytes'),
        f([Code.JOIN_ROOM, 0xff, 0xff], 'join+bytes'),
        f([Code.LEAVE_ROOM, 0x01], 'leave+bytes'),
      ];
      await sendEach(conn, frames);
      await conn.closedWithin(1000);
      note(conn, 'control-codes', frames.slice(-3));
      conn.abort();
    },
  ],
];

async function sequencesBatch(seed: number): Promise<number> {
  let frames = 0;
  for (const [i, [name, run]] of SEQUENCES.entries()) {
    const rng = new Rng(seedOf(`${seed}:sequence:${i}`));
    const label = `sequences seed=${seedText(seed)} #${i}: ${name}`;
    watchdog.label(label);
    faults.label = label;
    await ensureAnchors();
    await withTimeout(
      run({
        rng,
        seed,
        note: (conn, target, fr = []) => {
          if (!conn) return;
          frames += conn.framesOut;
          const drop = fr.find((x) => expectation(x.bytes) === 'drop');
          records.push({
            batch: 'sequences',
            target,
            sessionId: conn.seat.sessionId,
            frames: conn.framesOut,
            last: fr.slice(-4).map((x) => `${x.kind} ${hex(x.bytes, 32)}`),
            firstDropAt: null,
            firstDrop: drop?.kind ?? '',
            closed: conn.closeInfo,
            conn,
          });
        },
        problem: (text) => seqProblems.push(text),
      }),
      20_000,
    ).catch((e) => {
      throw new Error(`sequence "${name}": ${(e as Error).message}`);
    });
  }
  return frames;
}

// ─── Summary ─────────────────────────────────────────────────────────────────

function printSummary(): void {
  const lines: string[] = [];
  lines.push(`fuzz summary — seeds ${SEEDS.map(seedText).join(', ')}, scale ${SCALE}`);
  lines.push('  batch       seed        cases frames  secs  health  canary-gap  log-bytes  rss-MB  result');
  for (const r of reports) {
    lines.push(
      `  ${r.batch.padEnd(11)} ${r.seed}  ${String(r.cases).padStart(5)} ${String(r.frames).padStart(6)} ${r.seconds.toFixed(1).padStart(5)} ${String(r.healthMs).padStart(6)}ms ${String(r.canaryGapMs).padStart(9)}ms ${String(r.logBytes).padStart(10)} ${String(r.rssMb).padStart(7)}  ${r.problems.length ? `FAILED (${r.problems.length})` : 'held'}`,
    );
  }
  // Offenders: how each hostile connection ended, by close code.
  const byCode = new Map<string, number>();
  const byKind = new Map<string, number>();
  let dropExpected = 0;
  let dropNotSeen = 0;
  const notDropped: ConnRecord[] = [];

  for (const r of records) {
    countInto(byCode, ending(r));
    if (r.firstDropAt !== null) {
      dropExpected++;
      const closed = r.closed ?? r.conn?.closeInfo;
      const dropped =
        closed && (closed.code === CloseCodes.withError || closed.code === CloseCodes.messageTooBig);
      if (!dropped) {
        dropNotSeen++;
        notDropped.push(r);
        countInto(byKind, r.firstDrop.split(':').slice(0, 2).join(':'));
      }
    }
  }
  lines.push(`  hostile connections: ${records.length}; how they ended: ${fmt(byCode)}`);
  const byTarget = new Map<string, Map<string, number>>();
  for (const r of records) {
    const m = byTarget.get(r.target) ?? new Map<string, number>();
    countInto(m, ending(r));
    byTarget.set(r.target, m);
  }
  for (const [t, m] of [...byTarget.entries()].sort()) lines.push(`    ${t.padEnd(26)} ${fmt(m)}`);
  for (const r of notDropped.slice(0, 5)) {
    const closed = r.closed ?? r.conn?.closeInfo;
    lines.push(
      `    not dropped: ${r.batch} → ${r.target}, ended ${closed ? closed.code : 'open'}, first such frame ${r.firstDrop}; last frames: ${r.last.join(' | ')}`,
    );
  }
  lines.push(
    `  connections that sent a frame that must get them dropped: ${dropExpected}; not dropped with 4002/1009: ${dropNotSeen}${dropNotSeen ? ` — first such frame, by kind: ${fmt(byKind, 12)}` : ''}`,
  );
  lines.push(`  matchmaking answers: ${fmt(refusals, 20)}`);
  if (allFaults.length)
    lines.push(
      `  uncaught errors: ${allFaults.length} (first: ${allFaults[0].error} during ${allFaults[0].label})`,
    );
  if (process.env.FUZZ_DEBUG) lines.push(`  timing: ${fmt(timing, 40)}`);
  print(lines.join('\n'));
}

function fmt(m: Map<string, number>, max = 30): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([k, v]) => `${k.trim()} ×${v}`)
    .join(', ');
}
