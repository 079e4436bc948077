/**
 * npm run bench:spectators -- [--watchers N] [--seconds S] [--rounds R] [--port P] [--json]
 *
 * `spectatorCost`: the game server's CPU per second of a running match with
 * N watchers (default 100) over the same match with none (target ≤ 1.10).
 * The server runs in a child process (as `npm start` runs it) with one
 * all-bot match; this process holds the watchers (real SDK clients of the
 * watch room, each on its own websocket, receiving the recording as any
 * spectator does). The server's CPU is read from /proc for its process
 * alone. Phases alternate — without, with, without, with… — S seconds each,
 * so the match's own changes over time weigh on both sides alike; the
 * reference (no watchers) is measured in the same run. A readable summary,
 * then one JSON line last.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { flags, intFlag } from '../scripts/cli.js';
import { ONE_ADDRESS, settingsEnv } from '../server/config.js';
import { ROOM, ServerMessage } from '../shared/protocol.js';
import { round } from './stats.js';

export interface SpectatorCost {
  spectatorCost: number;
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

export async function measureSpectatorCost(
  opts: {
    watchers?: number;
    seconds?: number;
    rounds?: number;
    port?: number;
    log?: (s: string) => void;
  } = {},
): Promise<SpectatorCost> {
  const watchers = opts.watchers ?? 100;
  const seconds = opts.seconds ?? 10;
  const rounds = opts.rounds ?? 2;
  const port = opts.port ?? 2670;
  const log = opts.log ?? (() => undefined);
  const url = `ws://127.0.0.1:${port}`;
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
  try {
    await waitHealthy(`http://127.0.0.1:${port}`);
    // One match of bots: its creator's seat is played by a bot too (autopilot), and it stays connected
    // (a room with no client closes).
    const host = await new Client(url).create(ROOM.match, {
      name: 'Host',
      mode: 'custom',
      countdown: 0,
      matchSeconds: 3600,
      spectatorDelay: 0,
      autopilot: true,
    });
    host.onMessage('*', () => undefined);
    const match = host.roomId;
    host.send('start');
    await sleep(2500);

    let bytes = 0;
    const connect = async (): Promise<Room[]> => {
      const rooms: Room[] = [];
      for (let i = 0; i < watchers; i++) {
        const r = await new Client(url).joinOrCreate(ROOM.watch, { match, name: `W${i}` });
        r.onMessage(ServerMessage.records, (b: Uint8Array) => {
          bytes += b.length;
        });
        r.onMessage('*', () => undefined);
        rooms.push(r);
      }
      return rooms;
    };
    const phase = async (): Promise<number> => {
      const c0 = cpuMs(pid);
      const t0 = performance.now();
      await sleep(seconds * 1000);
      return ((cpuMs(pid) - c0) / (performance.now() - t0)) * 1000;
    };
    const without: number[] = [];
    const withW: number[] = [];
    let receivedBytes = 0;
    let receivedSeconds = 0;
    for (let round_ = 0; round_ < rounds; round_++) {
      without.push(await phase());
      log(`  round ${round_ + 1}: no watchers   ${round(without.at(-1)!, 1)} ms CPU per second`);
      const rooms = await connect();
      await sleep(1500);
      bytes = 0;
      withW.push(await phase());
      receivedBytes += bytes;
      receivedSeconds += seconds;
      log(`  round ${round_ + 1}: ${watchers} watchers ${round(withW.at(-1)!, 1)} ms CPU per second`);
      await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
      await sleep(1500);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      spectatorCost: round(mean(withW) / mean(without), 3),
      cpuMsPerSecondWithout: round(mean(without), 1),
      cpuMsPerSecondWith: round(mean(withW), 1),
      watchers,
      bytesPerWatcherSecond: Math.round(receivedBytes / watchers / receivedSeconds),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const main = process.argv[1]?.endsWith('spectators.ts');
if (main) {
  const f = flags({
    watchers: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const r = await measureSpectatorCost({
    watchers: intFlag('watchers', f.watchers, 100, 1, 1000),
    seconds: intFlag('seconds', f.seconds, 10, 1, 600),
    rounds: intFlag('rounds', f.rounds, 2, 1, 20),
    port: intFlag('port', f.port, 2670, 1, 65535),
    log: (s) => console.log(s),
  });
  console.log(
    `spectatorCost ${r.spectatorCost} (target ≤ 1.10): the server used ${r.cpuMsPerSecondWith} ms of CPU a second ` +
      `with ${r.watchers} watchers, ${r.cpuMsPerSecondWithout} without; each watcher got ${r.bytesPerWatcherSecond} bytes a second`,
  );
  console.log(JSON.stringify(r));
}
