/**
 * The watch room: spectators of one match (`joinOrCreate('watch', { match })`,
 * by room id or private code). It has no state: everything a watcher gets is
 * the match's recording ({@link ServerMessage.records}), released by the
 * match's {@link SpectatorFeed} no earlier than the spectator delay allows.
 * The same bytes go to every watcher, framed once; a watcher costs a send a
 * second and nothing in the match's step. Watchers chat among themselves.
 */
import {
  type AuthContext,
  type Client,
  getMessageBytes,
  matchMaker,
  Protocol,
  Room,
  ServerError,
} from '@colyseus/core';
import {
  type ChatLine,
  ClientMessage,
  CloseCodes,
  JoinError,
  ROOM,
  ServerMessage,
  validateWatch,
  type WatchInfo,
  watchSendSeconds,
} from '../../shared/protocol.js';
import type { ServerConfig } from '../config.js';
import { contextAddress } from '../net/address.js';
import { installDoor, requireJoinAck } from '../rooms/door.js';
import { answerUnknownTypes, ChatLimiter } from '../rooms/messages.js';
import { requirePassword } from '../rooms/password.js';
import { type Watched, watchedMatch } from './registry.js';
import type { SpectatorFeed } from './SpectatorFeed.js';

/** How often released records are sent (ms). */
const PUMP_MS = 100;
/** Seconds the room stays after the last record was sent (the end screen of a watcher). */
const AFTER_END_SECONDS = 30;

interface Watcher {
  client: Client;
  name: string;
  address: string;
  /** Given the feed's first bytes (joined and told what it watches). */
  started: boolean;
}

export class WatchRoom extends Room {
  /** Set by the app: the server's validated config. */
  static config: ServerConfig;
  private match = '';
  private entry: Watched | null = null;
  private feed: SpectatorFeed | null = null;
  /** The records every started watcher has been sent, as an absolute index into the feed. */
  private cursor = 0;
  private readonly watchers = new Map<string, Watcher>();
  private readonly chats = new ChatLimiter();
  private endedAt = -1;
  /** When released records were last sent (room clock, ms). */
  private lastSent = Number.NEGATIVE_INFINITY;

  get config(): ServerConfig {
    return (this.constructor as typeof WatchRoom).config;
  }

  override async onCreate(options: unknown): Promise<void> {
    const v = validateWatch(options);
    if (!v.ok) throw new ServerError(JoinError.badOptions, v.reason);
    this.match = v.value.match;
    if (!(await this.matchExists())) throw new ServerError(JoinError.matchOver, 'That match is gone');
    this.maxClients = this.config.maxSpectators;
    this.maxMessagesPerSecond = this.config.maxMessagesPerSecond;
    this.seatReservationTimeout = 8;
    installDoor(this, { input: false }, () => true);
    answerUnknownTypes(this);
    this.onMessage(ClientMessage.chat, (client, payload: unknown) => this.chat(client, payload));
    this.clock.setInterval(() => this.pump(), PUMP_MS);
  }

  /** The match is live here (its room or its feed), or at least listed (in its lobby). */
  private async matchExists(): Promise<boolean> {
    if (watchedMatch(this.match)) return true;
    const rooms = await matchMaker.query({ name: ROOM.match, roomId: this.match });
    return rooms.length > 0;
  }

  override onAuth(
    _client: Client,
    options: unknown,
    context: AuthContext,
  ): { address: string; name: string } {
    requirePassword(options, this.config.password);
    const v = validateWatch(options);
    if (!v.ok) throw new ServerError(JoinError.badOptions, v.reason);
    if (v.value.match !== this.match) throw new ServerError(JoinError.badOptions, 'another match');
    return { address: contextAddress(context), name: v.value.name };
  }

  override onJoin(client: Client, _options: unknown, auth?: { address?: string; name?: string }): void {
    const address = auth?.address ?? 'unknown';
    const entry = watchedMatch(this.match);
    if (entry && !this.config.sameAddressSpectators && entry.delay() > 0 && entry.playsLive(address)) {
      throw new ServerError(
        JoinError.sameAddress,
        'someone at your address plays in this match: it may not be watched from there behind its delay',
      );
    }
    if (entry && entry.watchers >= this.config.maxSpectators) {
      throw new ServerError(JoinError.matchFull, 'this match has as many spectators as it allows');
    }
    requireJoinAck(this, client);
    this.attach();
    const w: Watcher = { client, name: auth?.name ?? 'Spectator', address, started: false };
    this.watchers.set(client.sessionId, w);
    this.entry?.watcher(address, 1);
    this.pump();
    this.begin(w);
  }

  override onLeave(client: Client): void {
    const w = this.watchers.get(client.sessionId);
    this.watchers.delete(client.sessionId);
    this.chats.forget(client.sessionId);
    if (w) this.entry?.watcher(w.address, -1);
  }

  override onDispose(): void {
    this.entry?.rooms.delete(this);
    for (const w of this.watchers.values()) this.entry?.watcher(w.address, -1);
    this.watchers.clear();
  }

  /** The match moved to another process: every watcher is sent there (close code moved), this room closes. */
  matchMoved(): void {
    this.entry = null;
    this.feed = null;
    for (const w of [...this.watchers.values()])
      w.client.leave(CloseCodes.moved, 'the match moved to another server');
    this.watchers.clear();
    void this.disconnect(CloseCodes.moved).catch(() => undefined);
  }

  /** Find the match's entry and its feed (a match in its lobby has none yet). */
  private attach(): void {
    if (!this.entry) {
      this.entry = watchedMatch(this.match) ?? null;
      this.entry?.rooms.add(this);
      if (this.entry) for (const w of this.watchers.values()) this.entry.watcher(w.address, 1);
    }
    if (!this.feed && this.entry?.feed) {
      this.feed = this.entry.feed;
      this.cursor = this.feed.released();
    }
  }

  /** Tell a watcher what it watches and send it the feed so far. */
  private begin(w: Watcher): void {
    const feed = this.feed;
    if (!feed || w.started) return;
    w.started = true;
    const info: WatchInfo = { match: this.match, delay: feed.info.delay, replay: feed.info.replay };
    w.client.send(ServerMessage.watching, info);
    // Up to what the others have been sent: from there on, every watcher gets the same sends.
    const first = feed.start(this.cursor);
    if (first.bytes.length > 0) w.client.send(ServerMessage.records, first.bytes);
  }

  /** Send what the delay has released since the last time, the same bytes to every watcher. */
  private pump(): void {
    this.attach();
    const feed = this.feed;
    if (!feed) return;
    // A long delay is sent in bundles of a few seconds (fewer sends per watcher); the end goes at once.
    const now = this.clock.currentTime;
    if (now - this.lastSent >= watchSendSeconds(feed.info.delay) * 1000 || feed.finished) {
      const next = feed.since(this.cursor);
      this.cursor = next.cursor;
      if (next.bytes) {
        this.lastSent = now;
        const frame = getMessageBytes.raw(Protocol.ROOM_DATA, ServerMessage.records, next.bytes);
        for (const w of this.watchers.values()) if (w.started) w.client.enqueueRaw(frame);
      }
    }
    for (const w of this.watchers.values()) this.begin(w);
    if (!feed.finished) return;
    // The recording was sent to its end: a rematch in the same room makes a new feed to go on with.
    const entry = this.entry;
    if (entry?.feed && entry.feed !== feed) {
      this.feed = entry.feed;
      this.cursor = 0;
      this.endedAt = -1;
      for (const w of this.watchers.values()) w.started = false;
      for (const w of this.watchers.values()) this.begin(w);
      return;
    }
    entry?.sweep();
    if (this.endedAt < 0) this.endedAt = this.clock.currentTime;
    else if (entry?.roomGone !== false && this.clock.currentTime - this.endedAt > AFTER_END_SECONDS * 1000)
      void this.disconnect();
  }

  private chat(client: Client, payload: unknown): void {
    const said = this.chats.take(client, payload);
    if (!said) return;
    const from = this.watchers.get(client.sessionId);
    if (!from) return;
    const line: ChatLine = { name: from.name, role: '', text: said.text, team: false };
    this.broadcast(ServerMessage.chat, line);
  }
}
