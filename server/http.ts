/**
 * The HTTP side of the server: `/health`, `/stats`, and the client's built
 * files at `/` (a plain status page until the client has been built).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { matchMaker } from '@colyseus/core';
import { metrics } from './metrics.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The part of the Express app the server uses (Express is the transport's). */
export interface HttpApp {
  get(path: string, handler: Handler): unknown;
  post(path: string, handler: Handler): unknown;
  use(handler: Handler): unknown;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.tmj': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function roomCounts(): Promise<{ rooms: number; clients: number }> {
  const rooms = await matchMaker.query({});
  return { rooms: rooms.length, clients: rooms.reduce((n, r) => n + r.clients, 0) };
}

const STATUS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Liquid Metal server</title>
<link rel="icon" href="data:,"></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Liquid Metal</h1><p>The server is running. The client has not been built yet
(<code>npm run build</code>), so there is nothing to play here; bots and custom clients can connect with
<code>@colyseus/sdk</code> (see docs/PROTOCOL.md).</p><p><a href="/health">/health</a></p></body></html>`;

/** Mount the routes; `clientDir` is served at `/` when it holds an index.html. */
export function mountHttp(app: HttpApp, clientDir: string, startedAt = Date.now()): void {
  app.get('/health', (_req, res) => {
    roomCounts().then(
      (counts) =>
        json(res, 200, {
          status: 'ok',
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          ...counts,
        }),
      () => json(res, 500, { status: 'error' }),
    );
  });
  app.get('/stats', (_req, res) => {
    roomCounts().then(
      (counts) => json(res, 200, { ...counts, ...metrics.snapshot() }),
      () => json(res, 500, { status: 'error' }),
    );
  });
  app.post('/stats/reset', (_req, res) => {
    metrics.reset();
    json(res, 200, { status: 'ok' });
  });
  const root = resolve(clientDir);
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const hasClient = existsSync(join(root, 'index.html'));
    if (!hasClient) {
      if (path !== '/') return next();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(STATUS_PAGE);
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return next();
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Unknown paths without an extension are client routes: serve the app.
      if (extname(path) !== '' && path !== '/') return next();
      file = join(root, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
}
