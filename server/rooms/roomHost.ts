/**
 * The narrow view of a match room that its helpers get: the message
 * handlers (messages.ts) and the start of a match (startMatch.ts) see only
 * what they use, never the room class, so neither imports the room.
 */
import type { Client } from '@colyseus/core';
import type { JoinOptions } from '../../shared/protocol.js';
import type { PlayerRole } from '../../shared/roles.js';
import type { MatchState } from '../../shared/schema/MatchState.js';
import type { RoomSettings } from './settings.js';

/** A connected person or spectator. */
export interface Member {
  name: string;
  pref: JoinOptions['pref'];
  spectator: boolean;
  role: PlayerRole | null;
  /** Where the client connects from (an address key: IPv4, or an IPv6 /64). */
  address: string;
}

/** What a room's helpers read of it. */
export interface RoomHost {
  readonly state: MatchState;
  readonly settings: RoomSettings;
  readonly members: ReadonlyMap<string, Member>;
  readonly clients: Iterable<Client>;
}

/** What the message handlers need besides: registering handlers and the lobby's countdown. */
export interface MessageHost extends RoomHost {
  onMessage(type: string, handler: (client: Client, payload: unknown) => void): unknown;
  startCountdown(seconds: number): void;
  readyChanged(): void;
}
