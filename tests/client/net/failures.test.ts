import { describe, expect, it } from 'vitest';
import { classifyClose, classifyJoinError } from '../../../client/src/net/failures.js';
import { CloseCodes, JoinError } from '../../../shared/protocol.js';

const err = (message: string, code?: number) =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe('join failures', () => {
  it('a server that does not answer is unreachable, and worth retrying', () => {
    expect(classifyJoinError(new TypeError('Failed to fetch'))).toMatchObject({
      failure: 'unreachable',
      retryable: true,
    });
    expect(classifyJoinError(err('connect ECONNREFUSED 127.0.0.1:1'))).toMatchObject({
      failure: 'unreachable',
    });
  });

  it('a full match is said so, not retried', () => {
    expect(classifyJoinError(err('match is full', JoinError.matchFull))).toMatchObject({
      failure: 'full',
      retryable: false,
    });
    expect(classifyJoinError(err('room "x" is locked', 522))).toMatchObject({ failure: 'full' });
  });

  it('a removed browser and a same-address refusal are each said as such', () => {
    expect(classifyJoinError(err('the host removed you from this match', JoinError.removed))).toMatchObject({
      failure: 'kicked',
      retryable: false,
    });
    expect(
      classifyJoinError(err('someone at your address plays in this match', JoinError.sameAddress)),
    ).toMatchObject({
      failure: 'same-address',
      retryable: false,
    });
  });

  it('a vanished match is not found', () => {
    expect(classifyJoinError(err('room "abc" not found', 522))).toMatchObject({ failure: 'not-found' });
    expect(classifyJoinError(err('over', JoinError.matchOver))).toMatchObject({ failure: 'not-found' });
  });

  it('a password refused says whether it was missing or wrong', () => {
    expect(classifyJoinError(err('wrong or missing password', JoinError.badPassword))).toEqual({
      failure: 'password',
      detail: 'This server needs a password',
      retryable: false,
    });
    expect(
      classifyJoinError(err('wrong or missing password', JoinError.badPassword), { password: true }),
    ).toMatchObject({ failure: 'password', detail: 'Wrong password' });
  });

  it('a code that names no room says so, with the code (not "that match is gone")', () => {
    const intent = { kind: 'code', code: 'ABCD23' } as const;
    expect(classifyJoinError(err('room "ABCD23" not found', 522), { intent })).toEqual({
      failure: 'bad-code',
      detail: 'No match with code ABCD23',
      retryable: false,
    });
    // A code of a match that is over is not a typing mistake.
    expect(classifyJoinError(err('the match is over', JoinError.matchOver), { intent })).toMatchObject({
      failure: 'not-found',
    });
    // A listed match that vanished is still "gone".
    expect(
      classifyJoinError(err('room "abc" not found', 522), { intent: { kind: 'join', roomId: 'abc' } }),
    ).toMatchObject({ failure: 'not-found' });
  });

  it('a reload too late for its seat (a token the room no longer holds) is expired, not retried', () => {
    expect(
      classifyJoinError(err('reconnection token invalid or expired', 524), {
        intent: { kind: 'rejoin', token: 'r:t' },
      }),
    ).toMatchObject({ failure: 'expired', retryable: false });
  });

  it('too many failed attempts is a refusal, not retried', () => {
    expect(classifyJoinError(err('too many failed attempts', 429))).toMatchObject({
      failure: 'refused',
      retryable: false,
    });
  });
});

describe('close codes', () => {
  it('leaving on purpose is not an error', () => {
    expect(classifyClose(CloseCodes.consented)).toBeNull();
    expect(classifyClose(1000)).toBeNull();
  });

  it('being dropped for misbehaving is a kick', () => {
    expect(classifyClose(CloseCodes.withError)).toMatchObject({ failure: 'kicked' });
    expect(classifyClose(CloseCodes.messageTooBig)).toMatchObject({ failure: 'kicked' });
    expect(classifyClose(CloseCodes.roomError, 'the match ended because of a server error')).toMatchObject({
      failure: 'aborted',
      detail: 'the match ended because of a server error',
    });
  });

  it('anything else is a lost connection', () => {
    expect(classifyClose(CloseCodes.failedToReconnect)).toMatchObject({ failure: 'disconnected' });
    expect(classifyClose(1006)).toMatchObject({ failure: 'disconnected' });
    expect(classifyClose(CloseCodes.serverShutdown)?.detail).toMatch(/shutting down/);
  });
});
