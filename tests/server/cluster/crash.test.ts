/**
 * A crash loses at most a second: `kill -9` of the process running a match;
 * the other process notices within seconds, resumes the match from its last
 * flushed record (same room id), and the players come back into their
 * characters with their seat tickets. Real redis-server, real processes.
 */
import type { Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import { until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { HAS_REDIS, type LocalRedis, type Proc, startLocalRedis, startProc, stopAll } from './harness.js';

let redis: LocalRedis | null = null;
const procs: Proc[] = [];
afterAll(async () => {
  if (process.env.LM_DEBUG_CLUSTER)
    for (const p of procs) process.stdout.write(`--- ${p.name}\n${p.out()}\n`);
  await stopAll();
  await redis?.stop();
});

const st = (r: Room) => r.state as MatchState;

/** Join `code` on `p` with the ticket until the match is there again (or fail after `ms`). */
async function comeBack(p: Proc, code: string, who: Record<string, string>, ms: number): Promise<Room> {
  const t0 = Date.now();
  for (;;) {
    try {
      return await p.client().joinById(code, who);
    } catch (e) {
      if (Date.now() - t0 > ms) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe.skipIf(!HAS_REDIS)('crash resume', () => {
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    redis = await startLocalRedis();
    const dir = tempDir();
    a = await startProc('A', redis.url, { replayDir: dir });
    b = await startProc('B', redis.url, { replayDir: dir });
    procs.push(a, b);
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
    const ticket = await new Promise<string>((resolve) =>
      room.onMessage('seat', (m: { ticket: string }) => resolve(m.ticket)),
    );
    const code = room.roomId;
    await until('the match plays', () => st(room).phase === 'playing', 20_000);
    await until('four seconds of play', () => st(room).tick >= 120, 20_000);
    const role = st(room).players.get(room.sessionId)?.role;
    room.reconnection.enabled = false;
    const lastSeen = st(room).tick;
    const t0 = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;

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
