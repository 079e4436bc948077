/**
 * The operator's routes behind `ADMIN_PASSWORD`: `/metrics` with the
 * password as a bearer token or basic auth, Colyseus' monitor at
 * `/colyseus` behind basic auth (its room-call endpoint above all), wrong
 * passwords counted as failed attempts with lock-outs; and without an admin
 * password, no monitor at all.
 */
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM } from '../../../shared/protocol.js';
import { leaveAll, QUIET_MATCH, startServer, type TestServer } from '../helpers.js';

const PORT = 2703;
/** A server of its own (2704–2705 are taken below, 2706 by the health test). */
const DRAIN_PORT = 2761;
const ADMIN = 'correct horse battery';
let server: TestServer;
let plain: TestServer;
let locking: TestServer;
const opened: SDKRoom[] = [];
const dir = '/nonexistent-client-dir';

beforeAll(async () => {
  server = await startServer(PORT, { adminPassword: ADMIN });
  plain = await startServer(PORT + 1, { clientDir: dir });
  // Real lock-out rules: 5 free failures, then 2 s, 4 s …
  locking = await startServer(PORT + 2, { adminPassword: ADMIN, freeFailures: 5 });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
  await plain.close();
  await locking.close();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
const get = (path: string, authorization?: string, port = PORT) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers: authorization ? { authorization } : {} });

describe('/metrics with an admin password', () => {
  it('is 401 without it or with a wrong one, 200 with it as a bearer token or a basic-auth password', async () => {
    for (const auth of [undefined, 'Bearer nope', basic('admin', 'nope'), `Bearer ${ADMIN}x`, ADMIN]) {
      const res = await get('/metrics', auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect(await res.text()).not.toContain('liquid_metal_');
    }
    for (const auth of [`Bearer ${ADMIN}`, basic('anyone', ADMIN), basic('', ADMIN)]) {
      const res = await get('/metrics', auth);
      expect(res.status, auth).toBe(200);
      expect(await res.text()).toContain('liquid_metal_rooms_open');
    }
  });
});

describe('the monitor at /colyseus', () => {
  it('asks for basic auth: 401 with a challenge without it or with a wrong password', async () => {
    for (const auth of [undefined, basic('admin', 'wrong'), `Bearer wrong`]) {
      const res = await get('/colyseus/api', auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(await res.text()).not.toContain('rooms');
    }
  });

  it('with the password, its API lists the rooms', async () => {
    const host = await server.client().create(ROOM.match, QUIET_MATCH);
    opened.push(host);
    const res = await get('/colyseus/api', basic('admin', ADMIN));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rooms: { roomId: string; name: string }[] };
    expect(body.rooms.map((r) => r.roomId)).toContain(host.roomId);
    const page = await get('/colyseus/', basic('admin', ADMIN));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);
  });

  it('its room-call endpoint (any method of any room) is 401 without the password, and calls nothing', async () => {
    const host = await server.client().create(ROOM.match, QUIET_MATCH);
    opened.push(host);
    const call = (method: string, auth?: string) =>
      get(
        `/colyseus/api/room/call?roomId=${host.roomId}&method=${method}&args=${encodeURIComponent('[]')}`,
        auth,
      );
    for (const auth of [undefined, basic('admin', 'wrong')])
      expect((await call('disconnect', auth)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(host.connection.isOpen).toBe(true);
    expect(server.colyseus.getRoomById(host.roomId)).toBeDefined();
    // The endpoint is there, and works for the admin (a harmless method).
    const inspect = await call('getInspectData', basic('admin', ADMIN));
    expect(inspect.status).toBe(200);
    expect(await inspect.json()).toHaveProperty('clients');
  });

  it('without an admin password, there is no monitor (404), whatever is sent', async () => {
    for (const path of [
      '/colyseus',
      '/colyseus/',
      '/colyseus/api',
      '/colyseus/api/room/call?roomId=x&method=y&args=[]',
    ])
      for (const auth of [undefined, basic('admin', ''), basic('admin', 'x')]) {
        const res = await get(path, auth, PORT + 1);
        expect(res.status, path).toBe(404);
      }
  });
});

describe('wrong admin passwords', () => {
  it('count as failed attempts: past the free ones the address is locked out (429), the right password too', async () => {
    const port = PORT + 2;
    for (let i = 0; i < 5; i++) expect((await get('/metrics', `Bearer guess${i}`, port)).status).toBe(401);
    // The sixth failure earns the first lock-out (2 s).
    expect((await get('/colyseus/api', basic('a', 'guess'), port)).status).toBe(401);
    const locked = await get('/metrics', `Bearer ${ADMIN}`, port);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get('/colyseus/api', basic('a', ADMIN), port)).status).toBe(429);
    // The game's own routes are not locked.
    expect((await get('/health', undefined, port)).status).toBe(200);
  });
});

describe('POST /admin/drain (npm run drain)', () => {
  const post = (path: string, authorization?: string, port = PORT) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: authorization ? { authorization } : {},
    });

  it('is 401 without the admin password or with a wrong one; with it, a server not started by npm start says it cannot drain (503) and drains nothing', async () => {
    expect((await post('/admin/drain')).status).toBe(401);
    expect((await post('/admin/drain', 'Bearer wrong')).status).toBe(401);
    const ok = await post('/admin/drain', `Bearer ${ADMIN}`);
    expect(ok.status).toBe(503);
    expect(await ok.json()).toEqual({ error: 'this server cannot be drained from here' });
    // Still serving.
    expect((await get('/health/ready')).status).toBe(200);
  });

  it('without an admin password, a request from another address is refused (403)', async () => {
    const plainProxied = await startServer(DRAIN_PORT, { trustProxy: true });
    try {
      const forwarded = await fetch(`http://127.0.0.1:${DRAIN_PORT}/admin/drain`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(forwarded.status).toBe(403);
    } finally {
      await plainProxied.close();
    }
  });
});
