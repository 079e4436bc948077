/**
 * npm run bench:bandwidth -- [--json] [--seconds S] [--warmup W] [--matches K] [--port P]
 *
 * Bot matches through real sockets: an in-process server, K matches at once
 * (seeds 42, 43, …; 2 by default) with 5 real SDK clients each (one per role,
 * their characters driven by the server's bots), and every byte each client
 * receives, per second. The reference in the same run: a JSON snapshot of the
 * same client's decoded view at every patch. Then the same on a world of 10×
 * the area with 10× the NPCs (same density): a client should pay for what it
 * sees, not for the size of the world. How much a client sees in the first
 * seconds depends on where one match's crowd happens to walk, so several
 * seeds are pooled, and the entities in view are reported beside the bytes.
 */
import { defineServer, type Server } from '@colyseus/core';
import { Client, Room as SDKRoom } from '@colyseus/sdk';
import { flags, intFlag } from '../scripts/cli.js';
import { appConfig } from '../server/app.js';
import { DEFAULT_CONFIG } from '../server/config.js';
import { metrics } from '../server/metrics.js';
import type { MatchState } from '../shared/schema/MatchState.js';
import { median, quantile, round } from './stats.js';

const f = flags({
  json: { type: 'boolean', default: false },
  seconds: { type: 'string' },
  warmup: { type: 'string' },
  matches: { type: 'string' },
  port: { type: 'string' },
});
const SECONDS = intFlag('seconds', f.seconds, 20, 2, 600);
/** Seconds of play before measuring (the join and the first full state are not counted). */
const WARMUP = intFlag('warmup', f.warmup, 5, 1, 600);
const PORT = intFlag('port', f.port, 2640, 1, 65535);
/** Matches played at once in each world, seeds 42, 43, …: the figures pool all their clients (a 10× match steps in ~7 ms: more at once slow a shared machine down). */
const MATCHES = intFlag('matches', f.matches, 2, 1, 20);
const SEED = 42;

/** Bytes and JSON-reference bytes received per client per second. */
interface Tally {
  role: string;
  bytes: number[];
  json: number[];
  /** Bytes of state patches, and of every frame (the rest: messages such as events). */
  patchBytes: number;
  allBytes: number;
  /** Entities that came into this client's sight. */
  arrivals: number;
  /** Entities in this client's state, summed over its patches, and the patches. */
  seenSum: number;
  patches: number;
}

const ROOM_STATE_PATCH = 15;
const tallies = new Map<SDKRoom, Tally>();
const second = () => Math.floor(performance.now() / 1000);
let measuring = false;
let firstSecond = 0;

const proto = SDKRoom.prototype as unknown as { onMessageCallback(this: SDKRoom, e: MessageEvent): void };
const original = proto.onMessageCallback;
proto.onMessageCallback = function (this: SDKRoom, event: MessageEvent) {
  const t = tallies.get(this);
  if (t && measuring) {
    const i = second() - firstSecond;
    const frame = new Uint8Array(event.data as ArrayBuffer);
    t.bytes[i] = (t.bytes[i] ?? 0) + frame.byteLength;
    t.allBytes += frame.byteLength;
    if ((frame[0] & 31) === ROOM_STATE_PATCH) t.patchBytes += frame.byteLength;
  }
  return original.call(this, event);
};

/** One bot match with 5 clients watching it (one per role), in its lobby; returns the host first. */
async function openMatch(worldScale: 1 | 10, seed: number): Promise<SDKRoom[]> {
  const url = `ws://127.0.0.1:${PORT}`;
  const prefs = ['hunter', 'escort', 'escort', 'escort', 'escort'] as const;
  const host = await new Client(url).create('match', {
    name: 'P0',
    pref: prefs[0],
    mode: 'custom',
    countdown: 0,
    autopilot: true,
    worldScale,
    seed,
  });
  const rooms = [host];
  for (let i = 1; i < 5; i++)
    rooms.push(await new Client(url).joinById(host.roomId, { name: `P${i}`, pref: prefs[i] }));
  for (const r of rooms.slice(1)) r.send('ready', { ready: true });
  return rooms;
}

async function run(worldScale: 1 | 10): Promise<{ tallies: Tally[]; stepsPerSec: number }> {
  // Several seeds at once: one match's first seconds depend much on where its crowd happens to walk.
  const matches: SDKRoom[][] = [];
  for (let k = 0; k < MATCHES; k++) matches.push(await openMatch(worldScale, SEED + k));
  await new Promise((r) => setTimeout(r, 300));
  for (const m of matches) m[0].send('start');
  const rooms = matches.flat();
  const out: Tally[] = [];
  for (const r of rooms) {
    const t: Tally = {
      role: '',
      bytes: [],
      json: [],
      patchBytes: 0,
      allBytes: 0,
      arrivals: 0,
      seenSum: 0,
      patches: 0,
    };
    const known = new Set<string>();
    tallies.set(r, t);
    out.push(t);
    r.onMessage('*', () => undefined);
    r.onStateChange((state: MatchState) => {
      if (!measuring) return;
      t.role ||= state.private?.get(r.sessionId)?.role ?? '';
      const i = second() - firstSecond;
      t.json[i] = (t.json[i] ?? 0) + JSON.stringify(state.toJSON()).length;
      t.patches++;
      for (const map of [state.entities, state.trueEntities]) {
        t.seenSum += map?.size ?? 0;
        map?.forEach((_e: unknown, k: string) => {
          if (!known.has(k)) t.arrivals++;
          known.add(k);
        });
      }
    });
  }
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  firstSecond = second() + 1;
  metrics.reset();
  measuring = true;
  await new Promise((r) => setTimeout(r, (SECONDS + 1) * 1000));
  measuring = false;
  const m = metrics.snapshot();
  const stepsPerSec = m.steps / m.seconds / MATCHES;
  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
  // Whole seconds only: drop the partial first and last.
  for (const t of out) {
    t.bytes = Array.from({ length: SECONDS }, (_, i) => t.bytes[i] ?? 0);
    t.json = Array.from({ length: SECONDS }, (_, i) => t.json[i] ?? 0);
  }
  return { tallies: out, stepsPerSec };
}

function figures({ tallies: ts, stepsPerSec }: { tallies: Tally[]; stepsPerSec: number }) {
  const all = ts.flatMap((t) => t.bytes);
  const bytes = all.reduce((a, b) => a + b, 0);
  const json = ts.flatMap((t) => t.json).reduce((a, b) => a + b, 0);
  // Entities in a client's view, on average over its patches and over all clients.
  const seen =
    ts.reduce((a, t) => a + t.seenSum, 0) /
    Math.max(
      1,
      ts.reduce((a, t) => a + t.patches, 0),
    );
  const roles = [...new Set(ts.map((t) => t.role || '?'))];
  const pooled = (role: string) => ts.filter((t) => (t.role || '?') === role).flatMap((t) => t.bytes);
  return {
    mean: bytes / all.length,
    seen,
    /** Mean bytes per second per entity in view. */
    perSeen: bytes / all.length / Math.max(1, seen),
    median: median(all),
    p95: quantile(all, 0.95),
    vsJson: json / bytes,
    byRole: roles.map((r) => `${r} ${Math.round(median(pooled(r)))}`).join(', '),
    patchShare: ts.reduce((a, t) => a + t.patchBytes, 0) / ts.reduce((a, t) => a + t.allBytes, 0),
    arrivalsPerSec: ts.reduce((a, t) => a + t.arrivals, 0) / ts.length / SECONDS,
    stepsPerSec,
  };
}

const server: Server = defineServer({
  ...(() => {
    // All five clients come from 127.0.0.1: they may share one match, and a spectator may watch it.
    const app = appConfig({
      ...DEFAULT_CONFIG,
      port: PORT,
      devOptions: true,
      countdownSeconds: 0,
      maxSeatsPerAddress: 5,
      sameAddressSpectators: true,
    });
    return { rooms: app.rooms, transport: app.initializeTransport?.({}), express: app.initializeExpress };
  })(),
  greet: false,
  gracefullyShutdown: false,
});
await server.listen(PORT, '127.0.0.1');

const base = figures(await run(1));
const big = figures(await run(10));
await server.gracefullyShutdown(false);

const result = {
  medianBytesPerSec: round(base.median, 0),
  p95BytesPerSec: round(base.p95, 0),
  vsJson: round(base.vsJson, 1),
  // Per game second: when the big world's simulation cannot keep 30 steps a second on this machine,
  // its clients see less happen per wall second; compare the same game time.
  world10xRatio: round(big.median / big.stepsPerSec / (base.median / base.stepsPerSec)),
  world10xRawRatio: round(big.median / base.median),
  // The same with each world's mean over every client-second instead of the median: steadier when
  // the hunter and the escorts sit on either side of the median.
  world10xMeanRatio: round(big.mean / big.stepsPerSec / (base.mean / base.stepsPerSec)),
  // What the clients saw: entities in view (mean over clients and patches) in each world, and the
  // mean bytes per entity in view — the server's side of "a player pays for what it can see".
  seenDefault: round(base.seen, 1),
  seen10x: round(big.seen, 1),
  world10xPerSeenRatio: round(big.perSeen / big.stepsPerSec / (base.perSeen / base.stepsPerSec)),
  stepsPerSec: round(base.stepsPerSec, 1),
  bigStepsPerSec: round(big.stepsPerSec, 1),
  bigMedianBytesPerSec: round(big.median, 0),
  seconds: SECONDS,
  warmup: WARMUP,
  matchesPerWorld: MATCHES,
};
process.stdout.write(
  [
    `default match (${MATCHES} seeds at once), 5 clients each, ${SECONDS} s: median ${result.medianBytesPerSec} B/s per client, p95 ${result.p95BytesPerSec} B/s`,
    `  by role (median B/s): ${base.byRole}`,
    `  ${Math.round(base.patchShare * 100)} % state patches, the rest messages; ${round(base.arrivalsPerSec, 1)} entities come into sight per client per second`,
    `  a JSON snapshot of the same view at every patch would be ${result.vsJson}× as much`,
    `  the server stepped ${result.stepsPerSec} times a second (30 wanted)`,
    `10× world (10× NPCs): median ${result.bigMedianBytesPerSec} B/s per client at ${result.bigStepsPerSec} steps/s`,
    `  per game second: ${result.world10xRatio}× the default (per wall second: ${result.world10xRawRatio}×; mean over client-seconds: ${result.world10xMeanRatio}×)`,
    `  entities in view (mean per client): ${result.seen10x} here, ${result.seenDefault} in the default; bytes per entity in view ${result.world10xPerSeenRatio}× the default`,
    `  by role (median B/s): ${big.byRole}`,
    `  ${Math.round(big.patchShare * 100)} % state patches; ${round(big.arrivalsPerSec, 1)} entities come into sight per client per second`,
    'targets: median ≤ 2048 B/s, vsJson ≥ 8, world10xRatio ≤ 1.3',
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
