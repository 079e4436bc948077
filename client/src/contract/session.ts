/**
 * What the network layer and the screens agree on about a session: how the
 * player enters a room, the room's phase, and why a session can fail. The
 * screens' state machine (app/screens.ts) builds on these; net/ reads them
 * from here, so it never reaches up into app/.
 */

/** How the player is entering a room. */
export type JoinIntent =
  | { kind: 'quickplay' }
  | { kind: 'join'; roomId: string }
  | { kind: 'spectate'; roomId: string }
  | { kind: 'create'; private: boolean }
  | { kind: 'code'; code: string }
  /**
   * Back into the seat this tab held before a reload: the room's reconnection
   * token, else (the match moved to another server since) the seat's ticket.
   */
  | { kind: 'rejoin'; token: string; roomId?: string; ticket?: string }
  /**
   * Back into one's character in a match that moved to another process of
   * the server (a deploy, a crash): the same room id, the seat's ticket.
   * Tried again for a while: a crashed match takes a few seconds to resume.
   * `lost`: the connection was lost and did not come back (the server may
   * have crashed, or restarted), rather than the server saying the match moved.
   */
  | { kind: 'resume'; roomId: string; ticket: string; lost?: boolean };

/** Why the client cannot go on; each has its own message and a way back. */
export type Failure =
  | 'unreachable'
  | 'full'
  | 'not-found'
  /** The room is there but holds no seat for this reconnection any more (the time to come back passed). */
  | 'expired'
  | 'disconnected'
  | 'kicked'
  | 'refused'
  /** Watching a match someone at this address plays in (or the reverse), while it has a delay. */
  | 'same-address'
  /** No room has the code the player typed. */
  | 'bad-code'
  /** The server wants a password and this one is missing or wrong. */
  | 'password'
  | 'aborted'
  | 'error';

/** The room's phase as the client tracks it. */
export type Phase = 'lobby' | 'playing' | 'ended';
