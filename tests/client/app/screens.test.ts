import { describe, expect, it } from 'vitest';
import {
  attemptsOf,
  HOME,
  inRoom,
  MATCH_GONE,
  MAX_JOIN_ATTEMPTS,
  nextScreen,
  REJOIN_FAILED,
  RESUME_ATTEMPTS,
  type Screen,
  watchInstead,
} from '../../../client/src/app/screens.js';

const quick = { kind: 'quickplay' } as const;

describe('screens', () => {
  it('quick play goes home → connecting → lobby → match → end', () => {
    let s: Screen = HOME;
    s = nextScreen(s, { type: 'start', intent: quick });
    expect(s).toEqual({ name: 'connecting', intent: quick, attempt: 1 });
    s = nextScreen(s, { type: 'joined', phase: 'lobby' });
    expect(s).toEqual({ name: 'lobby' });
    s = nextScreen(s, { type: 'phase', phase: 'playing' });
    expect(s).toEqual({ name: 'match' });
    s = nextScreen(s, { type: 'phase', phase: 'ended' });
    expect(s).toEqual({ name: 'end' });
    s = nextScreen(s, { type: 'home' });
    expect(s).toEqual(HOME);
  });

  it('an unreachable server is retried, then reported with a way to try again', () => {
    let s = nextScreen(HOME, { type: 'start', intent: quick });
    for (let i = 1; i < MAX_JOIN_ATTEMPTS; i++) {
      s = nextScreen(s, { type: 'failed', failure: 'unreachable', detail: 'x', retryable: true });
      expect(s).toMatchObject({ name: 'connecting', attempt: i + 1 });
    }
    s = nextScreen(s, { type: 'failed', failure: 'unreachable', detail: 'no answer', retryable: true });
    expect(s).toEqual({ name: 'error', failure: 'unreachable', detail: 'no answer', retry: quick });
    s = nextScreen(s, { type: 'retry' });
    expect(s).toEqual({ name: 'connecting', intent: quick, attempt: 1 });
  });

  it('a full room is reported at once, not retried', () => {
    let s = nextScreen(HOME, { type: 'start', intent: { kind: 'join', roomId: 'r1' } });
    s = nextScreen(s, { type: 'failed', failure: 'full', detail: 'full', retryable: false });
    expect(s).toMatchObject({ name: 'error', failure: 'full' });
    expect(nextScreen(s, { type: 'home' })).toEqual(HOME);
  });

  it('a dropped connection shows reconnecting and returns to the same screen', () => {
    let s: Screen = { name: 'match' };
    s = nextScreen(s, { type: 'dropped' });
    expect(s).toEqual({ name: 'reconnecting', attempt: 1 });
    expect(inRoom(s)).toBe(true);
    s = nextScreen(s, { type: 'reconnected', phase: 'playing' });
    expect(s).toEqual({ name: 'match' });
  });

  it('being kicked ends in an error with no retry', () => {
    const s = nextScreen({ name: 'match' }, { type: 'closed', failure: 'kicked', detail: 'flood' });
    expect(s).toEqual({ name: 'error', failure: 'kicked', detail: 'flood', retry: null });
    expect(nextScreen(s, { type: 'retry' })).toBe(s);
  });

  it('the room closing after the end keeps the end screen up to read the stats', () => {
    const end: Screen = { name: 'end' };
    expect(nextScreen(end, { type: 'closed', failure: 'disconnected', detail: '' })).toMatchObject({
      name: 'end',
    });
  });

  it('leaving on purpose goes home without an error', () => {
    expect(nextScreen({ name: 'lobby' }, { type: 'closed', failure: null, detail: '' })).toEqual(HOME);
  });

  it('events that do not apply leave the screen as it is', () => {
    expect(nextScreen(HOME, { type: 'joined', phase: 'playing' })).toBe(HOME);
    expect(nextScreen(HOME, { type: 'dropped' })).toBe(HOME);
    const lobby: Screen = { name: 'lobby' };
    expect(nextScreen(lobby, { type: 'start', intent: quick })).toBe(lobby);
  });

  it('a wrong code comes back home with the code in its field, to type again', () => {
    const code = { kind: 'code', code: 'ABCD23' } as const;
    let s = nextScreen(HOME, { type: 'start', intent: code });
    s = nextScreen(s, { type: 'failed', failure: 'bad-code', detail: 'x', retryable: false });
    expect(s).toEqual({
      name: 'home',
      notice: { text: 'No match with code ABCD23', field: 'code', code: 'ABCD23' },
    });
  });

  it('a password refused comes back home to the password field, saying why', () => {
    let s = nextScreen(HOME, { type: 'start', intent: quick });
    s = nextScreen(s, { type: 'failed', failure: 'password', detail: 'Wrong password', retryable: false });
    expect(s).toEqual({ name: 'home', notice: { text: 'Wrong password', field: 'password' } });
  });

  it('a reload too late to take the seat back goes home with a short word', () => {
    let s = nextScreen(HOME, { type: 'start', intent: { kind: 'rejoin', token: 'r:t' } });
    s = nextScreen(s, { type: 'failed', failure: 'expired', detail: 'x', retryable: false });
    expect(s).toEqual({ name: 'home', notice: { text: REJOIN_FAILED, field: null } });
    // The room still there but no seat to take (every role taken): not over, a bot plays on.
    const full = nextScreen(
      { name: 'connecting', intent: { kind: 'rejoin', token: 'r:t', roomId: 'r', ticket: 't' }, attempt: 3 },
      { type: 'failed', failure: 'full', detail: 'every role is taken', retryable: false },
    );
    expect(full).toEqual({ name: 'home', notice: { text: REJOIN_FAILED, field: null } });
  });

  it('a match to return to that is no longer anywhere is said to be over, not played by a bot', () => {
    // A reload whose room is gone (the server restarted), and a lost server's match looked for in vain.
    for (const intent of [
      { kind: 'rejoin', token: 'r:t', roomId: 'r', ticket: 't' },
      { kind: 'resume', roomId: 'r', ticket: 't', lost: true },
    ] as const) {
      const s = nextScreen(
        { name: 'connecting', intent, attempt: RESUME_ATTEMPTS },
        { type: 'failed', failure: 'not-found', detail: 'room "r" not found', retryable: false },
      );
      expect(s).toEqual({ name: 'home', notice: { text: MATCH_GONE, field: null } });
    }
  });

  it('a lost server is looked for as long as a crashed match takes to resume, the count said against that', () => {
    const intent = { kind: 'resume', roomId: 'r', ticket: 't', lost: true } as const;
    expect(attemptsOf(intent)).toBe(RESUME_ATTEMPTS);
    expect(attemptsOf({ kind: 'quickplay' })).toBe(MAX_JOIN_ATTEMPTS);
    let s: Screen = { name: 'connecting', intent, attempt: 1 };
    for (let i = 1; i < RESUME_ATTEMPTS; i++)
      s = nextScreen(s, {
        type: 'failed',
        failure: 'unreachable',
        detail: 'Failed to fetch',
        retryable: true,
      });
    expect(s).toEqual({ name: 'connecting', intent, attempt: RESUME_ATTEMPTS });
    s = nextScreen(s, { type: 'failed', failure: 'unreachable', detail: 'Failed to fetch', retryable: true });
    expect(s).toMatchObject({ name: 'error', failure: 'unreachable' });
  });

  it('a match found full can be watched instead (by its id or code); a full quick play has nothing to watch', () => {
    expect(watchInstead('full', { kind: 'join', roomId: 'abc123xyz' })).toBe('abc123xyz');
    expect(watchInstead('full', { kind: 'code', code: 'ABC234' })).toBe('ABC234');
    expect(watchInstead('full', { kind: 'quickplay' })).toBeNull();
    expect(watchInstead('not-found', { kind: 'code', code: 'ABC234' })).toBeNull();
  });

  it('a room that closes under the end screen leaves the stats up, with no lobby to go back to', () => {
    let s: Screen = nextScreen({ name: 'end' }, { type: 'closed', failure: 'disconnected', detail: '' });
    expect(s).toEqual({ name: 'end', closed: true });
    expect(nextScreen(s, { type: 'rematch' })).toBe(s);
    s = nextScreen({ name: 'end', lobby: true }, { type: 'closed', failure: null, detail: '' });
    expect(s).toEqual({ name: 'end', lobby: true, closed: true });
  });

  it('someone else’s Back to the lobby leaves this player on the stats until they follow', () => {
    let s: Screen = { name: 'end' };
    s = nextScreen(s, { type: 'phase', phase: 'lobby' });
    expect(s).toEqual({ name: 'end', lobby: true });
    s = nextScreen(s, { type: 'rematch' });
    expect(s).toEqual({ name: 'lobby' });
    // Still on the stats when the next match starts (quick play counts down by itself): into the match.
    expect(nextScreen({ name: 'end', lobby: true }, { type: 'phase', phase: 'playing' })).toEqual({
      name: 'match',
    });
  });

  it('this player’s own Back to the lobby goes there as soon as the room is back in it', () => {
    let s: Screen = nextScreen({ name: 'end' }, { type: 'rematch' });
    expect(s).toEqual({ name: 'end', asked: true });
    s = nextScreen(s, { type: 'phase', phase: 'lobby' });
    expect(s).toEqual({ name: 'lobby' });
    expect(nextScreen({ name: 'lobby' }, { type: 'rematch' })).toEqual({ name: 'lobby' });
  });

  it('a browser the host removed is told so, with no Try again', () => {
    const s = nextScreen(
      { name: 'connecting', intent: { kind: 'code', code: 'ABC234' }, attempt: 1 },
      { type: 'failed', failure: 'kicked', detail: 'the host removed you from this match', retryable: false },
    );
    expect(s).toEqual({
      name: 'error',
      failure: 'kicked',
      detail: 'the host removed you from this match',
      retry: null,
    });
  });

  it('Play again goes from the end screen straight to a new join', () => {
    const s = nextScreen({ name: 'end' }, { type: 'start', intent: quick });
    expect(s).toEqual({ name: 'connecting', intent: quick, attempt: 1 });
  });
});
