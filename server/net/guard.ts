/**
 * The guard: every TCP connection, HTTP request and websocket upgrade of the
 * server passes through it before Colyseus or Express sees it (see
 * `server.ts` for how). It resolves who is asking, pins that as the only
 * forwarding header, and applies the limits of the config.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerConfig } from '../config.js';
import { addressKey, pinForwardingHeaders, requestAddress } from './address.js';
import { hasBody } from './body.js';
import { Connections } from './connections.js';
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

/** Websocket upgrades one address may start at once (or one second's worth, if more) before `upgradesPerSecond` applies. */
export const UPGRADE_BURST = 20;
/** TCP connections one address may hold beyond its websockets (a browser opens up to six for HTTP). */
export const EXTRA_SOCKETS_PER_ADDRESS = 16;

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

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
      socket.destroy();
      return;
    }
    forward();
  }

  /** An HTTP request: read-only ones pass (without a body); the rest go through the matchmaking gate. */
  request(req: IncomingMessage, res: ServerResponse, forward: () => void): void {
    const address = this.resolve(req);
    if (!READ_ONLY.has(req.method ?? '')) {
      gateRequest(req, res, address, this.rules, forward).catch(() => {
        refuse(res, { status: 500, error: 'internal error' }, true);
      });
    } else if (hasBody(req)) {
      refuse(res, { status: 413, error: 'this route takes no request body' }, true);
    } else {
      forward();
    }
  }

  /** A websocket upgrade: the rate, then the address's and the process's live connections. */
  upgrade(req: IncomingMessage, socket: Duplex, forward: () => void): void {
    const refusal = this.admitUpgrade(this.resolve(req), socket);
    if (refusal) refuseUpgrade(socket, refusal);
    else forward();
  }

  private admitUpgrade(address: string, socket: Duplex): Refusal | undefined {
    const wait = this.upgrades.take(address);
    if (wait > 0) return { status: 429, error: 'too many connection attempts', retryMs: wait };
    const full = this.websockets.admit(address, socket);
    if (full === 'process') return { status: 503, error: 'server is full' };
    if (full === 'address') return { status: 429, error: 'too many connections from this address' };
    return undefined;
  }
}
