import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpApp, mountHttp } from '../../server/http.js';
import { startServer, type TestServer } from './helpers.js';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'lm-client-'));
const base = 'http://127.0.0.1:2616';

beforeAll(async () => {
  server = await startServer(2616, { clientDir: dir });
});
afterAll(async () => {
  await server.close();
});

describe('http routes', () => {
  it('/health answers JSON with the room and client counts', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', rooms: 0, clients: 0 });
  });

  it('/stats answers the step and event-loop figures', async () => {
    const res = await fetch(`${base}/stats`);
    expect(await res.json()).toHaveProperty('loopP99Ms');
  });

  it('without a built client, / is a plain status page', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The server is running');
  });

  it('with a built client, / serves it, with its assets and client routes', async () => {
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>LM</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const index = await fetch(`${base}/`);
    expect(await index.text()).toContain('<title>LM</title>');
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const route = await fetch(`${base}/lobby?quickplay=1`);
    expect(await route.text()).toContain('<title>LM</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it('with a built client, the monitor’s path is still a 404 without an admin password (not the app)', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>LM</title>');
    for (const path of ['/colyseus', '/colyseus/', '/colyseus/api', '/colyseus/api/room/call']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('<title>LM</title>');
    }
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('a path that climbs out of the client folder is not served', async () => {
    const res = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await res.text()).not.toContain('root:');
  });

  it('/stats/reset does not exist without an admin password', async () => {
    const res = await fetch(`${base}/stats/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(res.status).toBe(404);
  });

  it('a malformed URL is answered 400 in plain text, without a stack trace or a path', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%ZZ.js', '/%']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await res.text();
      expect(body).not.toMatch(/\bat /);
      expect(body).not.toContain('/work');
      expect(body).not.toContain('Error');
    }
  });

  it('an unknown route is a short plain 404, and no header names the framework', async () => {
    const res = await fetch(`${base}/assets/none.css`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(await res.text()).toBe('not found');
  });

  it('CORS on an OPTIONS and a POST: any origin, never credentials, no reflected origin', async () => {
    const origin = 'http://evil.example';
    const pre = await fetch(`${base}/matchmake/joinOrCreate/match`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    const post = await fetch(`${base}/matchmake/joinById/NOROOM`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });
    const get = await fetch(`${base}/health`, { headers: { origin } });
    for (const res of [pre, post, get]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect([...res.headers.values()].join(' ')).not.toContain('evil.example');
    }
    expect(pre.status).toBe(204);
    expect(post.status).toBe(522);
  });

  it('an error thrown in a handler is answered in a word: no stack, no path, no message', () => {
    const handlers: unknown[] = [];
    const app = { disable() {}, get() {}, post() {}, use: (h: unknown) => handlers.push(h) };
    mountHttp(app as unknown as HttpApp, { clientDir: dir, adminPassword: undefined });
    const onError = handlers.find((h) => (h as () => void).length === 4) as (...a: unknown[]) => void;
    const sent: { status?: number; body?: string } = {};
    const res = {
      headersSent: false,
      writeHead(status: number) {
        sent.status = status;
      },
      end(body: string) {
        sent.body = body;
      },
    };
    onError(new Error(`ENOENT: no such file, open '${dir}/secret'`), {}, res, () => {});
    expect(sent).toEqual({ status: 500, body: 'internal error' });
    onError(Object.assign(new URIError('URI malformed'), { status: 400 }), {}, res, () => {});
    expect(sent).toEqual({ status: 400, body: 'bad request' });
  });
});
