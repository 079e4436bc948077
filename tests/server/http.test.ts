import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('a path that climbs out of the client folder is not served', async () => {
    const res = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await res.text()).not.toContain('root:');
  });
});
