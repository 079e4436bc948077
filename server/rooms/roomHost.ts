/**
 * The narrow view of a match room that its helpers get: the message
 * handlers (messages.ts) and the start of a match (startMatch.ts) see only
 * what they use, never the room class, so neither imports the room.
 */
import type { Client } from '@colyseus/core';
import type { MatchState } from '../../shared/schema/MatchState.js';
import type { Roster } from './Roster.js';
import type { HunterHistory } from './roles.js';
import type { RoomSettings } from './settings.js';

export type { Member } from './Roster.js';

/** What a room's helpers read of it. */
export interface RoomHost {
  readonly state: MatchState;
  readonly settings: RoomSettings;
  readonly roster: Roster;
  readonly clients: Iterable<Client>;
  /** Who hunted in this room's earlier matches. */
  readonly hunterHistory: HunterHistory;
}

/** What the message handlers need besides: registering handlers and the lobby's countdown. */
export interface MessageHost extends RoomHost {
  onMessage(type: string, handler: (client: Client, payload: unknown) => void): unknown;
  startCountdown(seconds: number): void;
  readyChanged(): void;
  /** Whether the server has a map of this name. */
  hasMap(name: string): boolean;
  /** The host chose another map (one {@link hasMap} knows). */
  setMap(name: string): void;
  /** Send a person out of the lobby, telling them why; their reconnection token is void. */
  kick(sessionId: string): void;
  /** After the end: the room goes back to its lobby with the people still in it. */
  rematch(): void;
  updateListing(): Promise<void>;
}
