/**
 * The operator's routes:
 *
 * - `GET /health/live` — 200 while the process runs its event loop (a
 *   liveness probe: restart the process when it fails);
 * - `GET /health/ready` — 200 `{ ready: true }` while the process takes new
 *   players, 503 `{ ready: false, reason }` while it drains or its Redis is
 *   down (a readiness probe: send no new players while it fails);
 * - `GET /metrics` — Prometheus text (server/metrics.ts), behind the admin
 *   password, or to loopback clients only when there is none (server/ops/admin.ts);
 * - `/colyseus` — Colyseus' monitor, only with an admin password and behind
 *   HTTP basic auth: its room-call endpoint runs any method of any room.
 *   Without an admin password it is a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clusterStatus } from '../cluster/status.js';
import { metrics } from '../metrics.js';
import { json } from '../net/respond.js';
import { fromLoopback, hasAdminPassword, REALM } from './admin.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The part of the Express app the operator's routes use. */
export interface OpsApp {
  get(path: string, handler: Handler): unknown;
  post(path: string, handler: Handler): unknown;
  use(path: string, ...handlers: Handler[]): unknown;
}

/** Where the monitor is mounted. */
export const MONITOR_PATH = '/colyseus';

/** Why the process is not ready for new players, or undefined when it is. */
export function notReadyReason(): 'draining' | 'redis down' | undefined {
  if (clusterStatus.draining) return 'draining';
  if (clusterStatus.redis === 'down') return 'redis down';
  return undefined;
}

const unauthorized = (res: ServerResponse, challenge: string) =>
  json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': challenge });

/** What `POST /admin/drain` does: set by `npm start` (server/main.ts) to drain this process as SIGTERM does. */
let drainHook: (() => void) | null = null;
export function setDrainHook(hook: (() => void) | null): void {
  drainHook = hook;
}

export function mountOps(app: OpsApp, adminPassword: string | undefined): void {
  app.get('/health/live', (_req, res) => json(res, 200, { live: true }));
  // `npm run drain`: the same as SIGTERM (hand the matches over, or let them finish; then exit), for the admin.
  app.post('/admin/drain', (req, res) => {
    if (adminPassword !== undefined) {
      if (!hasAdminPassword(req, adminPassword))
        return unauthorized(res, `Bearer realm="${REALM}", Basic realm="${REALM}", charset="UTF-8"`);
    } else if (!fromLoopback(req)) {
      return json(res, 403, { error: 'a drain is asked from this machine only (set ADMIN_PASSWORD)' });
    }
    if (!drainHook) return json(res, 503, { error: 'this server cannot be drained from here' });
    json(res, 202, { draining: true });
    const hook = drainHook;
    setImmediate(hook);
  });
  app.get('/health/ready', (_req, res) => {
    const reason = notReadyReason();
    if (reason) json(res, 503, { ready: false, reason });
    else json(res, 200, { ready: true });
  });

  app.get('/metrics', (req, res) => {
    if (adminPassword !== undefined) {
      if (!hasAdminPassword(req, adminPassword))
        return unauthorized(res, `Bearer realm="${REALM}", Basic realm="${REALM}", charset="UTF-8"`);
    } else if (!fromLoopback(req)) {
      return json(res, 403, { error: 'metrics are served to this machine only (set ADMIN_PASSWORD)' });
    }
    metrics.prometheus().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.prometheusType, 'cache-control': 'no-store' });
        res.end(body);
      },
      () => json(res, 500, { error: 'internal error' }),
    );
  });

  if (adminPassword === undefined) {
    // Nothing there, even with a built client (whose routes would answer any path without an extension).
    app.use(MONITOR_PATH, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found');
    });
    return;
  }
  const basicAuth: Handler = (req, res, next) => {
    if (hasAdminPassword(req, adminPassword)) return next();
    unauthorized(res, `Basic realm="${REALM}", charset="UTF-8"`);
  };
  // Loaded only when mounted: the monitor adds inspection methods to every room.
  let loaded: Promise<Handler> | undefined;
  const monitor: Handler = (req, res, next) => {
    loaded ??= import('@colyseus/monitor').then(({ monitor }) => monitor() as unknown as Handler);
    loaded.then((handler) => handler(req, res, next), next);
  };
  const noStore: Handler = (_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };
  app.use(MONITOR_PATH, basicAuth, noStore, monitor);
}
