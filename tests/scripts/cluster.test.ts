/**
 * `npm run cluster` as a user runs it: two real server processes on a
 * throwaway redis-server behind the front proxy; the health route and a
 * quick-play match through the one address; SIGTERM stops it all (exit 0,
 * no process and no redis-server left). And its one-line refusals. Without
 * redis-server the cluster suite says so loudly and skips.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/cluster/localRedis.js';
import { HAS_REDIS } from '../server/cluster/harness.js';
import { until } from '../server/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node'))
  ? join(ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;
const DRAIN_SECONDS = 2;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

let cluster: ChildProcess | null = null;
let pids: number[] = [];
afterAll(() => {
  // Only if the test failed half-way: nothing of this cluster outlives the suite.
  if (cluster && cluster.exitCode === null && cluster.signalCode === null) cluster.kill('SIGKILL');
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe.skipIf(!HAS_REDIS)('npm run cluster', () => {
  it('two processes behind the front proxy: health, quick play, then SIGTERM stops everything (exit 0)', async () => {
    const port = await freePort();
    cluster = spawn(
      NODE,
      [
        '--import',
        'tsx',
        'scripts/cluster.ts',
        '--processes',
        '2',
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--no-build',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', DRAIN_SECONDS: String(DRAIN_SECONDS), REDIS_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const child = cluster;
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    await until(
      'the cluster is up',
      () => out.includes('Liquid Metal cluster:') || child.exitCode !== null,
      90_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${out}`);
    });
    expect(out).toMatch(
      /no REDIS_URL: started a local redis-server on 127\.0\.0\.1:\d+ for this cluster; it keeps nothing when stopped/,
    );
    const redisPort = Number(/local redis-server on 127\.0\.0\.1:(\d+)/.exec(out)![1]);
    expect(out).toContain(
      `Liquid Metal cluster: 2 processes on Redis redis://127.0.0.1:${redisPort} — open http://127.0.0.1:${port}/ to play`,
    );
    const procs = [...out.matchAll(/ {2}p(\d): pid (\d+), port (\d+)/g)].map((m) => ({
      n: Number(m[1]),
      pid: Number(m[2]),
      port: Number(m[3]),
    }));
    expect(procs.map((p) => p.n)).toEqual([1, 2]);
    pids = procs.map((p) => p.pid);
    expect(out).toContain(`kill -TERM ${pids[0]}`);
    expect(out).toContain(`npm run drain -- --port ${procs[0].port}`);
    expect(out).toMatch(/\[p1\] listening on 127\.0\.0\.1:\d+/);

    // The page's routes through the one address, and each process at its own prefix.
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    for (const p of procs) {
      const ready = await fetch(`http://127.0.0.1:${port}/p${p.n}/health/ready`);
      expect(ready.status).toBe(200);
    }

    // Quick play through the front proxy: matchmaking to any process, the websocket at /pN/.
    const client = new Client(`ws://127.0.0.1:${port}`);
    const room: Room = await client.joinOrCreate('match', { name: 'A' });
    room.onMessage('seat', () => undefined);
    room.onMessage('*', () => undefined);
    await until('the match state', () => (room.state as { phase?: string }).phase !== undefined, 10_000);
    expect(room.connection.isOpen).toBe(true);
    // The seat reservation named a process's PUBLIC_ADDRESS: the websocket went through the proxy's /pN/.
    expect((room.connection as unknown as { url: string }).url).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${port}/p[12]/[^/]+/${room.roomId}\\?`),
    );
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => setTimeout(() => r('still running'), (DRAIN_SECONDS + 15) * 1000)),
    ]);
    const tookMs = Date.now() - t0;
    expect(code, out).toBe(0);
    expect(tookMs).toBeLessThan((DRAIN_SECONDS + 15) * 1000);
    await left;
    expect(out).toMatch(/stopping: SIGTERM to p1 \(pid \d+\), p2 \(pid \d+\)/);
    expect(out).toContain('[p1] exited (code 0)');
    expect(out).toContain('[p2] exited (code 0)');
    expect(out).toContain('stopped the local redis-server');
    expect(out).toContain('cluster stopped');
    for (const pid of pids) expect(alive(pid), `process ${pid}`).toBe(false);
    expect(await refuses(redisPort)).toBe(true);
    expect(await refuses(port)).toBe(true);
  }, 150_000);
});

describe('npm run cluster refuses, in one line with exit code 2', () => {
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    spawnSync(NODE, ['--import', 'tsx', 'scripts/cluster.ts', '--no-build', ...args], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('no REDIS_URL and no redis-server', () => {
    // A PATH with nothing but a shell: no redis-server to be found.
    const bin = mkdtempSync(join(tmpdir(), 'lm-cluster-path-'));
    try {
      symlinkSync('/bin/sh', join(bin, 'sh'));
      const r = run(['--port', '1'], { PATH: bin });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        'error: REDIS_URL: not given and redis-server is not installed (apt-get install -y redis-server)',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a --redis that is not a Redis URL', () => {
    const r = run(['--redis', 'http://example.com']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error: --redis: must be a redis:// or rediss:// URL, got "http://example.com"',
    );
  });

  it('a port in use, before anything is started', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = run(['--port', String(port), '--host', '127.0.0.1', '--redis', 'redis://127.0.0.1:1']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`error: --port: ${port} is already in use`);
      expect(r.stdout).toBe('');
    } finally {
      busy.close();
    }
  });

  it('a bad --processes', () => {
    const r = run(['--processes', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --processes must be between 1 and 64, got 0');
  });
});
