import type { Client, Room } from '@colyseus/sdk';
import {
  type ChatLine,
  ClientMessage,
  type EndSummary,
  ROOM,
  type RolePreference,
  ServerMessage,
} from '../../../shared/protocol.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import type { JoinIntent, Phase } from '../contract/session.js';
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
  const who: Record<string, unknown> = { name: s.name, pref: s.pref };
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
      return client.joinById(intent.roomId, { ...who, spectator: true });
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
  private left = false;

  constructor(
    readonly room: Room,
    readonly spectator: boolean,
    private readonly on: SessionEvents,
  ) {
    this.phase = phaseOf(room.state as MatchState);
    // A quick-play room can start a second after the join: a drop right then should come back too.
    room.reconnection.minUptime = 1000;
    room.onStateChange(() => {
      this.checkPhase();
      this.on.change();
    });
    room.onMessage(ServerMessage.end, (s: EndSummary) => {
      this.endSummary = s;
      this.on.end(s);
    });
    room.onMessage(ServerMessage.chat, (line: ChatLine) => this.on.chat(line));
    // Events are drawn by the match view once its map has loaded; until then they are not needed.
    room.onMessage(ServerMessage.events, () => {});
    room.onMessage(ServerMessage.rejected, (r: { type: string; reason: string }) => {
      this.on.rejected(String(r?.type ?? ''), String(r?.reason ?? ''));
    });
    room.onDrop(() => this.on.dropped());
    room.onReconnect(() => this.on.reconnected(phaseOf(this.state)));
    room.onLeave((code: number, reason?: string) => {
      if (this.left) return this.on.closed(null);
      this.on.closed(classifyClose(code, reason));
    });
  }

  get state(): MatchState {
    return this.room.state as MatchState;
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  private checkPhase(): void {
    const p = phaseOf(this.state);
    if (p !== this.phase) {
      this.phase = p;
      this.on.phase(p);
    }
  }

  pref(p: RolePreference): void {
    this.room.send(ClientMessage.profile, { pref: p });
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

  /** Leaves on purpose (no error screen). */
  async leave(): Promise<void> {
    this.left = true;
    try {
      await this.room.leave(true);
    } catch {
      // Already gone: nothing to do.
    }
  }
}
