/**
 * The nginx configuration of docs/nginx/liquid-metal.conf, for real: Debian's
 * nginx terminating TLS (a self-signed certificate) in front of two server
 * processes sharing a redis-server, each with PUBLIC_ADDRESS
 * `127.0.0.1:<nginx>/p1` or `/p2` and TRUST_PROXY. SDK clients reach
 * everything at https://127.0.0.1:<nginx> — matchmaking through the upstream
 * of both processes, each room's websocket (wss) through its process's /pN/
 * location. Without nginx, openssl or redis-server the suite says so loudly
 * and skips.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../server/cluster/localRedis.js';
import { leaveAll, stateOf, until } from '../helpers.js';
import { HAS_REDIS, type LocalRedis, type Proc, startLocalRedis, startProc, stopAll } from './harness.js';
import { HAS_NGINX, type Nginx, SITE_FILE, type SiteValues, startNginx } from './nginx.js';

let redis: LocalRedis | null = null;
let nginx: Nginx | null = null;
/** nginx with HOSTING.md's snippet, in front of one process. */
let single: Nginx | null = null;
const procs: Proc[] = [];
const rooms: Room[] = [];

afterAll(async () => {
  if (process.env.LM_DEBUG_CLUSTER) {
    for (const p of procs) process.stdout.write(`--- ${p.name}\n${p.out()}\n`);
    process.stdout.write(`--- nginx\n${nginx?.errorLog()}\n${nginx?.accessLog()}\n`);
  }
  await leaveAll(rooms);
  await stopAll();
  await nginx?.stop();
  await single?.stop();
  await redis?.stop();
});

/** The secrets of a room a client is in: its session id and its reconnection token (`roomId:token`). */
const secretsOf = (r: Room): string[] => [r.sessionId, r.reconnectionToken.split(':')[1]];

/** Asserts that nginx's access log keeps none of `secrets`, nor any query string. */
function expectNoSecrets(log: string, secrets: string[]): void {
  expect(log).not.toBe('');
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(3);
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(/sessionId|reconnectionToken|\?/);
}

/** One HTTPS request to nginx from `localAddress` (any 127/8 address: a client other than nginx's own 127.0.0.1). */
function call(
  method: string,
  path: string,
  body?: string | Buffer,
  localAddress = '127.0.0.1',
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: nginx!.httpsPort,
        method,
        path,
        localAddress,
        rejectUnauthorized: false,
        agent: false,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/octet-stream' }),
          ...extraHeaders,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('latin1');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The processes' ADMIN_PASSWORD, which a Prometheus scrape sends. */
const ADMIN = 'scrape-secret';

/** A room whose seat tickets (sent to every player) are taken: the SDK warns of messages nobody listens to. */
function seated(room: Room): Room {
  room.onMessage('seat', () => undefined);
  return room;
}

/** Websocket upgrades nginx answered with 101 under `prefix` (/p1/, /p2/). */
const upgradesUnder = (prefix: string): number =>
  nginx!
    .accessLog()
    .split('\n')
    .filter((l) => l.includes(`"GET ${prefix}`) && / 101 /.test(l)).length;

describe.skipIf(!HAS_REDIS || !HAS_NGINX)(
  'nginx (docs/nginx/liquid-metal.conf) in front of two processes',
  () => {
    let client: () => Client;
    beforeAll(async () => {
      // Only this test process trusts the self-signed certificate (the SDK's fetch and websockets).
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      redis = await startLocalRedis();
      const ports = [await freePort(), await freePort()];
      nginx = await startNginx(ports);
      const at = nginx.httpsPort;
      // Only the listed per-address limits are lifted (ONE_ADDRESS); failures lock out after one free one.
      const common = { trustProxy: true, countdownSeconds: 30, freeFailures: 1, adminPassword: ADMIN };
      procs.push(
        await startProc('P1', redis.url, { ...common, publicAddress: `127.0.0.1:${at}/p1` }, ports[0]),
        await startProc('P2', redis.url, { ...common, publicAddress: `127.0.0.1:${at}/p2` }, ports[1]),
      );
      client = () => new Client(nginx!.url);
    }, 120_000);

    it('plain http is sent to https; the page and /health come over TLS', async () => {
      const res = await fetch(`http://127.0.0.1:${nginx!.httpPort}/?quickplay=1`, { redirect: 'manual' });
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`https://127.0.0.1:${nginx!.httpsPort}/?quickplay=1`);
      const page = await call('GET', '/');
      expect(page.status).toBe(200);
      expect(String(page.headers['content-type'])).toMatch(/text\/html/);
      const health = JSON.parse((await call('GET', '/health')).text);
      expect(health.status).toBe('ok');
      // /pN/ reaches exactly that process, its prefix stripped.
      for (const p of ['/p1/', '/p2/']) expect((await call('GET', `${p}health/ready`)).status).toBe(200);
    });

    it('quick play from two clients lands them in one match, over wss through nginx', async () => {
      const a = seated(await client().joinOrCreate('match', { name: 'Ann', pref: 'escort' }));
      rooms.push(a);
      const b = seated(await client().joinOrCreate('match', { name: 'Bob', pref: 'hunter' }));
      rooms.push(b);
      expect(b.roomId).toBe(a.roomId);
      await until(
        'both see both',
        () =>
          [a, b].every(
            (r) =>
              [...stateOf(r).players.values()]
                .filter((p) => !p.bot)
                .map((p) => p.name)
                .sort()
                .join() === 'Ann,Bob',
          ),
        10_000,
      );
      await leaveAll([a, b]);
      // nginx logs a websocket when it closes.
      await until('both websockets logged', () => upgradesUnder('/p1/') + upgradesUnder('/p2/') === 2);
    });

    it('a private match made through nginx is joined by its code', async () => {
      const host = seated(
        await client().create('match', {
          name: 'Host',
          mode: 'custom',
          private: true,
          bots: false,
        }),
      );
      rooms.push(host);
      const code = host.roomId;
      const secrets = [code, ...secretsOf(host)];
      // A few tries: each lands on either process (round robin), and each must find the room.
      for (const name of ['Friend', 'Pal']) {
        const friend = seated(await client().joinById(code, { name, pref: 'hunter' }));
        rooms.push(friend);
        expect(friend.roomId).toBe(code);
        secrets.push(...secretsOf(friend));
        await until(`${name} is in the host's roster`, () =>
          [...stateOf(host).players.values()].some((p) => p.name === name),
        );
        await friend.leave();
      }
      const logged = upgradesUnder('/p1/') + upgradesUnder('/p2/');
      await host.leave();
      await until(
        'the host’s websocket logged',
        () => upgradesUnder('/p1/') + upgradesUnder('/p2/') > logged,
      );
      // The access log keeps no secret: no code (joinById/CODE, /pN/<process>/CODE), no session or token.
      const log = nginx!.accessLog();
      expect(log).toMatch(/"POST \/matchmake\/joinById\/\.\.\." 200 /);
      expectNoSecrets(log, secrets);
    });

    it('new matches land on both processes, and each one’s websockets go through its own location', async () => {
      const made: Room[] = [];
      for (let i = 0; i < 4; i++) {
        const r = seated(
          await client().create('match', {
            name: `M${i}`,
            mode: 'custom',
            private: true,
            bots: false,
          }),
        );
        made.push(r);
        rooms.push(r);
      }
      const counts = await Promise.all(
        procs.map(
          async (p) => (await (await fetch(`http://127.0.0.1:${p.port}/health`)).json()).rooms as number,
        ),
      );
      // Each new match goes to the process with the fewest rooms (rooms of the earlier tests may still be closing).
      expect(counts.every((c) => c >= 1)).toBe(true);
      const before = [upgradesUnder('/p1/'), upgradesUnder('/p2/')];
      await leaveAll(made);
      // nginx logs a websocket when it closes: each location carried some of the four.
      await until(
        'the websockets logged',
        () => upgradesUnder('/p1/') + upgradesUnder('/p2/') === before[0] + before[1] + 4,
      );
      expect(upgradesUnder('/p1/')).toBeGreaterThan(before[0]);
      expect(upgradesUnder('/p2/')).toBeGreaterThan(before[1]);
      // No upgrade ever failed: every one went to the process that runs its room.
      expect(nginx!.accessLog()).not.toMatch(/"GET \/p\d\/[^"]*" [45]\d\d /);
    });

    it('a replay upload of 20 MB passes nginx (client_max_body_size) and reaches the server', async () => {
      const res = await call('POST', '/api/replays', Buffer.alloc(20 * 1024 * 1024, 7));
      // The server read it all and found it is not a replay: nginx did not refuse it (413).
      expect(res.status, res.text.slice(0, 300)).toBe(422);
      expect(JSON.parse(res.text).error).toBeTruthy();
    });

    it('the server counts the client nginx names in X-Forwarded-For, not nginx', async () => {
      // 127.0.0.2 guesses codes until both processes lock it out …
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await call('POST', '/matchmake/joinById/NOSUCHROOM', '{}', '127.0.0.2')).status);
      expect(statuses.slice(0, 4)).toEqual([522, 522, 522, 522]);
      expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
      // … while 127.0.0.1, through the same nginx, is not locked out.
      expect((await call('POST', '/matchmake/joinById/NOSUCHROOM', '{}')).status).toBe(522);
    });

    it('a scrape of /pN/metrics reads process N every time (HOSTING.md’s Prometheus example)', async () => {
      const auth = { authorization: `Bearer ${ADMIN}` };
      /** When the process started: it tells the processes apart. */
      const startOf = (text: string) => /^process_start_time_seconds (\d+)/m.exec(text)?.[1];
      for (const [i, prefix] of ['/p1/', '/p2/'].entries()) {
        const direct = await fetch(`http://127.0.0.1:${procs[i].port}/metrics`, { headers: auth });
        const started = startOf(await direct.text());
        expect(started).toBeDefined();
        for (let k = 0; k < 3; k++) {
          const scrape = await call('GET', `${prefix}metrics`, undefined, '127.0.0.1', auth);
          expect(scrape.status).toBe(200);
          expect(scrape.text).toMatch(/^liquid_metal_rooms_open/m);
          expect(startOf(scrape.text)).toBe(started);
        }
      }
      // Without the admin password a client of nginx is refused (the scraper is not on the processes' machine).
      expect((await call('GET', '/p1/metrics')).status).toBe(401);
    });

    it('a dead process is skipped for the page and matchmaking', async () => {
      await procs[1].stop('SIGKILL');
      for (let i = 0; i < 6; i++) expect((await call('GET', '/health')).status).toBe(200);
      expect((await call('GET', '/p2/health')).status).toBe(502);
    });
  },
);

/** HOSTING.md's nginx snippet (section "Behind a proxy"), as a host copies it. */
function hostingSnippet(): string {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'HOSTING.md'), 'utf8');
  const m = /## Behind a proxy[\s\S]*?```nginx\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/HOSTING.md: no nginx snippet under "Behind a proxy"');
  return m[1];
}

/** The snippet with its example values replaced; each must be there exactly once. */
function renderSnippet(v: SiteValues): string {
  let out = hostingSnippet();
  const swaps: [string, string][] = [
    // Plain HTTP on the port the harness calls httpsPort (the one it waits for).
    ['listen 80;', `listen 127.0.0.1:${v.httpsPort};`],
    ['server_name game.example.com;', 'server_name 127.0.0.1;'],
    [
      'access_log /var/log/nginx/liquid-metal.access.log liquid_metal;',
      `access_log ${v.accessLog} liquid_metal;`,
    ],
    ['proxy_pass http://127.0.0.1:2567;', `proxy_pass http://127.0.0.1:${v.procPorts[0]};`],
  ];
  for (const [from, to] of swaps) {
    const found = out.split(from).length - 1;
    if (found !== 1)
      throw new Error(`docs/HOSTING.md's nginx snippet: expected 1 × "${from}", found ${found}`);
    out = out.replace(from, to);
  }
  return out;
}

describe.skipIf(!HAS_NGINX)('nginx with HOSTING.md’s snippet in front of one process', () => {
  let proc: Proc;
  beforeAll(async () => {
    const port = await freePort();
    single = await startNginx([port], renderSnippet);
    proc = await startProc('single', null, { trustProxy: true, countdownSeconds: 30 }, port);
  }, 120_000);

  it('shares the site file’s log format and body size', () => {
    const site = readFileSync(SITE_FILE, 'utf8');
    const snippet = hostingSnippet();
    const parts = (text: string) => [
      /^map \$uri \$liquid_metal_log_path \{[\s\S]*?^\}$/m.exec(text)?.[0],
      /^log_format liquid_metal .*$/m.exec(text)?.[0],
    ];
    expect(parts(snippet).every((p) => p !== undefined)).toBe(true);
    expect(parts(snippet)).toEqual(parts(site));
    for (const text of [site, snippet]) expect(text).toMatch(/^\s*client_max_body_size 40m;$/m);
  });

  it('a private match joined by its code leaves no code, session id or token in the access log', async () => {
    const client = () => new Client(`http://127.0.0.1:${single!.httpsPort}`);
    const host = seated(
      await client().create('match', { name: 'Host', mode: 'custom', private: true, bots: false }),
    );
    rooms.push(host);
    const code = host.roomId;
    const friend = seated(await client().joinById(code, { name: 'Friend', pref: 'hunter' }));
    rooms.push(friend);
    expect(friend.roomId).toBe(code);
    await until('the friend is in the host’s roster', () =>
      [...stateOf(host).players.values()].some((p) => p.name === 'Friend'),
    );
    const secrets = [code, ...secretsOf(host), ...secretsOf(friend)];
    await leaveAll([friend, host]);
    // nginx logs a websocket when it closes; both went through it, not to the process directly.
    await until('both websockets logged', () => (single!.accessLog().match(/ 101 /g) ?? []).length === 2);
    expect(proc.out()).not.toMatch(/room-fault/);
    const log = single!.accessLog();
    expect(log).toMatch(/"POST \/matchmake\/joinById\/\.\.\." 200 /);
    expectNoSecrets(log, secrets);
  });

  it('a replay upload of 20 MB passes the snippet’s nginx', async () => {
    const res = await fetch(`http://127.0.0.1:${single!.httpsPort}/api/replays`, {
      method: 'POST',
      body: Buffer.alloc(20 * 1024 * 1024, 7),
    });
    // The server read it all and found it is not a replay: nginx did not refuse it (413).
    expect(res.status).toBe(422);
  });
});
