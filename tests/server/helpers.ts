/**
 * Shared set-up for the server's tests: a real server on its own port (each
 * test file runs in its own process), real SDK clients over websockets, and
 * small waits that fail loudly instead of hanging.
 */
import { Client as SDKClient, type Room as SDKRoom } from '@colyseus/sdk';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { appConfig } from '../../server/app.js';
import { DEFAULT_CONFIG, ONE_ADDRESS, type ServerConfig } from '../../server/config.js';
import type { MatchRoom } from '../../server/rooms/MatchRoom.js';
import type { MatchState } from '../../shared/schema/MatchState.js';

export interface TestServer {
  colyseus: ColyseusTestServer;
  config: ServerConfig;
  url: string;
  /** A fresh SDK client (each join opens its own websocket). */
  client(): SDKClient;
  room(roomId: string): MatchRoom;
  close(): Promise<void>;
}

/** The network limits of a real server (the defaults), for the tests of those limits. */
export const REAL_LIMITS: Partial<ServerConfig> = Object.fromEntries(
  Object.keys(ONE_ADDRESS).map((k) => [k, DEFAULT_CONFIG[k as keyof ServerConfig]]),
);

/**
 * Boot the app with test-friendly defaults: dev options on, a short
 * countdown, and the per-address limits and rules lifted ({@link ONE_ADDRESS}:
 * every test client comes from 127.0.0.1; the tests of those limits pass
 * {@link REAL_LIMITS} or their own).
 */
export async function startServer(port: number, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    port,
    host: '127.0.0.1',
    devOptions: true,
    countdownSeconds: 0.3,
    reconnectSeconds: 2,
    clientDir: '/nonexistent-client-dir',
    ...ONE_ADDRESS,
    ...overrides,
  };
  const colyseus = await boot(appConfig(config), port);
  const url = `ws://127.0.0.1:${port}`;
  return {
    colyseus,
    config,
    url,
    client: () => new SDKClient(url),
    room: (roomId) => colyseus.getRoomById(roomId) as unknown as MatchRoom,
    close: () => colyseus.shutdown(),
  };
}

/** Create options of a custom match where nothing moves but the people in it: John's creator, no bots, no crowd. */
export const QUIET_MATCH = {
  name: 'John',
  pref: 'escort',
  mode: 'custom',
  countdown: 0,
  bots: false,
  police: 0,
  civilians: 0,
} as const;

/** Resolve when `check` holds (polled), or fail after `ms` with `what`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The next message of `type` on a client room, or fail after `ms`. */
export function nextMessage<T = unknown>(room: SDKRoom, type: string, ms = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for message "${type}"`));
    }, ms);
    const off = room.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Leave every room, ignoring ones already closed. */
export async function leaveAll(rooms: SDKRoom[]): Promise<void> {
  await Promise.all(rooms.map((r) => (r.connection.isOpen ? r.leave().catch(() => undefined) : undefined)));
}

/** Plain-data view of a decoded map schema on the client. */
export function keysOf(map: unknown): string[] {
  const out: string[] = [];
  (map as Map<string, unknown> | undefined)?.forEach((_v, k) => {
    out.push(k);
  });
  return out.sort();
}

/** A client's decoded state, typed as the schema it mirrors. */
export const stateOf = (room: SDKRoom): MatchState => room.state as MatchState;
