/** `POST /stats/reset` with an admin password configured: the bearer token decides. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';

const PORT = 2636;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(PORT, { adminPassword: 'correct horse' });
});
afterAll(async () => {
  await server.close();
});

const reset = (authorization?: string) =>
  fetch(`http://127.0.0.1:${PORT}/stats/reset`, {
    method: 'POST',
    headers: authorization ? { authorization } : {},
  });

describe('/stats/reset', () => {
  it('without a bearer token, or with a wrong one, is 401', async () => {
    for (const auth of [undefined, 'Bearer wrong', 'Basic Y29ycmVjdCBob3JzZQ==', 'Bearer correct']) {
      const res = await reset(auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('with the admin password as bearer token, resets the figures', async () => {
    const res = await reset('Bearer correct horse');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
