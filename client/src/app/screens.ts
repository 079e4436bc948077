/**
 * Which screen the client shows, as a pure state machine: every change of
 * screen goes through {@link nextScreen}, so the flows (quick play, join,
 * watch, a dropped connection, the end) are tested without a browser.
 */

import type { Failure, JoinIntent, Phase } from '../contract/session.js';

export type { Failure, JoinIntent, Phase };

/**
 * What the home screen says above its fields after a join came back to it:
 * a wrong code (the code field prefilled and focused), a password the
 * server wants, or a seat that could not be taken back after a reload.
 */
export interface HomeNotice {
  text: string;
  field: 'code' | 'password' | null;
  /** The code to put back in the code field. */
  code?: string;
}

export type Screen =
  | { name: 'home'; notice?: HomeNotice }
  | { name: 'connecting'; intent: JoinIntent; attempt: number }
  | { name: 'lobby' }
  | { name: 'match' }
  | { name: 'reconnecting'; attempt: number }
  /**
   * The end screen. `lobby`: someone took the group back to the room's
   * lobby while this player still reads the stats (they follow when they
   * choose); `asked`: this player asked for it, and goes when it is there;
   * `closed`: the room has closed (its time after the end ran out, or its
   * server went away), so there is no lobby to go back to.
   */
  | { name: 'end'; lobby?: boolean; asked?: boolean; closed?: boolean }
  | { name: 'error'; failure: Failure; detail: string; retry: JoinIntent | null };

export type ScreenEvent =
  | { type: 'start'; intent: JoinIntent }
  /** The room answered: which phase it is in. */
  | { type: 'joined'; phase: Phase }
  | { type: 'phase'; phase: Phase }
  /** The player chose Back to the lobby on the end screen. */
  | { type: 'rematch' }
  /** Joining failed; `retryable` failures are tried again up to {@link MAX_JOIN_ATTEMPTS}. */
  | { type: 'failed'; failure: Failure; detail: string; retryable: boolean }
  /** The connection dropped during a room; the SDK is reconnecting. */
  | { type: 'dropped' }
  | { type: 'reconnected'; phase: Phase }
  /** The match moved to another process of the server (or lost its process): join it there. */
  | { type: 'moved'; intent: JoinIntent }
  /** The room is gone for good (left, kicked, reconnection gave up). */
  | { type: 'closed'; failure: Failure | null; detail: string }
  | { type: 'retry' }
  | { type: 'home' };

/** Attempts at joining before the client stops and says so. */
export const MAX_JOIN_ATTEMPTS = 3;
/**
 * Attempts to find a match that moved (half a second apart): a crashed
 * process's matches resume on another within about 5 s (docs/HOSTING.md).
 */
export const RESUME_ATTEMPTS = 40;

export const HOME: Screen = { name: 'home' };

function screenForPhase(phase: Phase): Screen {
  if (phase === 'lobby') return { name: 'lobby' };
  if (phase === 'playing') return { name: 'match' };
  return { name: 'end' };
}

/** The screen after `event`; the same screen when the event does not apply to it. */
export function nextScreen(s: Screen, e: ScreenEvent): Screen {
  switch (e.type) {
    case 'start':
      return s.name === 'home' || s.name === 'error' || s.name === 'end'
        ? { name: 'connecting', intent: e.intent, attempt: 1 }
        : s;
    case 'joined':
      return s.name === 'connecting' ? screenForPhase(e.phase) : s;
    case 'phase':
      // Someone else's Back to the lobby does not take this player off the stats: they follow when they choose.
      if (s.name === 'end' && e.phase === 'lobby' && !s.asked) return s.lobby ? s : { ...s, lobby: true };
      if (s.name === 'lobby' || s.name === 'match' || s.name === 'end') {
        return screenForPhase(e.phase);
      }
      return s;
    case 'rematch':
      if (s.name !== 'end' || s.closed) return s;
      return s.lobby ? { name: 'lobby' } : s.asked ? s : { ...s, asked: true };
    case 'failed': {
      if (s.name !== 'connecting') return s;
      // A match that moved is looked for until it is back (only a wrong password ends that).
      const resuming = s.intent.kind === 'resume';
      const retryable = resuming ? e.failure !== 'password' : e.retryable;
      if (retryable && s.attempt < attemptsOf(s.intent)) return { ...s, attempt: s.attempt + 1 };
      const notice = noticeFor(s.intent, e.failure, e.detail);
      if (notice) return { name: 'home', notice };
      // Removed by the host: trying again is refused again, so no Try again.
      return {
        name: 'error',
        failure: e.failure,
        detail: e.detail,
        retry: e.failure === 'kicked' ? null : s.intent,
      };
    }
    case 'dropped':
      if (s.name === 'lobby' || s.name === 'match') {
        return { name: 'reconnecting', attempt: 1 };
      }
      if (s.name === 'reconnecting') return { ...s, attempt: s.attempt + 1 };
      return s;
    case 'moved':
      return s.name === 'lobby' || s.name === 'match' || s.name === 'reconnecting'
        ? { name: 'connecting', intent: e.intent, attempt: 1 }
        : s;
    case 'reconnected':
      return s.name === 'reconnecting' ? screenForPhase(e.phase) : s;
    case 'closed':
      // After the end screen the room closing is expected: stay to read the stats (no lobby to go back to).
      if (s.name === 'end') return s.closed ? s : { ...s, closed: true };
      if (s.name === 'home' || s.name === 'error') return s;
      if (e.failure === null) return HOME;
      return { name: 'error', failure: e.failure, detail: e.detail, retry: null };
    case 'retry':
      return s.name === 'error' && s.retry ? { name: 'connecting', intent: s.retry, attempt: 1 } : s;
    case 'home':
      return HOME;
  }
}

/** The home screen's word for a failed join that the player fixes there, or null for the error screen. */
function noticeFor(intent: JoinIntent, failure: Failure, detail: string): HomeNotice | null {
  if (failure === 'password') return { text: detail, field: 'password' };
  if (intent.kind === 'code' && failure === 'bad-code') {
    return { text: `No match with code ${intent.code}`, field: 'code', code: intent.code };
  }
  if ((intent.kind === 'rejoin' || intent.kind === 'resume') && failure !== 'unreachable') {
    // No room by that id any more: the match is over, not going on with a bot in the seat.
    return { text: failure === 'not-found' ? MATCH_GONE : REJOIN_FAILED, field: null };
  }
  return null;
}

/** Said on the home screen when a reload came too late to take the seat back. */
export const REJOIN_FAILED =
  'Could not return to your match: the time to come back had passed, and a bot plays your character.';

/** Said on the home screen when the match to return to is no longer anywhere. */
export const MATCH_GONE =
  'Could not return to your match: it is over (it ended, or its server stopped and no other could take it on).';

/** Attempts a join makes before it stops and says so. */
export const attemptsOf = (intent: JoinIntent): number =>
  intent.kind === 'resume' ? RESUME_ATTEMPTS : MAX_JOIN_ATTEMPTS;

/** The match a join found full could be watched instead: its id or code, or null. */
export function watchInstead(failure: Failure, intent: JoinIntent | null): string | null {
  if (failure !== 'full' || !intent) return null;
  return intent.kind === 'join' ? intent.roomId : intent.kind === 'code' ? intent.code : null;
}

/** Whether the screen is inside a room (the connection must be kept). */
export function inRoom(s: Screen): boolean {
  return s.name === 'lobby' || s.name === 'match' || s.name === 'reconnecting' || s.name === 'end';
}
