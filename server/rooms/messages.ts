/**
 * The match room's client messages. Every payload is validated; a refused
 * message is answered with `rejected { type, reason }` and otherwise ignored,
 * so a buggy or hostile client cannot disturb the room or anyone in it.
 */
import type { Client } from '@colyseus/core';
import {
  type ChatLine,
  ClientMessage,
  ServerMessage,
  validateChat,
  validateHostOptions,
  validateKick,
  validateProfile,
  validateReady,
} from '../../shared/protocol.js';
import { isEscortRole } from '../../shared/roles.js';
import type { Member, MessageHost } from './roomHost.js';
import { SHORT_COUNTDOWN } from './settings.js';

/** Chat lines a client may send per second. */
const CHAT_INTERVAL_MS = 1000;

/**
 * The chat rule every room keeps (the match room, the watch room): a line
 * is validated and a client sends one a second; a refused line is answered
 * `rejected`.
 */
export class ChatLimiter {
  private readonly last = new Map<string, number>();

  /** The clean line, or null when it was refused (and answered). */
  take(client: Client, payload: unknown): { text: string; team: boolean } | null {
    const v = validateChat(payload);
    if (!v.ok) {
      reject(client, ClientMessage.chat, v.reason);
      return null;
    }
    const now = Date.now();
    if (now - (this.last.get(client.sessionId) ?? Number.NEGATIVE_INFINITY) < CHAT_INTERVAL_MS) {
      reject(client, ClientMessage.chat, 'one chat line a second');
      return null;
    }
    this.last.set(client.sessionId, now);
    return v.value;
  }

  /** The client left. */
  forget(sessionId: string): void {
    this.last.delete(sessionId);
  }
}

export function reject(client: Client, type: string, reason: string): void {
  client.send(ServerMessage.rejected, { type, reason });
}

/**
 * Answer a message type the room has no handler for with `rejected` (the
 * sender stays; Colyseus' per-client rate limit counts it like any frame).
 * The door has already dropped a sender of the type `"*"` itself, so the
 * wildcard only ever sees real types.
 */
export function answerUnknownTypes(room: Pick<MessageHost, 'onMessage'>): void {
  room.onMessage('*', (client, type) => reject(client, String(type).slice(0, 32), 'unknown message type'));
}

/** Register the room's message handlers. */
export function bindMessages(room: MessageHost): void {
  const inLobby = () => room.state.phase === 'lobby' || room.state.phase === 'countdown';

  /** The sender as a lobby player, or a reason it may not send `type` now. */
  const lobbyPlayer = (client: Client, type: string): Member | null => {
    const m = room.roster.get(client.sessionId);
    if (!m || m.spectator) reject(client, type, 'spectators cannot do that');
    else if (!inLobby()) reject(client, type, 'only in the lobby');
    else return m;
    return null;
  };

  const host = (client: Client, type: string): boolean => {
    if (!lobbyPlayer(client, type)) return false;
    if (room.settings.mode !== 'custom') reject(client, type, 'quick-play rooms start by themselves');
    else if (!room.roster.isHost(client.sessionId)) reject(client, type, 'only the host can do that');
    else return true;
    return false;
  };

  room.onMessage(ClientMessage.profile, (client, payload: unknown) => {
    if (!lobbyPlayer(client, ClientMessage.profile)) return;
    const v = validateProfile(payload);
    if (!v.ok) return reject(client, ClientMessage.profile, v.reason);
    room.roster.setProfile(client.sessionId, v.value);
  });

  room.onMessage(ClientMessage.ready, (client, payload: unknown) => {
    if (!lobbyPlayer(client, ClientMessage.ready)) return;
    const v = validateReady(payload);
    if (!v.ok) return reject(client, ClientMessage.ready, v.reason);
    room.roster.setReady(client.sessionId, v.value);
    room.readyChanged();
  });

  room.onMessage(ClientMessage.options, (client, payload: unknown) => {
    if (!host(client, ClientMessage.options)) return;
    const v = validateHostOptions(payload);
    if (!v.ok) return reject(client, ClientMessage.options, v.reason);
    const x = v.value;
    // Checked against the room before anything changes: a refused message changes nothing.
    if (
      room.settings.from &&
      [x.map, x.matchSeconds, x.police, x.civilians, x.bots].some((f) => f !== undefined)
    )
      return reject(
        client,
        ClientMessage.options,
        "a match from a replay keeps the replay's map, length, crowd and bots",
      );
    if (x.map !== undefined && !room.hasMap(x.map))
      return reject(client, ClientMessage.options, `map ${x.map} is not a map this server has`);
    if (x.hunter !== undefined && x.hunter !== '' && !room.roster.people().some(([sid]) => sid === x.hunter))
      return reject(client, ClientMessage.options, 'the hunter must be a player in the lobby');
    const o = room.state.options;
    if (x.matchSeconds !== undefined) o.matchSeconds = x.matchSeconds;
    if (x.police !== undefined) o.police = x.police;
    if (x.civilians !== undefined) o.civilians = x.civilians;
    if (x.bots !== undefined) o.bots = x.bots;
    if (x.difficulty !== undefined) o.difficulty = x.difficulty;
    if (x.spectatorDelay !== undefined) o.spectatorDelay = x.spectatorDelay;
    if (x.hunter !== undefined) o.hunter = x.hunter;
    if (x.map !== undefined) room.setMap(x.map);
    void room.updateListing();
  });

  room.onMessage(ClientMessage.kick, (client, payload: unknown) => {
    if (!host(client, ClientMessage.kick)) return;
    const v = validateKick(payload);
    if (!v.ok) return reject(client, ClientMessage.kick, v.reason);
    if (v.value === client.sessionId)
      return reject(client, ClientMessage.kick, 'the host cannot kick themself');
    if (!room.roster.people().some(([sid]) => sid === v.value))
      return reject(client, ClientMessage.kick, 'no such player in the lobby');
    room.kick(v.value);
  });

  room.onMessage(ClientMessage.rematch, (client) => {
    const m = room.roster.get(client.sessionId);
    if (!m || (m.spectator && !room.state.players.has(client.sessionId)))
      return reject(client, ClientMessage.rematch, 'spectators cannot do that');
    if (room.state.phase !== 'ended') return reject(client, ClientMessage.rematch, 'only after the match');
    room.rematch();
  });

  room.onMessage(ClientMessage.start, (client) => {
    if (!host(client, ClientMessage.start)) return;
    const waiting = room.roster.people().filter(([sid, p]) => sid !== client.sessionId && !p.ready);
    if (waiting.length > 0) return reject(client, ClientMessage.start, 'not everyone is ready');
    room.startCountdown(Math.min(SHORT_COUNTDOWN, room.settings.countdown));
  });

  answerUnknownTypes(room);

  const chat = new ChatLimiter();
  room.onMessage(ClientMessage.chat, (client, payload: unknown) => {
    const said = chat.take(client, payload);
    if (!said) return;
    const from = room.roster.get(client.sessionId);
    if (!from) return;
    const line: ChatLine = { name: from.name, role: from.role ?? '', text: said.text, team: said.team };
    const side = (m: Member) =>
      m.spectator ? 'spectator' : m.role === null ? 'lobby' : isEscortRole(m.role) ? 'escort' : 'hunter';
    for (const c of room.clients) {
      const to = room.roster.get(c.sessionId);
      if (!to) continue;
      // Spectators talk among themselves only, so they cannot coach a side.
      if (from.spectator && !to.spectator) continue;
      if (line.team && !inLobby() && side(to) !== side(from)) continue;
      c.send(ServerMessage.chat, line);
    }
  });
}
