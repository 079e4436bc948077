/**
 * A game server in a child process, started as `npm start` starts it
 * (`node --import tsx server/main.ts` from the project's root, with the
 * project's Node 22 when it is installed) — for the scripts, benchmarks and
 * tests that run servers of their own (`npm run cluster`, `bench:load`,
 * `bench:handover`, the cluster tests).
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

export interface ServerSpawn {
  /** Set on top of this process's environment (settingsEnv() turns settings into it). */
  env: Record<string, string | undefined>;
  /** Before the script: `--cpu-prof`, say. */
  nodeArgs?: string[];
  stdio?: StdioOptions;
  /** Its own process group (a Ctrl-C of the terminal then does not reach it). */
  detached?: boolean;
}

export function spawnServer({
  env,
  nodeArgs = [],
  stdio = 'pipe',
  detached = false,
}: ServerSpawn): ChildProcess {
  return spawn(
    existsSync(NODE) ? NODE : process.execPath,
    [...nodeArgs, '--import', 'tsx', 'server/main.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio,
      detached,
    },
  );
}

/** Everything the child writes to its stdout and stderr (piped), as it comes. */
export function outputOf(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return () => out;
}
