/**
 * The narrow view of a match room that its helpers get: the message
 * handlers (messages.ts) and the start of a match (startMatch.ts) see only
 * what they use, never the room class, so neither imports the room.
 */
import type { Client } from '@colyseus/core';
import type { MatchState } from '../../shared/schema/MatchState.js';
import type { Roster } from './Roster.js';
import type { RoomSettings } from './settings.js';

export type { Member } from './Roster.js';

/** What a room's helpers read of it. */
export interface RoomHost {
  readonly state: MatchState;
  readonly settings: RoomSettings;
  readonly roster: Roster;
  readonly clients: Iterable<Client>;
}

/** What the message handlers need besides: registering handlers and the lobby's countdown. */
export interface MessageHost extends RoomHost {
  onMessage(type: string, handler: (client: Client, payload: unknown) => void): unknown;
  startCountdown(seconds: number): void;
  readyChanged(): void;
}
