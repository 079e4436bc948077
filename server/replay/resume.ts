/**
 * Play from here: the world of one of this server's replays at one tick,
 * for a new match to start from. The last keyframe at or before the tick is
 * restored with the map the header names (this server's map, checked by its
 * content hash), then the recorded inputs are played to the tick
 * ({@link resimulate}, the same loop as the determinism audit). A replay of
 * another game version starts from that keyframe only: its inputs need not
 * reproduce the recording under these rules. A replay being written (a live
 * match) is never read: that would hand out the match past the spectators'
 * delay.
 */
import { basename } from 'node:path';
import type { GameMap } from '../../shared/map/types.js';
import { type ReadResult, ReplayError, readReplay } from '../../shared/replay/codec.js';
import { type HeaderRecord, KEYFRAME_STEPS, type KeyframeRecord } from '../../shared/replay/format.js';
import { mapHash, resimulate, unpackWorld } from '../../shared/replay/play.js';
import { PLAYER_ROLES, type PlayerRole } from '../../shared/roles.js';
import { restoreWorld, snapshotWorld, type WorldSnapshot, worldHash } from '../../shared/sim/serialize.js';
import { step } from '../../shared/sim/step.js';
import type { World } from '../../shared/sim/types.js';
import { resolveMap } from '../mapFiles.js';
import { replayBytes } from './store.js';
import { GAME_VERSION } from './version.js';

/** A replay that cannot be played from at that moment: the message says why, for the player. */
export class ResumeError extends Error {}

/** Most steps re-simulated from a keyframe: the server's keyframes are this far apart; a file with fewer is refused. */
export const RESUME_MAX_STEPS = KEYFRAME_STEPS;
/** Wall-clock milliseconds a re-simulation may take before it is refused (a hostile world can make steps slow). */
export const RESUME_MAX_MS = 5000;
/** Most entities in a world a match starts from (a match of this server has at most a few hundred). */
export const RESUME_MAX_ENTITIES = 5000;

/** A world of a size and shape a match can seat: known roles, each an entity of the world. */
function playable(world: World): boolean {
  if (!Array.isArray(world.entities) || world.entities.length > RESUME_MAX_ENTITIES) return false;
  const players = world.players as Record<string, unknown>;
  if (typeof players !== 'object' || players === null) return false;
  const roles = Object.keys(players);
  return (
    roles.length > 0 &&
    roles.every((r) => {
      const id = players[r];
      return (
        PLAYER_ROLES.includes(r as PlayerRole) &&
        Number.isInteger(id) &&
        typeof world.entities[id as number] === 'object' &&
        world.entities[id as number] !== null
      );
    })
  );
}

/** The world a match starts from. */
export interface Resumed {
  replay: string;
  /** The tick asked for. */
  asked: number;
  /** The tick of the world: the one asked for, or the keyframe before it (another game version). */
  tick: number;
  /** The world, as plain data: each match restores its own copy with {@link map}. */
  snapshot: WorldSnapshot;
  map: GameMap;
  /** The map's name on this server (maps/NAME.tmj). */
  mapName: string;
  /** Why {@link tick} differs from {@link asked}, or null. */
  note: string | null;
}

/** m:ss of a tick. */
export function clockOf(tick: number, tickHz: number): string {
  const s = Math.floor(tick / tickHz);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The base name of the map file a replay names (looked up in this server's maps folder). */
const replayMapName = (header: HeaderRecord): string =>
  basename(header.map.file).replace(/\.(tmj|json)$/i, '');

/**
 * The map a replay names, from this server's maps only (the header names a
 * file; only its base name is looked up) and with the content hash of the
 * recording; a message when this server does not have it.
 */
export function replayMap(header: HeaderRecord): GameMap | string {
  const name = replayMapName(header);
  if (!/^[\w-]{1,64}$/.test(name)) return `the replay's map "${name.slice(0, 64)}" is not a map name`;
  let map: GameMap;
  try {
    map = resolveMap(name);
  } catch {
    return `map ${name} is not on this server`;
  }
  if (mapHash(map) !== header.map.hash) return `map ${name} has changed since the recording`;
  // The file as the recording names it (the same content; the world is keyed by it, whatever this server's working directory).
  return map.file === header.map.file ? map : { ...map, file: header.map.file };
}

/**
 * The world of a read replay at `tick` (see the module's comment); throws a
 * {@link ResumeError} with one message: a tick past the recording, no
 * keyframe near it, another map, a damaged world, a moment when the match
 * is already over.
 */
export function resumeAt(id: string, read: ReadResult, tick: number, maxMs = RESUME_MAX_MS): Resumed {
  const { header, records } = read;
  const at = (t: number) => clockOf(t, header.tickHz);
  // The last tick recorded: the end of the last chunk.
  let last = -1;
  let key = -1;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.t === 'S') last = Math.max(last, r.tick + r.n);
    else if (r.t === 'K') {
      last = Math.max(last, r.tick);
      if (r.tick <= tick) key = i;
    }
  }
  if (last < 0) throw new ResumeError('the replay has no recorded moment to start from');
  if (tick > last)
    throw new ResumeError(`the replay ends at ${at(last)} (tick ${last}); tick ${tick} is past its end`);
  if (key < 0) throw new ResumeError(`the replay has no keyframe at or before ${at(tick)}`);
  const k = records[key] as KeyframeRecord;
  const sameVersion = header.game === GAME_VERSION;
  if (sameVersion && tick - k.tick > RESUME_MAX_STEPS)
    throw new ResumeError(
      `the replay has no keyframe within ${RESUME_MAX_STEPS / header.tickHz} s before ${at(tick)}`,
    );
  const map = replayMap(header);
  if (typeof map === 'string') throw new ResumeError(map);
  let world: World;
  try {
    world = unpackWorld(k.world, map);
  } catch (e) {
    throw new ResumeError(`the replay's world at ${at(k.tick)} is damaged (${(e as Error).message})`);
  }
  if (!playable(world))
    throw new ResumeError(`the replay's world at ${at(k.tick)} is not a world this server plays`);
  if (world.tick !== k.tick) throw new ResumeError(`the replay's world at ${at(k.tick)} is damaged`);
  let note: string | null = null;
  if (!sameVersion) {
    note = `recorded with version ${header.game} (this server runs ${GAME_VERSION}): it starts from ${at(k.tick)}, the nearest saved moment before`;
  } else {
    if (worldHash(world) !== k.hash)
      throw new ResumeError(`the replay's world at ${at(k.tick)} is damaged (its hash differs)`);
    const deadline = performance.now() + maxMs;
    let why: string | null;
    try {
      why = resimulate(world, records, key + 1, {
        until: tick,
        budgetSteps: RESUME_MAX_STEPS,
        stop: () => (performance.now() > deadline ? 'it takes too long to re-simulate' : null),
      });
    } catch (e) {
      why = `the re-simulation failed (${(e as Error).message})`;
    }
    if (why !== null) throw new ResumeError(`the replay cannot be played to ${at(tick)}: ${why}`);
  }
  if (world.over) throw new ResumeError(`the match is already over at ${at(world.tick)}`);
  const snapshot = snapshotWorld(world);
  // One step of a copy: a world these rules cannot run is refused now, not as a fault of the new room.
  try {
    step(restoreWorld(snapshot, map), {});
  } catch (e) {
    throw new ResumeError(
      `the replay's world does not run on this version of the game (${(e as Error).message})`,
    );
  }
  return { replay: id, asked: tick, tick: world.tick, snapshot, map, mapName: replayMapName(header), note };
}

/**
 * The world of replay `id` in `dir` at `tick`: the file read (bounded; a
 * replay being written is refused) up to that moment, then {@link resumeAt}.
 * Throws a {@link ResumeError} with one message.
 */
export async function resumeReplay(dir: string, id: string, tick: number): Promise<Resumed> {
  let read: ReadResult;
  try {
    // Read up to the first chunk at or after the tick: the moment's keyframe and steps are before it.
    read = readReplay(await replayBytes(dir, id), (r) => (r.t === 'S' && r.tick >= tick ? false : undefined));
  } catch (e) {
    if (e instanceof ReplayError) throw new ResumeError(`replay ${id}: ${e.message}`);
    throw new ResumeError(`replay ${id} cannot be read`);
  }
  try {
    return resumeAt(id, read, tick);
  } catch (e) {
    if (e instanceof ResumeError) throw new ResumeError(`replay ${id}: ${e.message}`);
    throw e;
  }
}
