/**
 * The end of a drain closes the listening socket: Colyseus, shutting down
 * after it, would answer matchmaking 503 until the process exits, and a
 * proxy does not pass an answered POST to another process. A refused
 * connection it does pass on (tests/browser/nginx.test.ts plays a deploy
 * through nginx). Idle keep-alive connections are closed with it.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drain } from '../../../server/cluster/drain.js';
import { clusterStatus } from '../../../server/cluster/status.js';
import { DEFAULT_CONFIG } from '../../../server/config.js';
import { guardedServer, requestsInFlight } from '../../../server/net/server.js';

let server: Server | null = null;

afterEach(() => {
  server?.close();
  server = null;
  clusterStatus.draining = false;
});

const listen = (s: Server): Promise<number> =>
  new Promise((ok) => s.listen(0, '127.0.0.1', () => ok((s.address() as { port: number }).port)));

/** A GET on a kept-alive connection; resolves with its socket once the answer is read. */
const keptAlive = (port: number, agentSocket: { closed: boolean }[]): Promise<void> =>
  new Promise((ok, fail) => {
    const req = request(
      { port, host: '127.0.0.1', path: '/', headers: { connection: 'keep-alive' } },
      (res) => {
        res.resume();
        res.on('end', ok);
      },
    );
    req.on('socket', (s) => agentSocket.push(s));
    req.on('error', fail);
    req.end();
  });

const refused = (port: number): Promise<string> =>
  new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      ok('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => ok(e.code ?? e.message));
  });

describe('the end of a drain', () => {
  it('stops listening, so a new connection is refused, and closes idle keep-alive connections', async () => {
    server = createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 60_000;
    const port = await listen(server);
    const sockets: { closed: boolean }[] = [];
    await keptAlive(port, sockets);
    expect(await refused(port)).toBe('connected');
    expect(sockets[0].closed).toBe(false);

    await drain({ ...DEFAULT_CONFIG, drainSeconds: 1 }, server);

    expect(server.listening).toBe(false);
    expect(await refused(port)).toBe('ECONNREFUSED');
    await expect.poll(() => sockets[0].closed, { timeout: 2000 }).toBe(true);
  });

  it('answers the requests in flight before it returns (the process exits after), and closes their connections', async () => {
    // A rejoin that reached this process as it drained: its answer takes a while (a seat asked of another process).
    server = guardedServer({ ...DEFAULT_CONFIG, trustProxy: false }, createServer());
    server.on('request', (_req, res) => setTimeout(() => res.end('seat'), 400));
    const port = await listen(server);
    const answer = new Promise<{ body: string; connection: string | undefined }>((ok, fail) => {
      const req = request(
        { port, host: '127.0.0.1', path: '/', agent: new Agent({ keepAlive: true }) },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => ok({ body, connection: res.headers.connection }));
        },
      );
      req.on('error', fail);
      req.end();
    });
    await expect.poll(() => requestsInFlight(server!), { timeout: 2000 }).toBe(1);

    const t0 = performance.now();
    await drain({ ...DEFAULT_CONFIG, drainSeconds: 1 }, server);
    expect(performance.now() - t0).toBeGreaterThan(300);
    expect(requestsInFlight(server)).toBe(0);
    expect(await answer).toEqual({ body: 'seat', connection: 'close' });
    expect(await refused(port)).toBe('ECONNREFUSED');
  });

  it('without a server to close (an embedded use), drains as before', async () => {
    await expect(drain({ ...DEFAULT_CONFIG, drainSeconds: 1 })).resolves.toBeUndefined();
    expect(clusterStatus.draining).toBe(true);
  });
});
