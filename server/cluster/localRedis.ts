/**
 * A throwaway `redis-server` on a free loopback port, for `npm run cluster`,
 * the tests and the benchmarks (Debian's `redis-server`; `.ci/run` installs
 * it). Nothing is saved to disk; `stop()` ends it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export interface LocalRedis {
  url: string;
  port: number;
  /** The child process (tests kill it to see a cluster lose Redis). */
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** The redis-server binary on this machine, or null. */
export function redisServerPath(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path !== '' ? path : null;
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start redis-server on `port` (a free one if not given); resolves once it
 * accepts connections. `detached`: in a process group of its own, so a
 * terminal's Ctrl-C (which `npm run cluster` handles by draining its
 * processes) does not stop Redis under them.
 */
export async function startLocalRedis(port?: number, opts: { detached?: boolean } = {}): Promise<LocalRedis> {
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
  const p = port ?? (await freePort());
  const child = spawn(
    bin,
    [
      '--port',
      String(p),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached === true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start on ${p}: ${out.slice(-300)}`)),
      10_000,
    );
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) on port ${p}: ${out.slice(-300)}`));
    });
  });
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
