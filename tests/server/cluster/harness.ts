/**
 * A real cluster for the tests: Debian's redis-server on a free loopback
 * port and server processes (`server/main.ts`, as `npm start` runs it) on
 * free ports, each with REDIS_URL and its PUBLIC_ADDRESS. Without
 * redis-server the suites say so loudly and skip (visible in the summary).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import {
  freePort,
  type LocalRedis,
  redisServerPath,
  startLocalRedis,
} from '../../../server/cluster/localRedis.js';
import { ONE_ADDRESS, type ServerConfig, settingsEnv } from '../../../server/config.js';
import { until } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

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
  const node = join(ROOT, 'node_modules', '.bin', 'node');
  const env = {
    ...process.env,
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
  const child = spawn(existsSync(node) ? node : process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal);
    }),
  );
  await until(`${name} listens`, () => /listening/.test(out) || child.exitCode !== null, 60_000);
  if (child.exitCode !== null) throw new Error(`${name} exited: ${out}`);
  return {
    name,
    port: p,
    child,
    out: () => out,
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

export { type LocalRedis, startLocalRedis };
