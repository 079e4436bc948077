/**
 * npm run cluster -- [--processes N] [--port P] [--host H] [--redis URL] [--no-build]
 *
 * Try a cluster on one machine: N game server processes on one Redis behind
 * a small front proxy that does what docs/nginx/liquid-metal.conf does
 * (scripts/frontProxy.ts), at one address, http://localhost:P/.
 *
 * 1. Builds the client once (`npm run build:client`) unless `--no-build`.
 * 2. Redis: `--redis URL`, else REDIS_URL, else a throwaway redis-server on
 *    a free loopback port (said so); neither: one line, exit 2.
 * 3. Starts the processes (`node --import tsx server/main.ts`, the
 *    environment passed through, plus PORT = a free loopback port, HOST =
 *    127.0.0.1, REDIS_URL, PUBLIC_ADDRESS = `<host>:<P>/p<i>`, TRUST_PROXY=1),
 *    their lines prefixed `[p1]`, `[p2]`…
 * 4. The front proxy on H:P: `/pN/…` to process N, the rest to any.
 *
 * Ctrl-C or SIGTERM: SIGTERM to every process (they drain; with all of them
 * stopping, running matches are called off after DRAIN_SECONDS), wait for
 * them, stop the local Redis, exit 0. A process that exits by itself is
 * said so and not restarted: the others take its matches.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort, type LocalRedis, redisServerPath, startLocalRedis } from '../server/cluster/localRedis.js';
import { redactUrl } from '../server/config.js';
import { publicHostOf } from '../server/ops/startup.js';
import { fail, flags, intFlag } from './cli.js';
import { createFrontProxy, type FrontProxy } from './frontProxy.js';
import { ROOT, spawnServer } from './serverProcess.js';

const USAGE = `usage: npm run cluster -- [--processes N] [--port P] [--host H] [--redis URL] [--no-build]
  --processes N   game server processes (default 2)
  --port P        the port players open (default 2567)
  --host H        interface the front proxy listens on (default 0.0.0.0; players open localhost,
                  or H itself when it is an address of this machine)
  --redis URL     the Redis of the cluster (default: REDIS_URL, else a throwaway local redis-server)
  --no-build      do not build the client first (npm run build:client)
Every other setting (DRAIN_SECONDS, MATCH_SECONDS, SERVER_PASSWORD, …) passes to the processes
through the environment (npm start -- --help lists them).`;

const f = flags({
  processes: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  redis: { type: 'string' },
  'no-build': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
});
if (f.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const count = intFlag('processes', f.processes, 2, 1, 64);
const port = intFlag('port', f.port, 2567, 1, 65535);
const host = f.host ?? '0.0.0.0';
if (host.trim() === '') fail('--host must not be empty');
const givenRedis = f.redis ?? (process.env.REDIS_URL || undefined);
const redisSource = f.redis !== undefined ? '--redis' : 'REDIS_URL';
if (givenRedis !== undefined) {
  let url: URL | null = null;
  try {
    url = new URL(givenRedis);
  } catch {
    url = null;
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '')
    fail(`${redisSource}: must be a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(givenRedis))}`);
} else if (!redisServerPath()) {
  fail('REDIS_URL: not given and redis-server is not installed (apt-get install -y redis-server)');
}
/** What the processes will wait at most on SIGTERM (server/config.ts: DRAIN_SECONDS, default 30). */
const drainSeconds = (() => {
  const v = Number(process.env.DRAIN_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 30;
})();
/** The host players (and seat reservations) name: a wildcard address is opened as localhost. */
const publicHost = publicHostOf(host);

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Proc {
  name: string;
  port: number;
  child: ChildProcess;
  ready: boolean;
  exited: Promise<void>;
  /** The exit code, or the signal, once exited. */
  end: number | string | null;
}

const procs: Proc[] = [];
let redis: LocalRedis | null = null;
let build: ChildProcess | null = null;
let stopping = false;
let up = false;

/** `count` distinct free loopback ports. */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Each line of `stream` to `out`, prefixed; `onLine` may replace a line (return null to drop it). */
function prefixLines(
  stream: NodeJS.ReadableStream | null,
  out: NodeJS.WriteStream,
  prefix: string,
  onLine: (line: string) => string | null = (l) => l,
): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    const shown = onLine(line);
    if (shown !== null) out.write(`${prefix} ${shown}\n`);
  });
}

function how(p: Proc): string {
  return typeof p.end === 'number' ? `code ${p.end}` : `signal ${p.end}`;
}

function startProc(i: number, procPort: number, redisUrl: string): Proc {
  const name = `p${i + 1}`;
  const child = spawnServer({
    env: {
      PORT: String(procPort),
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      PUBLIC_ADDRESS: `${publicHost}:${port}/${name}`,
      TRUST_PROXY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches this script, which sends each process one SIGTERM.
    detached: true,
  });
  const proc: Proc = { name, port: procPort, child, ready: false, exited: Promise.resolve(), end: null };
  // 'close': after its last lines were read, so they come before the line saying it exited.
  proc.exited = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      proc.end = code ?? signal;
      resolve();
      onExit(proc);
    }),
  );
  child.once('error', (e) => say(`[${name}] could not start: ${e.message}`));
  prefixLines(child.stdout, process.stdout, `[${name}]`, (line) => {
    if (!proc.ready && /Liquid Metal server listening/.test(line)) {
      proc.ready = true;
      return `listening on 127.0.0.1:${procPort} (pid ${child.pid})`;
    }
    return line;
  });
  prefixLines(child.stderr, process.stderr, `[${name}]`);
  return proc;
}

function onExit(p: Proc): void {
  if (stopping) {
    say(`[${p.name}] exited (${how(p)})`);
    return;
  }
  if (!up) {
    say(`[${p.name}] exited (${how(p)}) before it was ready: stopping the cluster`);
    // A bad setting (exit 2, its line above) is the user's to fix; anything else a failure.
    void shutdown(p.end === 2 ? 2 : 1);
    return;
  }
  const left = procs.filter((q) => q.end === null);
  if (left.length === 0) {
    say(`[${p.name}] exited (${how(p)}); no process left: stopping the cluster`);
    void shutdown(procs.every((q) => q.end === 0) ? 0 : 1);
    return;
  }
  say(
    `[${p.name}] exited (${how(p)}); it is not restarted: ${left.map((q) => q.name).join(', ')} ${left.length === 1 ? 'takes' : 'take'} its matches`,
  );
}

let proxy: FrontProxy | null = null;

let forced = false;
let stopAt = 0;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopAt = Date.now();
  build?.kill('SIGTERM');
  const live = procs.filter((p) => p.end === null);
  if (live.length > 0) {
    say(
      `stopping: SIGTERM to ${live.map((p) => `${p.name} (pid ${p.child.pid})`).join(', ')}; matches still running are called off after at most DRAIN_SECONDS (${drainSeconds} s)…`,
    );
    for (const p of live) p.child.kill('SIGTERM');
  }
  const late = setTimeout(
    () => {
      for (const p of procs.filter((q) => q.end === null)) {
        say(`[${p.name}] still running ${drainSeconds + 15} s after SIGTERM: SIGKILL`);
        p.child.kill('SIGKILL');
      }
    },
    (drainSeconds + 15) * 1000,
  );
  await Promise.all(procs.map((p) => p.exited));
  clearTimeout(late);
  await proxy?.close();
  if (redis) {
    await redis.stop();
    if (!givenRedis) say('stopped the local redis-server');
  }
  say(forced ? 'cluster stopped (forced)' : 'cluster stopped');
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    void shutdown(0);
    return;
  }
  // The same Ctrl-C seen twice (the terminal's and npm's) is not a second one.
  if (forced || Date.now() - stopAt < 500) return;
  forced = true;
  // A second Ctrl-C: no more waiting.
  say(`${signal} again: SIGKILL to every process`);
  for (const p of procs) if (p.end === null) p.child.kill('SIGKILL');
}
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => onSignal(s));
// The processes and Redis run in their own process groups: whatever happens here, they are stopped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
process.on('uncaughtException', (e) => {
  process.stderr.write(`cluster: ${e.stack ?? e}\n`);
  if (!stopping) void shutdown(1);
});

async function main(): Promise<void> {
  const ports = await freePorts(count);
  proxy = createFrontProxy({
    upstreams: ports.map((p) => ({ host: '127.0.0.1', port: p })),
    log: (line) => say(`[proxy] ${line.replace(/^front proxy: /, '')}`),
  });
  try {
    await proxy.listen(port, host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`--port: ${port} is already in use`);
    if (err.code === 'EACCES') fail(`--port: no permission to listen on ${port}`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
      fail(`--host: cannot listen on ${host}`);
    throw e;
  }

  if (!f['no-build']) {
    say('building the client (npm run build:client; --no-build skips it)…');
    build = spawn('npm', ['run', 'build:client'], { cwd: ROOT, stdio: 'inherit' });
    const status = await new Promise<number | null>((resolve) => {
      build?.once('exit', (code) => resolve(code));
      build?.once('error', () => resolve(-1));
    });
    build = null;
    if (stopping) return;
    if (status !== 0) {
      process.stderr.write('error: the client did not build (npm run build:client)\n');
      await proxy?.close();
      process.exit(1);
    }
  }

  let redisUrl: string;
  if (givenRedis !== undefined) {
    redisUrl = givenRedis;
  } else {
    try {
      // In its own process group: the terminal's Ctrl-C reaches this script, not Redis, which must outlive the drain.
      const local = await startLocalRedis(undefined, { detached: true });
      redis = local;
      redisUrl = local.url;
      say(
        `no REDIS_URL: started a local redis-server on 127.0.0.1:${local.port} for this cluster; it keeps nothing when stopped`,
      );
    } catch (e) {
      await proxy?.close();
      fail(`REDIS_URL: not given, and the local redis-server did not start: ${(e as Error).message}`);
    }
  }
  if (stopping) return;

  for (let i = 0; i < count; i++) procs.push(startProc(i, ports[i], redisUrl));
  const t0 = Date.now();
  while (!stopping && procs.some((p) => !p.ready)) {
    if (Date.now() - t0 > 90_000) {
      const late = procs.filter((p) => !p.ready).map((p) => p.name);
      say(`${late.join(', ')} did not start within 90 s: stopping the cluster`);
      await shutdown(1);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (stopping) return;
  up = true;
  const shownHost = host === '0.0.0.0' || host === '::' || host === '[::]' ? 'localhost' : publicHost;
  say(
    `Liquid Metal cluster: ${count} process${count === 1 ? '' : 'es'} on Redis ${redactUrl(redisUrl)} — open http://${shownHost}:${port}/ to play`,
  );
  for (const p of procs)
    say(
      `  ${p.name}: pid ${p.child.pid}, port ${p.port} (through the front proxy: http://${shownHost}:${port}/${p.name}/)`,
    );
  const first = procs[0];
  say(
    `Try a deploy: kill -TERM ${first.child.pid} drains p1 (its matches move to another process, then it exits),` +
      ` as does npm run drain -- --port ${first.port}; a crash: kill -9 ${first.child.pid} (another process resumes its matches).` +
      ' A process that exits is not restarted. Ctrl-C stops the cluster.',
  );
}

void main();
