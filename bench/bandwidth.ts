/**
 * npm run bench:bandwidth -- [--json] [--seconds S] [--port P]
 *
 * A bot match through real sockets: an in-process server, 5 real SDK clients
 * (one per role, their characters driven by the server's bots), and every
 * byte each client receives, per second. The reference in the same run: a
 * JSON snapshot of the same client's decoded view at every patch. Then the
 * same on a world of 10× the area with 10× the NPCs (same density): a client
 * should pay for what it sees, not for the size of the world.
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
  port: { type: 'string' },
});
const SECONDS = intFlag('seconds', f.seconds, 20, 2, 600);
const WARMUP = 5;
const PORT = intFlag('port', f.port, 2640, 1, 65535);

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

async function run(worldScale: 1 | 10): Promise<{ tallies: Tally[]; stepsPerSec: number }> {
  const url = `ws://127.0.0.1:${PORT}`;
  const prefs = ['hunter', 'escort', 'escort', 'escort', 'escort'] as const;
  const host = await new Client(url).create('match', {
    name: 'P0',
    pref: prefs[0],
    mode: 'custom',
    countdown: 0,
    autopilot: true,
    worldScale,
    seed: 42,
  });
  const rooms = [host];
  for (let i = 1; i < 5; i++)
    rooms.push(await new Client(url).joinById(host.roomId, { name: `P${i}`, pref: prefs[i] }));
  for (const r of rooms.slice(1)) r.send('ready', { ready: true });
  await new Promise((r) => setTimeout(r, 300));
  host.send('start');
  const out: Tally[] = [];
  for (const r of rooms) {
    const t: Tally = { role: '', bytes: [], json: [], patchBytes: 0, allBytes: 0, arrivals: 0 };
    const known = new Set<string>();
    tallies.set(r, t);
    out.push(t);
    r.onMessage('*', () => undefined);
    r.onStateChange((state: MatchState) => {
      if (!measuring) return;
      t.role ||= state.private?.get(r.sessionId)?.role ?? '';
      const i = second() - firstSecond;
      t.json[i] = (t.json[i] ?? 0) + JSON.stringify(state.toJSON()).length;
      for (const map of [state.entities, state.trueEntities]) {
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
  const stepsPerSec = m.steps / m.seconds;
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
  return {
    median: median(all),
    p95: quantile(all, 0.95),
    vsJson: json / bytes,
    byRole: ts.map((t) => `${t.role || '?'} ${Math.round(median(t.bytes))}`).join(', '),
    patchShare: ts.reduce((a, t) => a + t.patchBytes, 0) / ts.reduce((a, t) => a + t.allBytes, 0),
    arrivalsPerSec: ts.reduce((a, t) => a + t.arrivals, 0) / ts.length / SECONDS,
    stepsPerSec,
  };
}

const server: Server = defineServer({
  ...(() => {
    const app = appConfig({ ...DEFAULT_CONFIG, port: PORT, devOptions: true, countdownSeconds: 0 });
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
  stepsPerSec: round(base.stepsPerSec, 1),
  bigStepsPerSec: round(big.stepsPerSec, 1),
  bigMedianBytesPerSec: round(big.median, 0),
  seconds: SECONDS,
};
process.stdout.write(
  [
    `default match, 5 clients, ${SECONDS} s: median ${result.medianBytesPerSec} B/s per client, p95 ${result.p95BytesPerSec} B/s`,
    `  by role (median B/s): ${base.byRole}`,
    `  ${Math.round(base.patchShare * 100)} % state patches, the rest messages; ${round(base.arrivalsPerSec, 1)} entities come into sight per client per second`,
    `  a JSON snapshot of the same view at every patch would be ${result.vsJson}× as much`,
    `  the server stepped ${result.stepsPerSec} times a second (30 wanted)`,
    `10× world (10× NPCs): median ${result.bigMedianBytesPerSec} B/s per client at ${result.bigStepsPerSec} steps/s`,
    `  per game second: ${result.world10xRatio}× the default (per wall second: ${result.world10xRawRatio}×)`,
    `  by role (median B/s): ${big.byRole}`,
    `  ${Math.round(big.patchShare * 100)} % state patches; ${round(big.arrivalsPerSec, 1)} entities come into sight per client per second`,
    'targets: median ≤ 2048 B/s, vsJson ≥ 8, world10xRatio ≤ 1.3',
    '',
  ].join('\n'),
);
if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
