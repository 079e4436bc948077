/**
 * Redis lost mid-match: the process says so (readiness 503, a log line),
 * keeps its running match, and recovers when Redis is back — even a Redis
 * restarted empty: its rooms are listed again (a new player finds the match
 * by its id) and the match's resume record is written again (a crash after
 * that still resumes it).
 */
import type { Room } from '@colyseus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers.js';
import { tempDir } from '../replay/record.js';
import { clusterSuite, HAS_REDIS, type Proc, st, startLocalRedis, ticketOf } from './harness.js';

const cluster = clusterSuite();

async function ready(p: Proc): Promise<{ status: number; reason?: string }> {
  const res = await fetch(`http://127.0.0.1:${p.port}/health/ready`);
  const body = (await res.json()) as { reason?: string };
  return { status: res.status, reason: body.reason };
}

describe.skipIf(!HAS_REDIS)('Redis lost and back', () => {
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    const dir = tempDir();
    a = await cluster.start('A', { replayDir: dir });
    b = await cluster.start('B', { replayDir: dir });
  }, 120_000);

  it('the match goes on without Redis, the process is not ready; back, everything is listed and resumable again', async () => {
    const room = await a
      .client()
      .create('match', { name: 'Ann', pref: 'escort', countdown: 0, civilians: 5 });
    const ticket = await ticketOf(room);
    await until('the match plays', () => st(room).phase === 'playing', 20_000);
    expect(await ready(a)).toEqual({ status: 200, reason: undefined });

    const port = cluster.redis!.port;
    await cluster.redis!.stop();
    await until('A is not ready', () => a.out().includes('redis: lost'), 10_000);
    expect(a.out()).toMatch(/"level":"warn"[^\n]*redis: lost/);
    expect(await ready(a)).toMatchObject({ status: 503, reason: 'redis down' });
    const tick = st(room).tick;
    await until('the match goes on without Redis', () => st(room).tick > tick + 90, 10_000);

    // Redis back on its port, empty (nothing was saved).
    cluster.redis = await startLocalRedis(port);
    await until('A is ready again', () => a.out().includes('redis: back'), 15_000);
    let r = await ready(a);
    for (let i = 0; i < 50 && r.status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 200));
      r = await ready(a);
    }
    expect(r.status).toBe(200);
    // The room is listed again: someone joins it by id through the other process.
    let joined: Room | null = null;
    for (let i = 0; i < 40 && !joined; i++) {
      joined = await b
        .client()
        .joinById(room.roomId, { name: 'Bob', pref: 'hunter' })
        .catch(() => null);
      if (!joined) await new Promise((res) => setTimeout(res, 250));
    }
    expect(joined).not.toBeNull();
    await joined!.leave();
    // The record is written again: a crash now still resumes the match on B.
    await new Promise((res) => setTimeout(res, 1500));
    room.reconnection.enabled = false;
    await a.stop('SIGKILL');
    let back: Room | null = null;
    for (let i = 0; i < 60 && !back; i++) {
      back = await b
        .client()
        .joinById(room.roomId, { name: 'Ann', pref: 'escort', resume: ticket })
        .catch(() => null);
      if (!back) await new Promise((res) => setTimeout(res, 250));
    }
    expect(back).not.toBeNull();
    await until('state', () => (st(back!)?.players?.size ?? 0) > 0, 10_000);
    expect(st(back!).phase).toBe('playing');
    await back!.leave();
  }, 120_000);
});
