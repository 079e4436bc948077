/**
 * The front proxy of `npm run cluster` against small HTTP servers and a
 * real websocket server: routing by `/pN/` prefix (stripped), round robin
 * for the rest, a dead process skipped, a POST never sent twice,
 * X-Forwarded-For appended, and websocket upgrades piped both ways.
 */
import { createServer, request, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createFrontProxy, type FrontProxy, route } from '../../scripts/frontProxy.js';
import { freePort } from '../../server/cluster/localRedis.js';

interface Seen {
  method: string;
  url: string;
  xff: string | undefined;
  proto: string | undefined;
  body: string;
}

/** An HTTP server that answers `name path` and remembers what it saw. */
async function upstream(name: string): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        xff: req.headers['x-forwarded-for'] as string | undefined,
        proto: req.headers['x-forwarded-proto'] as string | undefined,
        body,
      });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': name });
      res.end(`${name} ${req.url}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port, seen };
}

function get(
  port: number,
  path: string,
  opts: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('route', () => {
  it('/pN/… goes to process N with the prefix stripped; the rest to any process, unchanged', () => {
    expect(route('/p1/abc/def?x=1', 2)).toEqual({ target: 0, path: '/abc/def?x=1' });
    expect(route('/p2/', 2)).toEqual({ target: 1, path: '/' });
    expect(route('/p2', 2)).toEqual({ target: 1, path: '/' });
    expect(route('/p2?x=1', 2)).toEqual({ target: 1, path: '/?x=1' });
    expect(route('/p12/x', 12)).toEqual({ target: 11, path: '/x' });
    expect(route('/', 2)).toEqual({ target: null, path: '/' });
    expect(route('/matchmake/joinOrCreate/match', 2)).toEqual({
      target: null,
      path: '/matchmake/joinOrCreate/match',
    });
    // Not a process's prefix: like nginx's `location /`, any process.
    expect(route('/p3/x', 2)).toEqual({ target: null, path: '/p3/x' });
    expect(route('/p0/x', 2)).toEqual({ target: null, path: '/p0/x' });
    expect(route('/p1x/y', 2)).toEqual({ target: null, path: '/p1x/y' });
    expect(route('/play', 2)).toEqual({ target: null, path: '/play' });
  });
});

describe('front proxy over HTTP', () => {
  let a: Awaited<ReturnType<typeof upstream>>;
  let b: Awaited<ReturnType<typeof upstream>>;
  let deadPort: number;
  let proxy: FrontProxy;
  let port: number;
  const logged: string[] = [];
  beforeAll(async () => {
    a = await upstream('A');
    b = await upstream('B');
    deadPort = await freePort(); // nothing listens there
    proxy = createFrontProxy({
      upstreams: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: deadPort },
        { host: '127.0.0.1', port: b.port },
      ],
      log: (line) => logged.push(line),
    });
    port = await proxy.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await proxy.close();
    a.server.close();
    b.server.close();
  });

  it('routes /pN/ to process N, prefix stripped, with X-Forwarded-For appended', async () => {
    const r = await get(port, '/p3/health/ready?x=1', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(r).toEqual({ status: 200, body: 'B /health/ready?x=1' });
    const seen = b.seen.at(-1)!;
    expect(seen.xff).toBe('203.0.113.7, 127.0.0.1');
    expect(seen.proto).toBe('http');
    expect((await get(port, '/p1/')).body).toBe('A /');
  });

  it('a dead process behind /pN/ is a 502, not another process', async () => {
    const before = a.seen.length + b.seen.length;
    const r = await get(port, '/p2/x');
    expect(r.status).toBe(502);
    expect(r.body).toContain('p2');
    expect(a.seen.length + b.seen.length).toBe(before);
  });

  it('everything else goes to the live processes in turn, skipping the dead one', async () => {
    const bodies: string[] = [];
    for (let k = 0; k < 6; k++) {
      const r = await get(port, '/stats');
      expect(r.status).toBe(200);
      bodies.push(r.body);
    }
    expect(bodies.filter((x) => x === 'A /stats').length).toBeGreaterThanOrEqual(2);
    expect(bodies.filter((x) => x === 'B /stats').length).toBeGreaterThanOrEqual(2);
    expect(b.seen.at(-1)!.xff).toBe('127.0.0.1');
    expect(logged.some((l) => l.includes(`p2 (127.0.0.1:${deadPort}) refuses connections`))).toBe(true);
  });

  it('a POST refused by a dead process goes to a live one with its body', async () => {
    const seenBefore = a.seen.length + b.seen.length;
    for (let k = 0; k < 3; k++) {
      const r = await get(port, '/matchmake/joinOrCreate/match', { method: 'POST', body: `{"k":${k}}` });
      expect(r.status).toBe(200);
    }
    const posts = [...a.seen, ...b.seen].filter((s) => s.method === 'POST');
    expect(posts.map((s) => s.body).sort()).toEqual(['{"k":0}', '{"k":1}', '{"k":2}']);
    expect(a.seen.length + b.seen.length).toBe(seenBefore + 3);
  });
});

describe('a request that reached a process and failed there', () => {
  let hangUp: Server;
  let hits = 0;
  let b: Awaited<ReturnType<typeof upstream>>;
  let proxy: FrontProxy;
  let port: number;
  beforeAll(async () => {
    // Accepts the connection, reads the request, then drops it without an answer (a process dying mid-request).
    hangUp = createTcpServer((s: Socket) => {
      s.once('data', () => {
        hits++;
        s.destroy();
      });
    }) as unknown as Server;
    await new Promise<void>((r) => hangUp.listen(0, '127.0.0.1', r));
    b = await upstream('B');
    proxy = createFrontProxy({
      upstreams: [
        { host: '127.0.0.1', port: (hangUp.address() as { port: number }).port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    port = await proxy.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await proxy.close();
    hangUp.close();
    b.server.close();
  });

  it('a GET is sent again to another process; a POST is not (no match made twice): 502', async () => {
    const results: { status: number; body: string }[] = [];
    for (let k = 0; k < 4; k++) results.push(await get(port, '/x'));
    expect(results.every((r) => r.status === 200 && r.body === 'B /x')).toBe(true);
    expect(hits).toBe(2);

    const posts: number[] = [];
    for (let k = 0; k < 4; k++)
      posts.push((await get(port, '/matchmake/create/match', { method: 'POST', body: '{}' })).status);
    expect(posts.filter((s) => s === 502).length).toBe(2);
    expect(posts.filter((s) => s === 200).length).toBe(2);
    expect(b.seen.filter((s) => s.method === 'POST').length).toBe(2);
    expect(hits).toBe(4);
  });
});

describe('front proxy, websocket upgrades', () => {
  let http: Server;
  let wss: WebSocketServer;
  let upgrades: { url: string; xff: string | undefined }[];
  let proxy: FrontProxy;
  let port: number;
  beforeAll(async () => {
    upgrades = [];
    http = createServer((_req, res) => res.end('plain'));
    wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws, req) => {
      upgrades.push({ url: req.url ?? '', xff: req.headers['x-forwarded-for'] as string | undefined });
      ws.on('message', (data, isBinary) => ws.send(isBinary ? data : `echo ${data}`, { binary: isBinary }));
      ws.send(`hello ${req.url}`);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const dead = await freePort();
    proxy = createFrontProxy({
      upstreams: [
        { host: '127.0.0.1', port: dead },
        { host: '127.0.0.1', port: (http.address() as { port: number }).port },
      ],
    });
    port = await proxy.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await proxy.close();
    wss.close();
    http.close();
  });

  it('/p2/<processId>/<roomId> reaches process 2 as /<processId>/<roomId>, messages flow both ways', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/p2/proc/room?sessionId=s1`, {
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    const got: (string | Buffer)[] = [];
    ws.on('message', (d, isBinary) => got.push(isBinary ? (d as Buffer) : String(d)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    expect(upgrades.at(-1)).toEqual({ url: '/proc/room?sessionId=s1', xff: '198.51.100.1, 127.0.0.1' });
    ws.send('ping');
    const big = Buffer.alloc(1 << 20, 7); // 1 MB each way: the pipe, not one packet
    ws.send(big);
    const t0 = Date.now();
    while (got.length < 3 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(got[0]).toBe('hello /proc/room?sessionId=s1');
    expect(got[1]).toBe('echo ping');
    expect(Buffer.isBuffer(got[2]) && (got[2] as Buffer).equals(big)).toBe(true);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.close(1000);
    expect(await closed).toBe(1000);
  });

  it('an upgrade without a prefix goes to a live process, skipping the dead one', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/anything`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(String(d)));
      ws.once('error', reject);
    });
    expect(first).toBe('hello /anything');
    ws.close();
  });

  it('an upgrade for a dead process is a 502', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/p1/proc/room`);
    const err = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(err.message).toContain('502');
  });

  it('close() cuts live websockets', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/p2/x`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    await proxy.close();
    await closed;
  });
});
