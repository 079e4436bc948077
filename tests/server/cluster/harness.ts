/**
 * A real cluster for the tests: Debian's redis-server on a free loopback
 * port and server processes (`server/main.ts`, as `npm start` runs it) on
 * free ports, each with REDIS_URL and its PUBLIC_ADDRESS. Without
 * redis-server the suites say so loudly and skip (visible in the summary).
 */
import type { ChildProcess } from 'node:child_process';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll } from 'vitest';
import { outputOf, spawnServer } from '../../../scripts/serverProcess.js';
import {
  freePort,
  type LocalRedis,
  redisServerPath,
  startLocalRedis,
} from '../../../server/cluster/localRedis.js';
import { ONE_ADDRESS, type ServerConfig, settingsEnv } from '../../../server/config.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import { until } from '../helpers.js';

/** Whether the cluster suites can run here; when not, one loud line says why. */
export const HAS_REDIS = redisServerPath() !== null;
if (!HAS_REDIS) {
  process.stderr.write(
    '\n*** CLUSTER TESTS SKIPPED: redis-server is not installed (apt-get install -y redis-server; .ci/run installs it) ***\n\n',
  );
}

export interface Proc {
  name: string;
  port: number;
  child: ChildProcess;
  /** Everything it printed. */
  out(): string;
  client(): Client;
  /** Resolves with the exit code (or signal) once it exited. */
  exited: Promise<number | string | null>;
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

const children = new Set<ChildProcess>();

/** A server process of the cluster on `redis`. */
export async function startProc(
  name: string,
  redisUrl: string | null,
  overrides: Partial<ServerConfig> = {},
  port?: number,
): Promise<Proc> {
  const p = port ?? (await freePort());
  const env = {
    ...settingsEnv({
      ...ONE_ADDRESS,
      devOptions: true,
      host: '127.0.0.1',
      port: p,
      ...(redisUrl ? { redisUrl, publicAddress: `127.0.0.1:${p}` } : {}),
      ...overrides,
    }),
    NODE_ENV: 'test',
  };
  const child = spawnServer({ env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const out = outputOf(child);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal);
    }),
  );
  await until(`${name} listens`, () => /listening/.test(out()) || child.exitCode !== null, 60_000);
  if (child.exitCode !== null) throw new Error(`${name} exited: ${out()}`);
  return {
    name,
    port: p,
    child,
    out,
    client: () => new Client(`ws://127.0.0.1:${p}`),
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Stop every process the tests started (afterAll). */
export async function stopAll(): Promise<void> {
  for (const c of [...children]) if (c.exitCode === null) c.kill('SIGKILL');
}

/**
 * A suite's cluster: its Redis and processes, started by the suite
 * (`redis = await startLocalRedis()`, `start(name)`), all stopped after it —
 * their output printed first with LM_DEBUG_CLUSTER=1.
 */
export function clusterSuite(): {
  redis: LocalRedis | null;
  procs: Proc[];
  start(name: string, overrides?: Partial<ServerConfig>, port?: number): Promise<Proc>;
} {
  const suite = {
    redis: null as LocalRedis | null,
    procs: [] as Proc[],
    async start(name: string, overrides: Partial<ServerConfig> = {}, port?: number): Promise<Proc> {
      if (!suite.redis) suite.redis = await startLocalRedis();
      const p = await startProc(name, suite.redis.url, overrides, port);
      suite.procs.push(p);
      return p;
    },
  };
  afterAll(async () => {
    // A process frozen by a test (SIGSTOP) is woken to be stopped.
    for (const p of suite.procs) if (p.child.exitCode === null) p.child.kill('SIGCONT');
    if (process.env.LM_DEBUG_CLUSTER)
      for (const p of suite.procs) process.stdout.write(`--- ${p.name}\n${p.out()}\n`);
    await stopAll();
    await suite.redis?.stop();
  });
  return suite;
}

/** A match room's state. */
export const st = (r: Room): MatchState => r.state as MatchState;

/** The seat ticket a room sends after the join (register right after joining). */
export function ticketOf(room: Room): Promise<string> {
  return new Promise((resolve) => room.onMessage('seat', (m: { ticket: string }) => resolve(m.ticket)));
}

/** Join `roomId` on `p` (with a ticket, say) until the match is there again, or fail after `ms`. */
export async function comeBack(
  p: Proc,
  roomId: string,
  who: Record<string, string>,
  ms: number,
): Promise<Room> {
  const t0 = Date.now();
  for (;;) {
    try {
      return await p.client().joinById(roomId, who);
    } catch (e) {
      if (Date.now() - t0 > ms) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export { type LocalRedis, startLocalRedis };
