/**
 * The guard: every TCP connection, HTTP request and websocket upgrade of the
 * server passes through it before Colyseus or Express sees it (see
 * `server.ts` for how). It resolves who is asking, pins that as the only
 * forwarding header, and applies the limits of the config.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ServerConfig, UPGRADE_BURST } from '../config.js';
import { type DropReason, metrics } from '../metrics.js';
import { addressKey, pinForwardingHeaders, requestAddress } from './address.js';
import { hasBody } from './body.js';
import { Connections, sentBytes } from './connections.js';
import { FIRST_LOCKOUT_MS, Lockout } from './lockout.js';
import { gateRequest, type MatchmakingRules } from './matchmaking.js';
import { type Refusal, refuse, refuseUpgrade } from './respond.js';
import { TokenBuckets } from './tokenBuckets.js';

/** The config settings the guard reads. */
export type GuardConfig = Pick<
  ServerConfig,
  | 'password'
  | 'trustProxy'
  | 'maxClients'
  | 'connectionsPerAddress'
  | 'upgradesPerSecond'
  | 'matchmakeBurst'
  | 'matchmakePerSecond'
  | 'createBurst'
  | 'createIntervalSeconds'
  | 'freeFailures'
  | 'lockoutMaxSeconds'
  | 'maxBodyBytes'
>;

/** TCP connections one address may hold beyond its websockets (a browser opens up to six for HTTP). */
export const EXTRA_SOCKETS_PER_ADDRESS = 16;

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-only routes behind the admin password (`/metrics`, the monitor at
 * `/colyseus`): a 401 there counts as a failed attempt, and a locked-out
 * address is refused before its next guess is read. (Other read-only
 * routes, such as the replay listing without the server password, count
 * nothing: a browser asks before its player has typed anything.)
 */
export function isAdminPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path === '/metrics' || path === '/colyseus' || path.startsWith('/colyseus/');
}

export class Guard {
  readonly rules: MatchmakingRules;
  readonly upgrades: TokenBuckets;
  /** Live websockets (counted from the upgrade on). */
  readonly websockets: Connections;
  /** Open TCP connections per socket address (only without a proxy: behind one, they are all the proxy's). */
  readonly sockets: Connections;

  constructor(
    private readonly config: GuardConfig,
    now: () => number = Date.now,
  ) {
    this.rules = {
      password: config.password,
      maxBodyBytes: config.maxBodyBytes,
      requests: new TokenBuckets({ burst: config.matchmakeBurst, perSecond: config.matchmakePerSecond }, now),
      creations: new TokenBuckets(
        { burst: config.createBurst, perSecond: 1 / config.createIntervalSeconds },
        now,
      ),
      lockout: new Lockout(
        {
          free: config.freeFailures,
          baseMs: FIRST_LOCKOUT_MS,
          maxMs: config.lockoutMaxSeconds * 1000,
          forgiveMs: config.lockoutMaxSeconds * 1000,
        },
        now,
      ),
    };
    this.upgrades = new TokenBuckets(
      { burst: Math.max(UPGRADE_BURST, config.upgradesPerSecond), perSecond: config.upgradesPerSecond },
      now,
    );
    this.websockets = new Connections(config.connectionsPerAddress, config.maxClients);
    this.sockets = new Connections(
      config.connectionsPerAddress + EXTRA_SOCKETS_PER_ADDRESS,
      Number.POSITIVE_INFINITY,
    );
  }

  /** The address key of `req`, after pinning its forwarding headers to the address resolved. */
  private resolve(req: IncomingMessage): string {
    const address = requestAddress(req, this.config.trustProxy);
    pinForwardingHeaders(req, address);
    return addressKey(address);
  }

  /** A new TCP connection: refused (destroyed) when its address holds too many. */
  connection(socket: Duplex & { remoteAddress?: string }, forward: () => void): void {
    if (!this.config.trustProxy && this.sockets.admit(addressKey(socket.remoteAddress ?? ''), socket)) {
      metrics.clientDropped('too_many_connections');
      socket.destroy();
      return;
    }
    sentBytes.track(socket);
    forward();
  }

  /** An HTTP request: read-only ones pass (without a body); the rest go through the matchmaking gate. */
  request(req: IncomingMessage, res: ServerResponse, forward: () => void): void {
    const address = this.resolve(req);
    if (!READ_ONLY.has(req.method ?? '')) {
      gateRequest(req, res, address, this.rules, forward).catch(() => {
        refuse(res, { status: 500, error: 'internal error' }, true);
      });
      return;
    }
    if (hasBody(req)) {
      refuse(res, { status: 413, error: 'this route takes no request body' }, true);
      return;
    }
    if (!isAdminPath(req.url)) {
      forward();
      return;
    }
    // A wrong admin password is a failed attempt like any other.
    const { lockout } = this.rules;
    const lockedFor = lockout.retryAfter(address);
    if (lockedFor > 0) {
      refuse(res, { status: 429, error: 'too many failed attempts', retryMs: lockedFor });
      return;
    }
    res.once('finish', () => {
      if (res.statusCode === 401) lockout.fail(address);
    });
    forward();
  }

  /** A websocket upgrade: the rate, then the address's and the process's live connections. */
  upgrade(req: IncomingMessage, socket: Duplex, forward: () => void): void {
    const refusal = this.admitUpgrade(this.resolve(req), socket);
    if (refusal) {
      metrics.clientDropped(refusal.reason);
      refuseUpgrade(socket, refusal);
    } else forward();
  }

  private admitUpgrade(address: string, socket: Duplex): (Refusal & { reason: DropReason }) | undefined {
    const wait = this.upgrades.take(address);
    if (wait > 0)
      return { status: 429, error: 'too many connection attempts', retryMs: wait, reason: 'upgrade_rate' };
    const full = this.websockets.admit(address, socket);
    if (full === 'process') return { status: 503, error: 'server is full', reason: 'server_full' };
    if (full === 'address')
      return { status: 429, error: 'too many connections from this address', reason: 'too_many_connections' };
    return undefined;
  }
}
