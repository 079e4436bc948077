/**
 * The health split: `/health` as before, `/health/live` while the event
 * loop runs, `/health/ready` from the cluster status (draining, Redis down).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStatus } from '../../../server/cluster/status.js';
import { startServer, type TestServer } from '../helpers.js';

const PORT = 2706;
const base = `http://127.0.0.1:${PORT}`;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(PORT);
});
afterAll(async () => {
  clusterStatus.draining = false;
  clusterStatus.redis = 'none';
  await server.close();
});

describe('health', () => {
  it('/health keeps its answer; /health/live is 200 while the process runs', async () => {
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', rooms: 0, clients: 0 });
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toEqual({ live: true });
  });

  it('/health/ready is 200 when ready, 503 with the reason while draining or while Redis is down', async () => {
    const ready = async () => {
      const res = await fetch(`${base}/health/ready`);
      return { status: res.status, body: await res.json() };
    };
    expect(await ready()).toEqual({ status: 200, body: { ready: true } });
    clusterStatus.redis = 'up';
    expect(await ready()).toEqual({ status: 200, body: { ready: true } });
    try {
      clusterStatus.draining = true;
      expect(await ready()).toEqual({ status: 503, body: { ready: false, reason: 'draining' } });
      // Draining, the process is still alive.
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      clusterStatus.draining = false;
      clusterStatus.redis = 'down';
      expect(await ready()).toEqual({ status: 503, body: { ready: false, reason: 'redis down' } });
    } finally {
      clusterStatus.draining = false;
      clusterStatus.redis = 'none';
    }
    expect(await ready()).toEqual({ status: 200, body: { ready: true } });
  });
});
