/**
 * The HTTP side of the server: `/health`, `/stats`, `/stats/reset` (with the
 * admin token only), the operator's routes (server/ops/routes.ts:
 * `/health/live`, `/health/ready`, `/metrics`, the monitor at `/colyseus`),
 * and the client's built files at `/` (a plain status page until the client
 * has been built). Errors are answered in a word, never with a stack trace
 * or a path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { localRooms, metrics } from './metrics.js';
import { json } from './net/respond.js';
import { bearerToken, sameSecret } from './net/secret.js';
import { mountOps } from './ops/routes.js';
import { mountReplays } from './replay/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type ErrorHandler = (err: unknown, req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The part of the Express app the server uses (Express is the transport's). */
export interface HttpApp {
  disable(setting: string): unknown;
  get(path: string, handler: Handler): unknown;
  post(path: string, handler: Handler): unknown;
  use(handler: Handler | ErrorHandler): unknown;
  use(path: string, ...handlers: Handler[]): unknown;
}

export interface HttpOptions {
  /** Folder of the built client. */
  clientDir: string;
  /** Bearer token of `POST /stats/reset`, `/metrics` and the monitor; undefined = no such routes (`/metrics` to loopback only). */
  adminPassword: string | undefined;
  /** The replays' routes (server/replay/http.ts); absent: none. */
  replays?: Parameters<typeof mountReplays>[1];
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

function text(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** The path of a request URL, decoded; undefined if it does not decode. */
function decodedPath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent((url ?? '/').split('?')[0]);
  } catch {
    return undefined;
  }
}

/** The status to answer a thrown error with: its own if it is a client error, else 500. */
function errorStatus(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** This process's own rooms and their clients (with Redis, not the other processes'), as /metrics counts them. */
async function roomCounts(): Promise<{ rooms: number; clients: number }> {
  const rooms = await localRooms();
  return { rooms: rooms.length, clients: rooms.reduce((n, r) => n + r.clients, 0) };
}

const STATUS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Liquid Metal server</title>
<link rel="icon" href="data:,"></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Liquid Metal</h1><p>The server is running. The client has not been built yet
(<code>npm run build:client</code>), so there is nothing to play here; bots and custom clients can connect with
<code>@colyseus/sdk</code> (see docs/PROTOCOL.md).</p><p><a href="/health">/health</a></p></body></html>`;

/** Mount the routes; `clientDir` is served at `/` when it holds an index.html. */
export function mountHttp(app: HttpApp, options: HttpOptions, startedAt = Date.now()): void {
  const { clientDir, adminPassword } = options;
  app.disable('x-powered-by');
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
  if (adminPassword !== undefined) {
    app.post('/stats/reset', (req, res) => {
      if (!sameSecret(bearerToken(req.headers.authorization), adminPassword)) {
        json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
        return;
      }
      metrics.reset();
      json(res, 200, { status: 'ok' });
    });
  }
  mountOps(app, adminPassword);
  if (options.replays) mountReplays(app, options.replays);
  const root = resolve(clientDir);
  const serveClient: Handler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = decodedPath(req.url);
    if (path === undefined || path.includes('\0')) return text(res, 400, 'bad request');
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
  };
  const notFound: Handler = (_req, res) => text(res, 404, 'not found');
  // Express's own error page shows the stack (with the server's paths) outside production.
  const onError: ErrorHandler = (err, _req, res, _next) => {
    const status = errorStatus(err);
    if (status === 500)
      console.error(`http: ${err instanceof Error ? err.name : 'error'} answering a request`);
    text(res, status, status === 500 ? 'internal error' : 'bad request');
  };
  app.use(serveClient);
  app.use(notFound);
  app.use(onError);
}
