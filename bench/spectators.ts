/**
 * npm run bench:spectators -- [--watchers N] [--seconds S] [--rounds R] [--delay D] [--port P] [--json]
 *
 * `spectatorCost`: the game server's CPU per second of a running match with
 * N watchers (default 100) over the same match with none (target ≤ 1.10).
 * Two server processes (as `npm start` runs one) play the same seeded
 * all-bot match side by side; this process holds the watchers (real SDK
 * clients of the watch room, each on its own websocket, receiving the
 * recording as any spectator does), on one server per round, swapped every
 * round. Each server's CPU is read from /proc for its process alone, over
 * the same S seconds: the reference (no watchers) is measured in the same
 * run, on the same match at the same moment. The match has a public match's
 * spectator delay (60 s) unless `--delay` says otherwise (0: a private
 * match's, sent each second). A readable summary, then one
 * JSON line last.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { flags, intFlag } from '../scripts/cli.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import { PUBLIC_SPECTATOR_DELAY } from '../server/rooms/settings.js';
import { ROOM, ServerMessage } from '../shared/protocol.js';
import { round } from './stats.js';

export interface SpectatorCost {
  spectatorCost: number;
  /** The match's spectator delay (s). */
  delay: number;
  /** Server CPU (ms per second) without watchers and with them. */
  cpuMsPerSecondWithout: number;
  cpuMsPerSecondWith: number;
  watchers: number;
  /** Bytes each watcher received per second (the feed). */
  bytesPerWatcherSecond: number;
}

/** CPU time (ms) a process has used, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command); clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('the server did not start');
}

/** One server process (as `npm start` runs it) with one all-bot match of a fixed seed. */
async function serverWithMatch(port: number, watchers: number, seed: number, delay: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lm-bench-spectators-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      // Every client here comes from 127.0.0.1: lift the per-address limits a real server keeps.
      ...settingsEnv(ONE_ADDRESS),
      PORT: String(port),
      HOST: '127.0.0.1',
      DEV_OPTIONS: '1',
      MAX_SPECTATORS: String(watchers + 10),
      REPLAY_DIR: dir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server did not start');
  await waitHealthy(`http://127.0.0.1:${port}`);
  const url = `ws://127.0.0.1:${port}`;
  // Every seat a bot (the creator's by autopilot); the creator stays connected (a room with no client closes).
  const host = await new Client(url).create(ROOM.match, {
    name: 'Host',
    mode: 'custom',
    countdown: 0,
    matchSeconds: 3600,
    spectatorDelay: delay,
    autopilot: true,
    seed,
  });
  host.onMessage('*', () => undefined);
  return {
    url,
    pid,
    host,
    match: host.roomId,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Two server processes play the same seeded all-bot match side by side (the
 * same world step for step: the simulation and the bots are deterministic);
 * in each round one of them has N watchers and the other none, swapped every
 * round, and both processes' CPU is read over the same seconds. The match's
 * own ups and downs weigh on both sides alike, which alternating phases of
 * one match could not give (its cost changes by a third from minute to
 * minute).
 */
export async function measureSpectatorCost(
  opts: {
    watchers?: number;
    seconds?: number;
    rounds?: number;
    port?: number;
    /** The match's spectator delay (default: a public match's, 60 s). */
    delay?: number;
    log?: (s: string) => void;
  } = {},
): Promise<SpectatorCost> {
  const watchers = opts.watchers ?? 100;
  const delay = opts.delay ?? PUBLIC_SPECTATOR_DELAY;
  const seconds = opts.seconds ?? 10;
  const rounds = Math.max(2, opts.rounds ?? 4);
  const port = opts.port ?? 2670;
  const log = opts.log ?? (() => undefined);
  const seed = 7;
  const a = await serverWithMatch(port, watchers, seed, delay);
  const b = await serverWithMatch(port + 1, watchers, seed, delay).catch(async (e) => {
    await a.stop();
    throw e;
  });
  try {
    // Both matches start together (to within a patch): the same world at the same time.
    a.host.send('start');
    b.host.send('start');
    // Until the delay has let the first records out (watchers get nothing before).
    log(`  the matches run ${delay + 3} s first (the spectator delay is ${delay} s)…`);
    await sleep((delay + 3) * 1000);
    let bytes = 0;
    const connect = async (s: typeof a): Promise<Room[]> => {
      const rooms: Room[] = [];
      for (let i = 0; i < watchers; i++) {
        const r = await new Client(s.url).joinOrCreate(ROOM.watch, { match: s.match, name: `W${i}` });
        r.onMessage(ServerMessage.records, (m: Uint8Array) => {
          bytes += m.length;
        });
        r.onMessage('*', () => undefined);
        rooms.push(r);
      }
      return rooms;
    };
    const withW: number[] = [];
    const without: number[] = [];
    let receivedBytes = 0;
    let receivedSeconds = 0;
    for (let round_ = 0; round_ < rounds; round_++) {
      const [watched, alone] = round_ % 2 === 0 ? [a, b] : [b, a];
      const rooms = await connect(watched);
      // Joining (a hundred handshakes, each sent the recording from its last keyframe) is not watching: let it settle.
      await sleep(3000);
      bytes = 0;
      const w0 = cpuMs(watched.pid);
      const n0 = cpuMs(alone.pid);
      const t0 = performance.now();
      await sleep(seconds * 1000);
      const ms = performance.now() - t0;
      withW.push(((cpuMs(watched.pid) - w0) / ms) * 1000);
      without.push(((cpuMs(alone.pid) - n0) / ms) * 1000);
      receivedBytes += bytes;
      receivedSeconds += seconds;
      log(
        `  round ${round_ + 1}: ${round(withW.at(-1)!, 1)} ms CPU a second with ${watchers} watchers, ${round(without.at(-1)!, 1)} without (the same match in the other process)`,
      );
      await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
      await sleep(1500);
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    return {
      spectatorCost: round(mean(withW) / mean(without), 3),
      delay,
      cpuMsPerSecondWithout: round(mean(without), 1),
      cpuMsPerSecondWith: round(mean(withW), 1),
      watchers,
      bytesPerWatcherSecond: Math.round(receivedBytes / watchers / receivedSeconds),
    };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

const main = process.argv[1]?.endsWith('spectators.ts');
if (main) {
  const f = flags({
    watchers: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    port: { type: 'string' },
    delay: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const r = await measureSpectatorCost({
    watchers: intFlag('watchers', f.watchers, 100, 1, 1000),
    seconds: intFlag('seconds', f.seconds, 10, 1, 600),
    rounds: intFlag('rounds', f.rounds, 4, 2, 20),
    port: intFlag('port', f.port, 2670, 1, 65535),
    delay: intFlag('delay', f.delay, PUBLIC_SPECTATOR_DELAY, 0, 300),
    log: (s) => console.log(s),
  });
  console.log(
    `spectatorCost ${r.spectatorCost} (target ≤ 1.10): the server used ${r.cpuMsPerSecondWith} ms of CPU a second ` +
      `with ${r.watchers} watchers, ${r.cpuMsPerSecondWithout} without (spectator delay ${r.delay} s); each watcher got ${r.bytesPerWatcherSecond} bytes a second`,
  );
  console.log(JSON.stringify(r));
}
