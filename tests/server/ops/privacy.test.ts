/**
 * A private match's room id is its join code: no line the server logs while
 * a private room is created, joined, played, watched, kicked from and sent
 * bad frames may hold it. The lines name the room by its tag instead.
 */
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomRef, setLogOutput } from '../../../server/log.js';
import { CloseCodes, ROOM } from '../../../shared/protocol.js';
import { leaveAll, QUIET_MATCH, startServer, type TestServer, until } from '../helpers.js';

const PORT = 2708;
let server: TestServer;
const opened: SDKRoom[] = [];
const lines: string[] = [];
let restore: () => void;

beforeAll(async () => {
  restore = setLogOutput((l) => lines.push(l));
  server = await startServer(PORT);
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
  restore();
});

const track = (r: SDKRoom) => {
  opened.push(r);
  return r;
};
const left = (r: SDKRoom) => new Promise<number>((resolve) => r.onLeave((code) => resolve(code)));

describe('a private room in the logs', () => {
  it('never shows its code: kicks, bad frames, play and watching are logged by tag', async () => {
    const host = track(
      await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true, private: true }),
    );
    const code = host.roomId;
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const tag = roomRef(code, true);

    // The host kicks a friend (MatchRoom logs the kick).
    const friend = track(
      await server.client().joinById(code, { name: 'Friend', device: 'friend-browser-key-001' }),
    );
    const kicked = left(friend);
    host.send('kick', { target: friend.sessionId });
    expect(await kicked).toBe(CloseCodes.kicked);

    // A client sends a frame the game does not use (the door logs the drop).
    const rude = track(await server.client().joinById(code, { name: 'Rude' }));
    const dropped = left(rude);
    rude.connection.send(Uint8Array.from([99]));
    expect(await dropped).toBe(CloseCodes.withError);

    // The match plays and is watched (once the dropped client's held seat is let go: it is not ready).
    let asked = 0;
    await until('the match to start', () => {
      if (Date.now() - asked > 250) {
        asked = Date.now();
        host.send('start');
      }
      return server.room(code).run !== null;
    });
    const watcher = track(await server.client().joinOrCreate(ROOM.watch, { match: code, name: 'Watcher' }));
    await new Promise((r) => setTimeout(r, 300));
    await leaveAll([watcher, host]);
    await until('the room closed', () => server.colyseus.getRoomById(code) === undefined, 15_000);

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const kick = entries.find((e) => e.reason === 'kick');
    const door = entries.find((e) => String(e.reason).startsWith('door:'));
    expect(kick?.msg).toContain(tag);
    expect(door).toMatchObject({ room: tag });
    expect(door?.msg).toContain(tag);
    for (const l of lines) {
      expect(l).not.toContain(code);
      expect(l.toLowerCase()).not.toContain(code.toLowerCase());
    }
  });
});
