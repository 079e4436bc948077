import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { clusterSuite, comeBack, HAS_REDIS, type Proc, st, ticketOf } from './harness.js';

const cluster = clusterSuite();

describe.skipIf(!HAS_REDIS)('crash resume', () => {
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    const dir = tempDir();
    a = await cluster.start('A', { replayDir: dir });
    b = await cluster.start('B', { replayDir: dir });
  }, 120_000);

  it('kill -9: the match resumes on the other process within seconds, at most a second behind', async () => {
    const room = await a.client().create('match', {
      name: 'Ann',
      pref: 'escort',
      mode: 'quick',
      countdown: 0,
      civilians: 10,
      police: 2,
    });
    const ticket = await ticketOf(room);
    const code = room.roomId;
    await until('the match plays', () => st(room).phase === 'playing', 20_000);
    await until('four seconds of play', () => st(room).tick >= 120, 20_000);
    const role = st(room).players.get(room.sessionId)?.role;
    room.reconnection.enabled = false;
    const lastSeen = st(room).tick;
    const t0 = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;

    // Once A has missed its beats (a beat and a half: here 1.6 s after the kill, while its heartbeat
    // key has not lapsed, so B cannot have taken the match over yet), the ticket's join is told "not yet"
    // at once — Colyseus would ask the dead process for the seat and answer when that timed out (~4 s).
    await new Promise((r) => setTimeout(r, Math.max(0, 1600 - (Date.now() - t0))));
    const askedAt = Date.now() - t0;
    expect(askedAt).toBeLessThan(2000);
    const early = await b
      .client()
      .joinById(code, { name: 'Ann', pref: 'escort', resume: ticket })
      .then(
        () => null,
        (e: Error & { code?: number }) => e,
      );
    const answeredMs = Date.now() - t0 - askedAt;
    expect(early?.code).toBe(503);
    expect(early?.message).toMatch(/moving to another process/);
    expect(answeredMs).toBeLessThan(1000);

    const back = await comeBack(b, code, { name: 'Ann', pref: 'escort', resume: ticket }, 20_000);
    const waitedMs = Date.now() - t0;
    await until('state', () => st(back).phase === 'playing', 10_000);
    expect(st(back).players.get(back.sessionId)?.role).toBe(role);
    expect([...st(back).players.values()].filter((p) => !p.bot).map((p) => p.name)).toEqual(['Ann']);
    const m = /taken over after a crash at tick (\d+)/.exec(b.out());
    expect(m).not.toBeNull();
    const resumedAt = Number(m![1]);
    const lostSteps = lastSeen - resumedAt;
    process.stdout.write(
      `crash: back in ${waitedMs} ms after kill -9; resumed at tick ${resumedAt}, the client had seen ${lastSeen} (${(lostSteps / 30).toFixed(2)} s lost)\n`,
    );
    expect(lostSteps).toBeLessThanOrEqual(30);
    expect(waitedMs).toBeLessThan(10_000);
    await until('the match goes on', () => st(back).tick > resumedAt + 60, 10_000);
    await back.leave();
  }, 120_000);
});
