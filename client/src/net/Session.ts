import type { Client, Room } from '@colyseus/sdk';
import {
  type ChatLine,
  ClientMessage,
  CloseCodes,
  type EndSummary,
  ROOM,
  type RolePreference,
  ServerMessage,
} from '../../../shared/protocol.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import type { JoinIntent, Phase } from '../contract/session.js';
import { browserKey } from './browserKey.js';
import { type Classified, classifyClose } from './failures.js';

export interface SessionEvents {
  phase(phase: Phase): void;
  /** Each patch (the lobby screen redraws from it). */
  change(): void;
  dropped(): void;
  reconnected(phase: Phase): void;
  /** The room is gone: `failure` null when that was expected. */
  closed(failure: Classified | null): void;
  end(summary: EndSummary): void;
  chat(line: ChatLine): void;
  /** The server refused a message (it says why); the player stays in the room. */
  rejected(type: string, reason: string): void;
  /** The match moved to another process of the server: join `roomId` there with `ticket`. */
  moved(roomId: string, ticket: string): void;
}

/** The room's phase as a screen phase (the countdown is still the lobby). */
export function phaseOf(state: MatchState | undefined): Phase {
  const p = state?.phase;
  return p === 'playing' ? 'playing' : p === 'ended' ? 'ended' : 'lobby';
}

/** Options a join sends: who the player is and, when it creates the room, how the room is set up. */
export interface JoinSettings {
  name: string;
  pref: RolePreference;
  password: string | null;
  roomOptions: Record<string, number | boolean>;
}

/** Joins the room an intent asks for. */
export async function joinRoom(client: Client, intent: JoinIntent, s: JoinSettings): Promise<Room> {
  const who: Record<string, unknown> = { name: s.name, pref: s.pref, device: browserKey() };
  if (s.password) who.password = s.password;
  switch (intent.kind) {
    case 'quickplay':
      return client.joinOrCreate(ROOM.match, { ...s.roomOptions, ...who });
    case 'create':
      return client.create(ROOM.match, { ...s.roomOptions, ...who, mode: 'custom', private: intent.private });
    case 'join':
      return client.joinById(intent.roomId, who);
    case 'code':
      return client.joinById(intent.code, who);
    case 'spectate':
      // Spectators watch the match's recording in the watch room (App routes them to replay/LiveWatch.ts).
      throw new Error('spectators join the watch room, not the match room');
    case 'rejoin':
      // The token is the credential: a reconnection carries no options.
      try {
        return await client.reconnect(intent.token);
      } catch (e) {
        // The match moved to another process since (a deploy, a crash): the seat's ticket finds it there.
        if (!intent.ticket || !intent.roomId) throw e;
        return client.joinById(intent.roomId, { ...who, resume: intent.ticket });
      }
    case 'resume':
      return client.joinById(intent.roomId, { ...who, resume: intent.ticket });
  }
}

/**
 * One joined match room, from the lobby to the end: reports phase changes,
 * drops and reconnections (the SDK reconnects by itself), the end summary and
 * chat, and sends the lobby messages.
 */
export class Session {
  private phase: Phase;
  endSummary: EndSummary | null = null;
  /** Left on purpose or closed: from then on the room's events reach nobody. */
  private done = false;
  private readonly on: SessionEvents;
  /** The seat's ticket (the server sends it after the join): back into this seat if the match moves. */
  ticket: string | null = null;
  /** Joined by the seat's token (a reload) or ticket (the match moved to another process). */
  cameBack = false;
  /** The room's phase when its state first arrived (null until it has). */
  private firstPhase: Phase | null = null;

  constructor(
    readonly room: Room,
    events: SessionEvents,
  ) {
    // Every event passes this gate: a room left (or closed) must never reach the app again, whose
    // session by then may be a newer one (its leave arriving during the next join reset that join).
    const gate =
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        if (!this.done) fn(...a);
      };
    this.on = {
      phase: gate(events.phase),
      change: gate(events.change),
      dropped: gate(events.dropped),
      reconnected: gate(events.reconnected),
      closed: gate(events.closed),
      end: gate(events.end),
      chat: gate(events.chat),
      rejected: gate(events.rejected),
      moved: gate(events.moved),
    };
    this.phase = phaseOf(room.state as MatchState);
    this.notePhase();
    // A quick-play room can start a second after the join: a drop right then should come back too.
    room.reconnection.minUptime = 1000;
    room.onStateChange(() => {
      this.notePhase();
      this.checkPhase();
      this.on.change();
    });
    room.onMessage(ServerMessage.end, (s: EndSummary) => {
      this.endSummary = s;
      this.on.end(s);
    });
    room.onMessage(ServerMessage.chat, (line: ChatLine) => this.on.chat(line));
    room.onMessage(ServerMessage.seat, (m: { ticket?: unknown }) => {
      if (typeof m?.ticket === 'string') this.ticket = m.ticket;
    });
    // Events are drawn by the match view once its map has loaded; until then they are not needed.
    room.onMessage(ServerMessage.events, () => {});
    room.onMessage(ServerMessage.rejected, (r: { type: string; reason: string }) => {
      this.on.rejected(String(r?.type ?? ''), String(r?.reason ?? ''));
    });
    room.onDrop(() => this.on.dropped());
    room.onReconnect(() => this.on.reconnected(phaseOf(this.state)));
    room.onLeave((code: number, reason?: string) => {
      // The match moved to another process of the server: the app joins it there with the ticket.
      if (code === CloseCodes.moved && this.ticket) {
        this.on.moved(this.room.roomId, this.ticket);
        this.done = true;
        return;
      }
      const why = classifyClose(code, reason);
      this.on.closed(why);
      this.done = true;
    });
  }

  /** Whether the room is gone for this client (left on purpose, or closed). */
  get over(): boolean {
    return this.done;
  }

  /** What brings this seat back after a page reload (`roomId:token`), while the room is live. */
  get reconnectionToken(): string {
    return this.room.reconnectionToken ?? '';
  }

  get state(): MatchState {
    return this.room.state as MatchState;
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  /**
   * Back in their seat of a match that was under way when they came back
   * (a reload, or the match moved to another process): the person was
   * briefed when they first came in.
   */
  get backInMatch(): boolean {
    return this.cameBack && this.firstPhase === 'playing';
  }

  private notePhase(): void {
    if (this.firstPhase === null && this.state?.phase) this.firstPhase = phaseOf(this.state);
  }

  private checkPhase(): void {
    const p = phaseOf(this.state);
    if (p !== this.phase) {
      this.phase = p;
      // Back in the lobby (a rematch): the last match's result is not the next one's.
      if (p === 'lobby') this.endSummary = null;
      this.on.phase(p);
    }
  }

  pref(p: RolePreference): void {
    this.room.send(ClientMessage.profile, { pref: p });
  }
  rename(name: string): void {
    this.room.send(ClientMessage.profile, { name });
  }
  ready(on: boolean): void {
    this.room.send(ClientMessage.ready, { ready: on });
  }
  start(): void {
    this.room.send(ClientMessage.start);
  }
  options(o: Record<string, number | boolean>): void {
    this.room.send(ClientMessage.options, o);
  }
  chat(text: string, team: boolean): void {
    this.room.send(ClientMessage.chat, { text, team });
  }

  /**
   * Stop the SDK's own reconnection (the app takes the seat back elsewhere
   * with the ticket): no event of this room reaches the app after this call.
   */
  abandon(): void {
    this.done = true;
    this.room.reconnection.enabled = false;
    this.room.reconnection.maxRetries = 0;
    try {
      this.room.connection?.close();
    } catch {
      // Already closed.
    }
  }

  /**
   * Leaves on purpose: consented, so the server hands a character to a bot at
   * once. No event of this room reaches the app after this call.
   */
  async leave(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // Closed by the server (a kick, a fault): a leave frame on a closed socket only logs an error.
    if (this.room.connection?.isOpen === false) return;
    try {
      await this.room.leave(true);
    } catch {
      // Already gone: nothing to do.
    }
  }
}
