import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { Client } from '@colyseus/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/cluster/localRedis.js';
import { stateOf, until } from './helpers.js';

const NODE = 'node_modules/.bin/node';
const children: ChildProcess[] = [];

function run(env: Record<string, string>, args: string[] = []) {
  const child = spawn(NODE, ['--import', 'tsx', 'server/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** Start-up stopped: exit code 2 and exactly one line on stderr, `liquid-metal: ` and `line`. */
async function stoppedWith(p: ReturnType<typeof run>, line: string): Promise<void> {
  expect(await p.exited).toBe(2);
  expect(p.err().trim().split('\n')).toEqual([`liquid-metal: ${line}`]);
}

const groups: number[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  // `npm start`'s group: npm and whatever it started, even a server npm left behind.
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('npm start', () => {
  it('a bad PORT stops start-up with one line naming it and exit code 2', async () => {
    const p = run({ PORT: 'eighty' });
    await stoppedWith(p, 'environment variable PORT: must be a port number 1-65535, got "eighty"');
  });

  it('an empty SERVER_PASSWORD stops start-up with one line naming it and exit code 2', async () => {
    const p = run({ SERVER_PASSWORD: '', PORT: '2619' });
    await stoppedWith(p, 'environment variable SERVER_PASSWORD: must not be empty, got ""');
  });

  it('a REPLAY_DIR that cannot be made or written, or a CLIENT_DIR that does not exist, stops start-up with one line and exit code 2', async () => {
    const replays = run({ REPLAY_DIR: '/etc/passwd/x', PORT: '2619' });
    await stoppedWith(replays, 'REPLAY_DIR: cannot create or write "/etc/passwd/x" (ENOTDIR)');
    const client = run({ PORT: '2619' }, ['--client-dir', '/nonexistent-client-dir']);
    await stoppedWith(client, 'CLIENT_DIR: "/nonexistent-client-dir" does not exist');
  }, 30_000);

  it('a bad network limit stops start-up with one line naming it and exit code 2', async () => {
    const p = run({ MAX_CLIENTS: '0' });
    await stoppedWith(p, 'environment variable MAX_CLIENTS: must be between 1 and 1000000, got "0"');
  });

  it('REDIS_URL without PUBLIC_ADDRESS, or a Redis that does not answer, stops start-up with one line and exit code 2', async () => {
    const noAddress = run({ REDIS_URL: 'redis://127.0.0.1:1' });
    await stoppedWith(
      noAddress,
      'PUBLIC_ADDRESS: must be set with REDIS_URL (host:port at which clients reach this process)',
    );
    const unreachable = run({ REDIS_URL: 'redis://:hunter2@127.0.0.1:1', PUBLIC_ADDRESS: '127.0.0.1:2567' });
    expect(await unreachable.exited).toBe(2);
    const lines = unreachable.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^liquid-metal: REDIS_URL: cannot reach redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    // The password is never printed.
    expect(unreachable.err()).not.toContain('hunter2');
  }, 30_000);

  it('a port already in use stops start-up with one line naming it and exit code 2', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const p = run({ PORT: String(port), HOST: '127.0.0.1' });
      await stoppedWith(p, `PORT: ${port} is already in use`);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('a HOST that cannot be bound stops start-up with one line naming it and exit code 2', async () => {
    // Not an address of this machine (EADDRNOTAVAIL), and a name that resolves to nothing (ENOTFOUND).
    for (const host of ['10.255.255.1', 'nosuchhost.invalid']) {
      const p = run({ PORT: '2619', HOST: host });
      await stoppedWith(p, `HOST: cannot listen on ${host}`);
    }
  }, 30_000);

  it('--help lists the network limits', async () => {
    const p = run({}, ['--help']);
    expect(await p.exited).toBe(0);
    for (const v of ['TRUST_PROXY', 'MAX_CLIENTS', 'MAX_ROOMS', 'ADMIN_PASSWORD', 'FREE_FAILURES'])
      expect(p.out()).toContain(v);
  });

  it('an unknown map stops start-up with one line naming it and exit code 2', async () => {
    const p = run({ PORT: '2617' }, ['--map', 'atlantis']);
    expect(await p.exited).toBe(2);
    const lines = p.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^liquid-metal: MAP: unknown map "atlantis"/);
  });

  it('PORT=0 (a port the system would pick, which no player could be told) stops start-up', async () => {
    const p = run({ PORT: '0' });
    await stoppedWith(p, 'environment variable PORT: must be a port number 1-65535, got "0"');
  });

  it('on HOST=::1 prints an address that opens: the IPv6 address in brackets', async () => {
    const p = run({ PORT: '2619', HOST: '::1' });
    await until(
      'the address printed',
      () => p.out().includes('open http://') || p.child.exitCode !== null,
      20_000,
    );
    expect(p.out()).toContain('open http://[::1]:2619/ to play');
    expect((await fetch('http://[::1]:2619/health')).status).toBe(200);
    p.child.kill('SIGTERM');
    await p.exited;
  }, 30_000);

  it('starts, prints the address to open and answers /health', async () => {
    const p = run({ PORT: '2618', HOST: '127.0.0.1' });
    const t0 = Date.now();
    while (!p.out().includes('open http://')) {
      if (Date.now() - t0 > 20_000) throw new Error(`no address printed: ${p.out()} ${p.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(p.out()).toContain('open http://127.0.0.1:2618/');
    const res = await fetch('http://127.0.0.1:2618/health');
    expect((await res.json()).status).toBe('ok');
    p.child.kill('SIGTERM');
    await p.exited;
  }, 30_000);
});

describe('npm start and signals (a deploy: Docker or Kubernetes send SIGTERM to `npm start`)', () => {
  /** `npm start` (without rebuilding the client) in its own process group, as a terminal or a container runs it, playing a match. */
  async function npmStartWithAMatch() {
    const port = await freePort();
    const child = spawn('npm', ['start', '--ignore-scripts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DRAIN_SECONDS: '2', COUNTDOWN: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    groups.push(child.pid!);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | string | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? signal)),
    );
    await until('the server listens', () => out.includes('open http://'), 30_000);
    const room = await new Client(`ws://127.0.0.1:${port}`).joinOrCreate('match', { name: 'Ann' });
    room.onMessage('*', () => undefined);
    await until('the match plays', () => stateOf(room).phase === 'playing', 20_000);
    return { port, child, exited, out: () => out };
  }

  const answers = (port: number) =>
    fetch(`http://127.0.0.1:${port}/health/live`).then(
      () => true,
      () => false,
    );

  it('SIGTERM to npm alone reaches the server: it drains (the match called off, saved) and exits, and npm exits 0', async () => {
    const s = await npmStartWithAMatch();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out()).toMatch(/drain: done in \d+ ms: 0 match room\(s\) handed over, 1 called off/);
    expect(await answers(s.port)).toBe(false);
  }, 60_000);

  it('Ctrl-C, which the server gets twice (from the terminal, and from npm passing it on), still drains', async () => {
    const s = await npmStartWithAMatch();
    // The terminal signals the whole foreground group; npm passes its copy on a moment later.
    const server = Number(execFileSync('pgrep', ['-P', String(s.child.pid)], { encoding: 'utf8' }).trim());
    process.kill(server, 'SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    process.kill(s.child.pid!, 'SIGINT');
    await s.exited;
    expect(s.out()).toMatch(/drain: done in \d+ ms: 0 match room\(s\) handed over, 1 called off/);
    expect(await answers(s.port)).toBe(false);
  }, 60_000);
});
