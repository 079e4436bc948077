import type { Client, Room } from '@colyseus/sdk';
import { describe, expect, it, vi } from 'vitest';
import { joinRoom, Session, type SessionEvents } from '../../../client/src/net/Session.js';
import { CloseCodes } from '../../../shared/protocol.js';

/** A room with the SDK's signals, whose events the test fires by hand. */
function fakeRoom(phase = 'ended') {
  const handlers = {
    state: [] as (() => void)[],
    leave: [] as ((code: number, reason?: string) => void)[],
    drop: [] as (() => void)[],
    reconnect: [] as (() => void)[],
    messages: new Map<string, (m: unknown) => void>(),
  };
  const signal = <F>(list: F[]) => Object.assign((fn: F) => list.push(fn), { remove: () => {} });
  const room = {
    roomId: 'r1',
    sessionId: 's1',
    reconnectionToken: 'r1:tok',
    state: { phase },
    reconnection: { minUptime: 0 },
    onStateChange: signal(handlers.state),
    onLeave: signal(handlers.leave),
    onDrop: signal(handlers.drop),
    onReconnect: signal(handlers.reconnect),
    onMessage: (type: string, fn: (m: unknown) => void) => {
      handlers.messages.set(type, fn);
      return () => handlers.messages.delete(type);
    },
    send: () => {},
    // The server answers a consented leave by closing: the SDK then fires onLeave.
    leave: vi.fn(async () => {
      await Promise.resolve();
      for (const fn of handlers.leave) fn(CloseCodes.consented);
    }),
  };
  return { room: room as unknown as Room, raw: room, handlers };
}

type Spied = { [K in keyof SessionEvents]: SessionEvents[K] & ReturnType<typeof vi.fn> };

function events(): Spied {
  return {
    phase: vi.fn(),
    change: vi.fn(),
    dropped: vi.fn(),
    reconnected: vi.fn(),
    closed: vi.fn(),
    end: vi.fn(),
    chat: vi.fn(),
    rejected: vi.fn(),
  } as unknown as Spied;
}

describe('a session left on purpose', () => {
  it('reports nothing after leave(): its close cannot reset the next join (Play again)', async () => {
    const { room, handlers } = fakeRoom();
    const on = events();
    const session = new Session(room, on);
    await session.leave();
    // The room's close arrives after the leave; a late patch too.
    for (const fn of handlers.leave) fn(CloseCodes.consented);
    for (const fn of handlers.state) fn();
    handlers.messages.get('chat')?.({ from: 'x', text: 'hi' });
    expect(on.closed).not.toHaveBeenCalled();
    expect(on.change).not.toHaveBeenCalled();
    expect(on.chat).not.toHaveBeenCalled();
    expect(session.over).toBe(true);
  });

  it('leaves consented, once (the server hands the character to a bot at once)', async () => {
    const { room, raw } = fakeRoom();
    const session = new Session(room, events());
    await session.leave();
    await session.leave();
    expect(raw.leave).toHaveBeenCalledTimes(1);
    expect(raw.leave).toHaveBeenCalledWith(true);
  });

  it('a room that closes by itself is reported once, then is silent', () => {
    const { room, handlers } = fakeRoom('playing');
    const on = events();
    new Session(room, on);
    for (const fn of handlers.leave) fn(4000);
    for (const fn of handlers.leave) fn(4000);
    for (const fn of handlers.drop) fn();
    expect(on.closed).toHaveBeenCalledTimes(1);
    expect(on.dropped).not.toHaveBeenCalled();
  });

  it('carries the reconnection token a reload takes the seat back with', () => {
    const { room } = fakeRoom('playing');
    expect(new Session(room, events()).reconnectionToken).toBe('r1:tok');
  });

  it('never joins a match room as a spectator (spectators watch the recording, in the watch room)', async () => {
    const joinById = vi.fn();
    const client = { joinById } as unknown as Client;
    const settings = { name: 'Ann', pref: 'any' as const, password: null, roomOptions: {} };
    await expect(joinRoom(client, { kind: 'spectate', roomId: 'r1' }, settings)).rejects.toThrow(
      /watch room/,
    );
    expect(joinById).not.toHaveBeenCalled();
  });
});
