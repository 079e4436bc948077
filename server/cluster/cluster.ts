/**
 * This process as one of a cluster on Redis (REDIS_URL): Colyseus' Redis
 * presence and driver carry matchmaking, listings and seat reservations
 * across processes; this module adds what a game needs beyond them —
 *
 * - **where rooms go**: a new match on the live, non-draining process with
 *   the fewest rooms; a watch room on the process of the match it watches
 *   (its feed lives beside the match);
 * - **handover**: a draining process (SIGTERM, `npm run drain`) writes each
 *   match's record exactly and asks another process to take it
 *   ({@link takeMatch}: the same room id, so codes, links and the listing
 *   stay valid; the players' clients rejoin it with their seat tickets);
 * - **crash resume**: every process beats a key each second; a process
 *   whose key lapsed (≈3 s) is dead, and one survivor claims its matches
 *   and resumes each from its last flushed record (matchLog.ts);
 * - **fencing**: a match's record names its owner; a copy whose owner is
 *   another process stops (a process that only stalled does not play on
 *   beside the survivor that took its match);
 * - **Redis lost**: status and readiness say so, matches go on; when Redis
 *   is back the process lists its rooms and records again.
 */
import { matchMaker, ServerError } from '@colyseus/core';
import { Redis } from 'ioredis';
import { JoinError, ROOM } from '../../shared/protocol.js';
import { redactUrl, type ServerConfig } from '../config.js';
import { errorLine, logLine } from '../log.js';
import { mapFor } from '../rooms/startMatch.js';
import {
  ALIVE_MS,
  aliveKey,
  BEAT_MS,
  claimKey,
  DRAINING,
  ownerKey,
  PROCS,
  procMatchesKey,
  RECORD_TTL_SECONDS,
  takeChannel,
  takenChannel,
} from './keys.js';
import { defineWrite, type LoadedMatch, type LoggedRoom, loadMatch, MatchLog } from './matchLog.js';
import { clusterStatus } from './status.js';

/** Milliseconds a draining process waits for another to take a match. */
export const TAKE_TIMEOUT_MS = 5000;

/** A match room as the cluster sees it (MatchRoom implements it). */
export interface ClusterRoom extends LoggedRoom {
  /** Playing or in its lobby (a match worth moving); an ended one is not moved. */
  movable(): boolean;
  /** Stop the match here (no more steps) and write its record exactly; resolves once written. */
  freeze(): Promise<void>;
  /** Taking it failed: go on here. */
  thaw(): void;
  /** Another process has it now: send every client there and close. */
  moved(): void;
  /** Redis is back after an outage: write the whole record again. */
  rebase(): void;
}

/** Matches being resumed in this process: the room's onCreate reads its record here (by its preset room id). */
export const pendingResumes = new Map<string, LoadedMatch>();

interface Runtime {
  redis: Redis;
  pid: string;
  rooms: Set<ClusterRoom>;
  beat: NodeJS.Timeout;
  /** A survivor is taking a dead process's matches (one pass at a time). */
  sweeping: boolean;
  /** Take requests of this process waiting for their answer, by room id. */
  answers: Map<string, (ok: boolean) => void>;
}

let rt: Runtime | null = null;

/** Whether this process runs as part of a cluster. */
export function clustered(): boolean {
  return rt !== null;
}

function redisOf(config: ServerConfig): Redis {
  // Commands fail at once while Redis is away (the matches never wait on it); ioredis reconnects by itself.
  return new Redis(config.redisUrl!, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    lazyConnect: false,
  });
}

/**
 * Join the cluster: beat, watch for dead processes, answer take requests.
 * Called once the server listens (Colyseus' processId is known then).
 */
export async function startCluster(config: ServerConfig): Promise<void> {
  if (!config.redisUrl || rt) return;
  const redis = redisOf(config);
  defineWrite(redis);
  const pid = matchMaker.processId;
  clusterStatus.processId = pid;
  const runtime: Runtime = {
    redis,
    pid,
    rooms: new Set(),
    beat: setInterval(() => void tick(), BEAT_MS),
    sweeping: false,
    answers: new Map(),
  };
  runtime.beat.unref();
  rt = runtime;
  clusterStatus.onDeadProcess = onDeadProcess;
  let wasDown = false;
  redis.on('ready', () => {
    clusterStatus.redis = 'up';
    if (wasDown) {
      wasDown = false;
      logLine('redis', 'redis: back; listing this process and its matches again');
      void recovered();
    }
  });
  const down = () => {
    if (clusterStatus.redis !== 'down')
      logLine('redis', 'redis: lost; matches go on here, no new players until it is back', { level: 'warn' });
    clusterStatus.redis = 'down';
    wasDown = true;
  };
  redis.on('close', down);
  redis.on('error', (e) => logLine('redis-error', `redis: ${errorLine(e)}`));
  await new Promise<void>((resolve, reject) => {
    if (redis.status === 'ready') return resolve();
    const timer = setTimeout(
      () => reject(new Error(`no answer from ${redactUrl(config.redisUrl!)} in 5 s`)),
      5000,
    );
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  clusterStatus.redis = 'up';
  await matchMaker.presence.subscribe(takeChannel(pid), (m: { roomId?: unknown; from?: unknown }) => {
    if (typeof m?.roomId === 'string' && typeof m.from === 'string') void answerTake(m.roomId, m.from);
  });
  // Answers to this process's take requests (a drain), by room id.
  await matchMaker.presence.subscribe(takenChannel(pid), (m: { roomId?: unknown; ok?: unknown }) => {
    if (typeof m?.roomId === 'string') runtime.answers.get(m.roomId)?.(m.ok === true);
  });
  await tick();
}

/** Whether Redis at `url` answers a PING within `ms` (checked before the server starts on it). */
export async function reachRedis(url: string, ms = 5000): Promise<string | null> {
  const redis = new Redis(url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms).unref(),
    );
    await Promise.race([redis.connect().then(() => redis.ping()), timer]);
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    redis.disconnect();
  }
}

/** The log a match room writes its record with (null when alone). */
export function matchLog(room: ClusterRoom): MatchLog | null {
  if (!rt) return null;
  const runtime = rt;
  runtime.rooms.add(room);
  void runtime.redis.sadd(procMatchesKey(runtime.pid), room.roomId).catch(() => undefined);
  return new MatchLog(runtime.redis, room, runtime.pid, (e) => {
    // After the process left the cluster (the end of a drain) nothing is written, and nothing to say.
    if (rt === runtime) logLine('redis-error', `cluster: a match record was not written: ${errorLine(e)}`);
  });
}

/** A match room is gone from this process (ended, closed or moved). */
export function forget(room: ClusterRoom): void {
  if (!rt) return;
  rt.rooms.delete(room);
  void rt.redis.srem(procMatchesKey(rt.pid), room.roomId).catch(() => undefined);
}

/** One heartbeat: this process is alive; then look for dead ones. */
async function tick(): Promise<void> {
  const r = rt;
  if (!r) return;
  try {
    await r.redis.multi().set(aliveKey(r.pid), '1', 'PX', ALIVE_MS).sadd(PROCS, r.pid).exec();
  } catch {
    return;
  }
  if (r.sweeping) return;
  r.sweeping = true;
  try {
    await sweepDead(r);
  } catch (e) {
    logLine('cluster-error', `cluster: looking for dead processes failed: ${errorLine(e)}`);
  } finally {
    r.sweeping = false;
  }
}

/** Every process whose heartbeat lapsed: claim it, take its matches here. */
async function sweepDead(r: Runtime): Promise<void> {
  const procs = await r.redis.smembers(PROCS);
  for (const p of procs) {
    if (p === r.pid || (await r.redis.exists(aliveKey(p))) === 1) continue;
    // One survivor takes a dead process (the claim lapses if this one dies too).
    const won = await r.redis.set(claimKey(`proc:${p}`), r.pid, 'PX', 30_000, 'NX');
    if (won !== 'OK') continue;
    // It may have left cleanly between the two reads (a drained process takes its heartbeat and its
    // place in the set away at once): then there is nothing to resume, and no crash to report.
    if ((await r.redis.sismember(PROCS, p)) === 0) continue;
    const t0 = performance.now();
    const ids = await r.redis.smembers(procMatchesKey(p));
    // Its listings go first: the matches come back here under the same ids.
    await matchMaker.stats.excludeProcess(p).catch(() => undefined);
    await matchMaker.driver.cleanup?.(p);
    let taken = 0;
    for (const id of ids) {
      if (clusterStatus.draining) break;
      if ((await r.redis.set(claimKey(id), r.pid, 'PX', 30_000, 'NX')) !== 'OK') continue;
      try {
        if (await takeMatch(id, 'crash', p)) taken++;
      } catch (e) {
        logLine(
          'cluster-error',
          `cluster: a match of dead process ${p} could not be resumed: ${errorLine(e)}`,
        );
      }
      await r.redis.srem(procMatchesKey(p), id);
    }
    await r.redis.multi().srem(PROCS, p).srem(DRAINING, p).del(procMatchesKey(p)).exec();
    logLine(
      'cluster-crash',
      `cluster: process ${p} stopped beating; ${taken} of its ${ids.length} match(es) resumed here in ${Math.round(performance.now() - t0)} ms`,
      { level: 'warn' },
    );
  }
}

/**
 * Take a match whose record is in Redis: this process owns it from now (the
 * old copy, should it still run, is fenced off), its old listing goes, and
 * the room is made here under the same id from the record.
 */
export async function takeMatch(roomId: string, why: 'crash' | 'handover', from?: string): Promise<boolean> {
  const r = rt;
  if (!r) return false;
  const t0 = performance.now();
  // A crashed process's match: only if it is still that process's (another survivor may have taken it).
  if (from !== undefined) {
    const owner = await r.redis.get(ownerKey(roomId));
    if (owner !== null && owner !== from) return false;
  }
  const loaded = await loadMatch(r.redis, roomId, (meta) =>
    mapFor(meta.settings.map as string | undefined, Number(meta.settings.worldScale) || 1),
  );
  if (!loaded) return false;
  await r.redis.set(ownerKey(roomId), r.pid, 'EX', RECORD_TTL_SECONDS);
  await matchMaker.driver.remove(roomId);
  pendingResumes.set(roomId, loaded);
  try {
    await matchMaker.handleCreateRoom(ROOM.match, {}, undefined, roomId);
  } finally {
    pendingResumes.delete(roomId);
    // Taken (or not): the claim has done its work; a later crash of this process must be claimable at once.
    await r.redis.del(claimKey(roomId)).catch(() => undefined);
  }
  logLine(
    'cluster-take',
    `cluster: match ${loaded.meta.settings.private ? '(private)' : roomId} taken over after a ${why} at tick ${loaded.world?.tick ?? 0} (${loaded.replayed} steps re-played, ${Math.round(performance.now() - t0)} ms)`,
  );
  return true;
}

/** Another process asks this one to take a match it handed over. */
async function answerTake(roomId: string, from: string): Promise<void> {
  const r = rt;
  if (!r) return;
  let ok = false;
  try {
    if ((await r.redis.get(claimKey(roomId))) === r.pid && !clusterStatus.draining)
      ok = await takeMatch(roomId, 'handover');
  } catch (e) {
    logLine('cluster-error', `cluster: a handed-over match could not be taken: ${errorLine(e)}`);
  }
  await matchMaker.presence.publish(takenChannel(from), { roomId, ok, by: r.pid });
}

/** Live, non-draining processes with their room counts (this one included unless it drains). */
async function candidates(r: Runtime): Promise<{ processId: string; roomCount: number }[]> {
  const [all, draining] = await Promise.all([matchMaker.stats.fetchAll(), r.redis.smembers(DRAINING)]);
  // Whether each process beats, asked in one round trip (this runs for every room created).
  const pipe = r.redis.pipeline();
  for (const x of all) pipe.exists(aliveKey(x.processId));
  const beats = all.length > 0 ? ((await pipe.exec()) ?? []) : [];
  return all.filter((x, i) => {
    if (draining.includes(x.processId)) return false;
    if (x.processId === r.pid) return !clusterStatus.draining;
    return beats[i]?.[1] === 1;
  });
}

/**
 * Where Colyseus creates a room: a watch room beside its match; anything
 * else on the live, non-draining process with the fewest rooms.
 */
export async function selectProcess(roomName: string, options: unknown): Promise<string> {
  const r = rt;
  if (!r) return matchMaker.processId;
  if (roomName === ROOM.watch) {
    const match = (options as { match?: unknown } | undefined)?.match;
    if (typeof match === 'string' && match.length <= 64) {
      const room = await matchMaker.driver.findOne({ roomId: match });
      if (room?.processId) return room.processId;
    }
  }
  const list = await candidates(r).catch(() => []);
  if (list.length === 0) {
    if (clusterStatus.draining) throw new ServerError(JoinError.serverFull, 'the server is shutting down');
    return r.pid;
  }
  list.sort((a, b) => a.roomCount - b.roomCount || (a.processId === r.pid ? -1 : 1));
  return list[0].processId;
}

/** Ask `target` to take `room`: resolves true once it has it. */
async function handTo(r: Runtime, room: ClusterRoom, target: string): Promise<boolean> {
  const roomId = room.roomId;
  const answered = new Promise<boolean>((resolve) => {
    r.answers.set(roomId, resolve);
    setTimeout(() => resolve(false), TAKE_TIMEOUT_MS).unref();
  });
  try {
    await r.redis.set(claimKey(roomId), target, 'PX', 30_000);
    // The taker removes this copy's listing before it lists the match under the same id (takeMatch).
    await matchMaker.presence.publish(takeChannel(target), { roomId, from: r.pid });
    return await answered;
  } finally {
    r.answers.delete(roomId);
  }
}

/**
 * Drain: take no new matches, hand every running one to another process.
 * Returns how many were handed over; the rest (no other process, or it did
 * not answer) stay here, for the caller to let finish or call off.
 */
export async function handOverAll(): Promise<number> {
  const r = rt;
  if (!r) return 0;
  let moved = 0;
  await r.redis.sadd(DRAINING, r.pid).catch(() => undefined);
  await matchMaker.stats.excludeProcess(r.pid).catch(() => undefined);
  const rooms = [...r.rooms].filter((room) => room.movable());
  const others = (await candidates(r).catch(() => [])).filter((c) => c.processId !== r.pid);
  if (others.length === 0) return 0;
  // Spread over the others, the least loaded first; every match at once (each waits for nothing but its own taker).
  others.sort((a, b) => a.roomCount - b.roomCount);
  await Promise.all(
    rooms.map(async (room, i) => {
      const target = others[i % others.length].processId;
      await room.freeze();
      let ok = false;
      try {
        ok = await handTo(r, room, target);
      } catch (e) {
        logLine('cluster-error', `cluster: handing a match over failed: ${errorLine(e)}`);
      }
      if (ok) {
        moved++;
        room.moved();
        r.rooms.delete(room);
      } else {
        // Nobody took it: it goes on here (listed again) and ends with the drain.
        await r.redis.del(claimKey(room.roomId)).catch(() => undefined);
        await matchMaker.restoreMissingRoomCaches().catch(() => undefined);
        room.thaw();
      }
    }),
  );
  return moved;
}

/** Redis is back after an outage: list this process, its rooms and matches again. */
async function recovered(): Promise<void> {
  const r = rt;
  if (!r) return;
  try {
    await matchMaker.stats.persist(true);
    await matchMaker.restoreMissingRoomCaches();
    for (const room of r.rooms) room.rebase();
    const ids = [...r.rooms].map((room) => room.roomId);
    if (ids.length > 0) await r.redis.sadd(procMatchesKey(r.pid), ...ids);
    await tick();
  } catch (e) {
    logLine('redis-error', `redis: relisting after the outage failed: ${errorLine(e)}`);
  }
}

/**
 * See ClusterStatus.onDeadProcess. A process counts as dead here once it
 * has missed a beat and a half (its heartbeat's time to live below
 * ALIVE_MS - 1.5 × BEAT_MS), well before survivors take it over (when the
 * heartbeat lapses): a player coming back with a ticket is told "not yet"
 * in that time instead of waiting on the dead process. A live process that
 * stalled that long only makes such a player ask again half a second later.
 */
async function onDeadProcess(roomId: string): Promise<boolean> {
  const r = rt;
  if (!r) return false;
  const room = await matchMaker.driver.findOne({ roomId });
  if (!room?.processId || room.processId === r.pid) return false;
  return (await r.redis.pttl(aliveKey(room.processId))) < ALIVE_MS - 1.5 * BEAT_MS;
}

/** Leave the cluster (the process is stopping): its keys go, its connection closes. */
export async function stopCluster(): Promise<void> {
  const r = rt;
  if (!r) return;
  rt = null;
  clusterStatus.onDeadProcess = async () => false;
  clearInterval(r.beat);
  r.redis.removeAllListeners('close');
  try {
    await r.redis
      .multi()
      .del(aliveKey(r.pid))
      .srem(PROCS, r.pid)
      .srem(DRAINING, r.pid)
      .del(procMatchesKey(r.pid))
      .exec();
  } catch {
    // Redis away: the keys lapse by themselves.
  }
  r.redis.disconnect();
}
