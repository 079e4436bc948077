/**
 * The Colyseus application: room definitions, matchmaking, the guarded
 * transport (network limits, see server/net) and HTTP routes, from a
 * validated config. Used by `main.ts` and by tests (through
 * `@colyseus/testing`'s `boot`).
 */
import type { Server } from 'node:http';
import { type AuthContext, defineRoom, type RegisteredHandler } from '@colyseus/core';
import type { ConfigOptions } from '@colyseus/tools';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { MAX_FRAME_BYTES, ROOM } from '../shared/protocol.js';
import type { ServerConfig } from './config.js';
import { type HttpApp, mountHttp } from './http.js';
import { installConsoleGuard } from './log.js';
import { metrics } from './metrics.js';
import { installCors } from './net/cors.js';
import { guardedServer } from './net/server.js';
import { ListingRoom } from './rooms/ListingRoom.js';
import { MatchRoom } from './rooms/MatchRoom.js';
import { WatchRoom } from './watch/WatchRoom.js';

/**
 * The match handler. Quick play (`joinOrCreate('match')`) only ever lands in
 * a room of its mode that still has a seat for a person: the room keeps
 * `open` in its listing metadata, and every matchmaking query asks for it.
 * Rooms are never locked, so spectators can always join by id.
 */
export function matchHandler(config: ServerConfig): RegisteredHandler {
  const room = class extends MatchRoom {
    // At matchmaking, so that the seat reservation knows the address that asked (MatchRoom.admit).
    static override async onAuth(_token: string, options: unknown, context: AuthContext) {
      return MatchRoom.admit(config, options, context);
    }
  };
  room.config = config;
  // Quick play takes a lobby before a match in play (MatchRoom.updateListing's quickOrder), the fullest first.
  const handler = defineRoom(room)
    .enableRealtimeListing()
    .sortBy({ quickOrder: 1, clients: -1 } as Parameters<RegisteredHandler['sortBy']>[0]);
  handler.getFilterOptions = (options: unknown) => {
    const mode = (options as { mode?: unknown } | undefined)?.mode === 'custom' ? 'custom' : 'quick';
    return { mode, open: true };
  };
  return handler;
}

/** The live listing, behind the server's password and the door. */
export function listingHandler(config: ServerConfig): RegisteredHandler {
  const room = class extends ListingRoom {};
  room.config = config;
  return defineRoom(room);
}

/** The watch rooms: one per match watched (`joinOrCreate('watch', { match })` finds it by the match). */
export function watchHandler(config: ServerConfig): RegisteredHandler {
  const room = class extends WatchRoom {};
  room.config = config;
  return defineRoom(room).filterBy(['match']);
}

/** Everything `listen` (or the test server) needs. */
export function appConfig(config: ServerConfig): ConfigOptions {
  // A plain object: importing @colyseus/tools at runtime would load .env files behind the config's back.
  const options: Omit<ConfigOptions, '~rooms' | '~routes'> = {
    rooms: {
      [ROOM.match]: matchHandler(config),
      [ROOM.lobby]: listingHandler(config),
      [ROOM.watch]: watchHandler(config),
    },
    // Every connection, request and upgrade passes the guard (server/net) before Colyseus sees it.
    initializeTransport: (options: { server?: Server } = {}) => {
      installCors();
      return new WebSocketTransport({
        server: guardedServer(config, options.server),
        maxPayload: MAX_FRAME_BYTES,
        pingInterval: 5000,
        pingMaxRetries: 3,
      });
    },
    initializeExpress: (app) => {
      installConsoleGuard();
      metrics.start();
      mountHttp(app as unknown as HttpApp, { ...config, replays: config });
    },
  };
  return options as ConfigOptions;
}
