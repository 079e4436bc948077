/**
 * The guarded HTTP server. Node delivers every connection, request and
 * upgrade to an `http.Server` by calling its `emit`; wrapping that one
 * method runs the guard before any listener, whatever order listeners were
 * added in (Colyseus prepends its router when it starts listening, the
 * websocket transport adds its upgrade handler), and lets the guard hold a
 * request back while it reads its body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Guard, type GuardConfig } from './guard.js';

/** Slow-loris limits: headers within 10 s, a whole request within 20 s, idle sockets kept 5 s (keep-alive) or 60 s. */
export const TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 20_000,
  keepAliveTimeout: 5_000,
  timeout: 60_000,
  connectionsCheckingInterval: 2_000,
} as const;

/** TCP connections beyond `maxClients` websockets, for plain HTTP (pages, matchmaking). */
export const HTTP_HEADROOM = 512;

const GUARDED = Symbol('guarded');
/** The responses of a guarded server not yet closed: its requests in flight. */
const IN_FLIGHT = Symbol('inFlight');

type Tracked = Server & { [GUARDED]?: Guard; [IN_FLIGHT]?: Set<ServerResponse> };

/**
 * Make `server` (a new one if none is given) a guarded server: limits and
 * timeouts set, every 'connection', 'request' and 'upgrade' through `guard`.
 */
export function guardedServer(
  config: GuardConfig,
  server: Server = createServer(),
  guard: Guard = new Guard(config),
): Server {
  const s = server as Tracked;
  if (s[GUARDED]) return server;
  s[GUARDED] = guard;
  const inFlight = new Set<ServerResponse>();
  s[IN_FLIGHT] = inFlight;
  Object.assign(server, TIMEOUTS);
  server.maxConnections = config.maxClients + HTTP_HEADROOM;
  server.maxRequestsPerSocket = 1000;

  const emit = server.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    const pass = () => emit.call(this, event, ...args);
    switch (event) {
      case 'connection':
        guard.connection(args[0] as Duplex, pass);
        return true;
      case 'request': {
        const res = args[1] as ServerResponse;
        inFlight.add(res);
        res.once('close', () => inFlight.delete(res));
        // No longer listening (the end of a drain): answer, then close the connection.
        if (!this.listening) res.shouldKeepAlive = false;
        guard.request(args[0] as IncomingMessage, res, pass);
        return true;
      }
      case 'upgrade':
        guard.upgrade(args[0] as IncomingMessage, args[1] as Duplex, pass);
        return true;
      default:
        return pass();
    }
  } as Server['emit'];
  return server;
}

/** The guard of a server made by {@link guardedServer} (for tests and stats). */
export function guardOf(server: Server): Guard | undefined {
  return (server as Tracked)[GUARDED];
}

/**
 * Stop taking connections (a new one is refused), close the idle keep-alive
 * ones, and resolve once every request in flight has been answered — at
 * most `ms` later. Websockets are left open (Colyseus closes them).
 */
export async function stopListening(server: Server, ms: number): Promise<void> {
  if (server.listening) server.close();
  server.closeIdleConnections();
  const inFlight = (server as Tracked)[IN_FLIGHT];
  if (!inFlight) return;
  // Their connections close after the answer (those whose headers are already out go idle, closed below).
  for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
  const deadline = performance.now() + ms;
  while (inFlight.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  server.closeIdleConnections();
}

/** Requests a guarded server has in flight (for tests). */
export function requestsInFlight(server: Server): number {
  return (server as Tracked)[IN_FLIGHT]?.size ?? 0;
}
