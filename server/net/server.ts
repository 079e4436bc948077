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

/**
 * Make `server` (a new one if none is given) a guarded server: limits and
 * timeouts set, every 'connection', 'request' and 'upgrade' through `guard`.
 */
export function guardedServer(
  config: GuardConfig,
  server: Server = createServer(),
  guard: Guard = new Guard(config),
): Server {
  const s = server as Server & { [GUARDED]?: Guard };
  if (s[GUARDED]) return server;
  s[GUARDED] = guard;
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
      case 'request':
        guard.request(args[0] as IncomingMessage, args[1] as ServerResponse, pass);
        return true;
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
  return (server as Server & { [GUARDED]?: Guard })[GUARDED];
}
