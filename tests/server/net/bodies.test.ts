/**
 * Request bodies: matchmaking reads at most 4 KiB and stops at the first
 * byte more; no other route takes a body at all.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';

const PORT = 2631;
const base = `http://127.0.0.1:${PORT}`;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(PORT);
});
afterAll(async () => {
  await server.close();
});

/** POST `body` (one buffer, shared by every call, so the client side costs no memory), declared or chunked. */
function post(path: string, body: Buffer, declareLength: boolean): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = body.length;
    const req = request({ host: '127.0.0.1', port: PORT, path, method: 'POST', headers });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server closes the connection after its answer, while this side may still be writing.
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

describe('request bodies', () => {
  it('a matchmaking body over 4 KiB is answered 413, declared or streamed', async () => {
    const body = Buffer.alloc(4097, 0x20);
    expect(await post('/matchmake/create/match', body, true)).toBe(413);
    expect(await post('/matchmake/create/match', body, false)).toBe(413);
    expect(await post('/matchmake/create/match', Buffer.from('{"name":"A"}'), false)).toBe(200);
  });

  it('20 parallel 5 MB bodies are refused without the server holding them, and it answers after', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const rss0 = process.memoryUsage.rss();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post('/matchmake/joinOrCreate/match', big, i % 2 === 0)),
    );
    const grownMb = (process.memoryUsage.rss() - rss0) / 2 ** 20;
    expect(answers.every((s) => s === 413 || s === -1)).toBe(true);
    expect(answers.filter((s) => s === 413).length).toBeGreaterThanOrEqual(10);
    // Reading them would hold 100 MB (Colyseus' own reader kept every byte); the guard keeps none.
    expect(grownMb).toBeLessThan(16);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
  });

  it('a matchmaking body that is not a JSON object is answered 400', async () => {
    expect(await post('/matchmake/create/match', Buffer.from('{"name":'), true)).toBe(400);
    expect(await post('/matchmake/create/match', Buffer.from('[1,2]'), true)).toBe(400);
  });

  it('any other route refuses a body with 413', async () => {
    expect(await post('/stats/reset', Buffer.from('{}'), true)).toBe(413);
    expect(await post('/health', Buffer.from('x'), false)).toBe(413);
    const get = await fetch(`${base}/health`, { method: 'PUT', body: 'x' });
    expect(get.status).toBe(413);
  });
});
