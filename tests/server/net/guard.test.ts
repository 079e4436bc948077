import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, UPGRADE_BURST } from '../../../server/config.js';
import { Guard } from '../../../server/net/guard.js';
import { guardedServer } from '../../../server/net/server.js';

/** A raw socket that records what is written to it. */
function rawSocket() {
  const written: string[] = [];
  const s = new Duplex({
    read() {},
    write(chunk, _enc, cb) {
      written.push(String(chunk));
      cb();
    },
  });
  return Object.assign(s, { written });
}

const upgradeReq = (remoteAddress: string) =>
  ({ socket: { remoteAddress }, headers: {}, url: '/' }) as unknown as IncomingMessage;

/** Offer an upgrade to the guard: whether it was passed on, and what the socket was told. */
function offer(guard: Guard, address: string) {
  const socket = rawSocket();
  let passed = false;
  guard.upgrade(upgradeReq(address), socket, () => {
    passed = true;
  });
  return { passed, socket };
}

describe('the guard at the websocket door', () => {
  it('refuses an upgrade past the process-wide client cap with 503 on the socket, then destroys it', async () => {
    const guard = new Guard({ ...DEFAULT_CONFIG, maxClients: 2 });
    expect(offer(guard, '192.0.2.1').passed).toBe(true);
    expect(offer(guard, '192.0.2.2').passed).toBe(true);
    const third = offer(guard, '192.0.2.3');
    expect(third.passed).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(third.socket.written.join('')).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(third.socket.written.join('')).toContain('"error":"server is full"');
    expect(third.socket.destroyed).toBe(true);
  });

  it('refuses upgrades faster than the rate with 429 and Retry-After', async () => {
    const guard = new Guard({ ...DEFAULT_CONFIG, upgradesPerSecond: 1 });
    const results = Array.from({ length: UPGRADE_BURST + 2 }, () => offer(guard, '192.0.2.1'));
    expect(results.map((r) => r.passed)).toEqual([...Array(UPGRADE_BURST).fill(true), false, false]);
    await new Promise((r) => setImmediate(r));
    const refusal = results[UPGRADE_BURST].socket.written.join('');
    expect(refusal).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
    expect(refusal).toMatch(/\r\nRetry-After: 1\r\n/i);
    expect(offer(guard, '192.0.2.9').passed).toBe(true);
  });
});

describe('the guard at the TCP door', () => {
  const tcp = (remoteAddress: string) => Object.assign(rawSocket(), { remoteAddress });

  it('closes a connection past the websocket cap plus 16 from one address, without a proxy', () => {
    const guard = new Guard({ ...DEFAULT_CONFIG, connectionsPerAddress: 2 });
    let passed = 0;
    const sockets = Array.from({ length: 19 }, () => tcp('::ffff:192.0.2.7'));
    for (const s of sockets) guard.connection(s, () => passed++);
    expect(passed).toBe(18);
    expect(sockets[18].destroyed).toBe(true);
    guard.connection(tcp('192.0.2.8'), () => passed++);
    expect(passed).toBe(19);
  });

  it('behind a trusted proxy, leaves connections alone (they all come from the proxy)', () => {
    const guard = new Guard({ ...DEFAULT_CONFIG, connectionsPerAddress: 1, trustProxy: true });
    let passed = 0;
    for (let i = 0; i < 40; i++) guard.connection(tcp('127.0.0.1'), () => passed++);
    expect(passed).toBe(40);
  });
});

describe('a guarded http server', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('runs the guard before listeners added later, even prepended ones', async () => {
    const server = guardedServer({ ...DEFAULT_CONFIG, trustProxy: false });
    const seen: { url?: string; xff?: string | string[] }[] = [];
    server.prependListener('request', (req, res) => {
      seen.push({ url: req.url, xff: req.headers['x-forwarded-for'] });
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    close = () => server.close();
    const port = (server.address() as AddressInfo).port;
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: { 'x-forwarded-for': '6.6.6.6' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await send('POST', '/anything', 'x'.repeat(100))).toBe(413);
    expect(await send('GET', '/page')).toBe(200);
    expect(seen).toEqual([{ url: '/page', xff: '127.0.0.1' }]);
  });

  it('sets timeouts against slow clients on a server it is given', () => {
    const server = guardedServer(DEFAULT_CONFIG, createServer());
    expect(server.headersTimeout).toBeLessThanOrEqual(10_000);
    expect(server.requestTimeout).toBeGreaterThan(0);
    expect(server.requestTimeout).toBeLessThanOrEqual(30_000);
    expect(server.keepAliveTimeout).toBeLessThanOrEqual(5_000);
    expect(server.maxConnections).toBeGreaterThan(DEFAULT_CONFIG.maxClients);
  });
});
