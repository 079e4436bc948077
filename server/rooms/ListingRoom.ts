/**
 * The live listing of public matches: Colyseus' LobbyRoom behind the same
 * door, password and limits as a match. Join options and `filter` messages
 * are validated; a client may change its filter at most once a second (the
 * stock room answers every tiny filter message with the whole listing).
 */
import { type AuthContext, type Client, LobbyRoom, ServerError } from '@colyseus/core';
import { JoinError } from '../../shared/protocol.js';
import type { ServerConfig } from '../config.js';
import { installDoor, requireJoinAck } from './door.js';
import { answerUnknownTypes, reject } from './messages.js';
import { requirePassword } from './password.js';

/** Listing viewers per lobby room (another room opens past it). */
const LOBBY_CLIENTS = 500;
/** Messages a listing client may send a second before it is dropped. */
const LOBBY_MESSAGES_PER_SECOND = 10;
/** Least time between two filter changes of one client. */
const FILTER_INTERVAL_MS = 1000;
const MAX_FILTER_KEYS = 8;

interface Filter {
  name?: string;
  metadata?: Record<string, string | number | boolean>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A filter as the listing reads it, or null when it is not one. */
export function cleanFilter(v: unknown): Filter | null {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return null;
  const out: Filter = {};
  if (v.name !== undefined) {
    if (typeof v.name !== 'string' || v.name.length > 40) return null;
    out.name = v.name;
  }
  if (v.metadata !== undefined) {
    if (!isObject(v.metadata)) return null;
    const entries = Object.entries(v.metadata);
    if (entries.length > MAX_FILTER_KEYS) return null;
    const meta: Record<string, string | number | boolean> = Object.create(null);
    for (const [k, x] of entries) {
      if (k.length > 40) return null;
      if (typeof x === 'string' ? x.length > 40 : typeof x !== 'number' && typeof x !== 'boolean')
        return null;
      meta[k] = x as string | number | boolean;
    }
    out.metadata = meta;
  }
  return out;
}

type Handler = (client: Client, payload: unknown) => void;

export class ListingRoom extends LobbyRoom {
  /** Set by the app: the server's validated config. */
  static config: ServerConfig;
  private readonly lastFilter = new Map<string, number>();

  override async onCreate(options: unknown): Promise<void> {
    this.maxClients = LOBBY_CLIENTS;
    this.maxMessagesPerSecond = LOBBY_MESSAGES_PER_SECOND;
    installDoor(this, { input: false }, () => false);
    await super.onCreate(options);
    answerUnknownTypes(this);
  }

  /** The stock room registers its `filter` handler through here: validate and pace it. */
  override onMessage(type: unknown, ...rest: unknown[]): () => void {
    const register = super.onMessage as unknown as (t: unknown, ...r: unknown[]) => () => void;
    const handler = rest[rest.length - 1] as Handler;
    if (type !== 'filter' || typeof handler !== 'function') return register.call(this, type, ...rest);
    return register.call(this, type, (client: Client, payload: unknown) => {
      const filter = cleanFilter(payload);
      if (!filter) return reject(client, 'filter', 'filter must be { name?, metadata? } of plain values');
      const now = Date.now();
      if (now - (this.lastFilter.get(client.sessionId) ?? Number.NEGATIVE_INFINITY) < FILTER_INTERVAL_MS) {
        return reject(client, 'filter', 'one filter change a second');
      }
      this.lastFilter.set(client.sessionId, now);
      handler(client, filter);
    });
  }

  override onAuth(_client: Client, options: unknown, _context: AuthContext): true {
    const password = (this.constructor as typeof ListingRoom).config?.password;
    const o = isObject(options) ? options : {};
    requirePassword(o, password);
    if (!cleanFilter(o.filter))
      throw new ServerError(JoinError.badOptions, 'filter must be { name?, metadata? }');
    return true;
  }

  override onJoin(client: Client, options: unknown): void {
    requireJoinAck(this, client);
    const o = isObject(options) ? options : {};
    const filter = o.filter === undefined || o.filter === null ? null : cleanFilter(o.filter);
    super.onJoin(client, filter ? { filter } : {});
  }

  override onLeave(client: Client): void {
    this.lastFilter.delete(client.sessionId);
    super.onLeave(client);
  }
}
