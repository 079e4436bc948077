/**
 * What a replay's records mean: compact world snapshots for keyframes, the
 * map's content hash, a summary, and the determinism audit (re-simulate
 * from the first keyframe and compare every later keyframe's hash).
 */
import type { GameMap } from '../map/types.js';
import { restoreWorld, type WorldSnapshot, worldHash } from '../sim/serialize.js';
import { step } from '../sim/step.js';
import type { StepInputs, World } from '../sim/types.js';
import type { ReadResult } from './codec.js';
import {
  type ChunkRecord,
  type EndRecord,
  type HeaderRecord,
  type InputEntry,
  inputOf,
  type KeyframeRecord,
  type ReplayRecord,
} from './format.js';
import { applyFrame } from './frames.js';

/** The world as a keyframe holds it: entities as {keys, rows}, each field's name written once. */
export function packWorld(w: World): unknown {
  // The snapshot's shape (serialize.ts) without its deep copy: the keyframe is encoded at once, the world only read.
  const { map, events, entities, tiles, ...rest } = w;
  const keys = entities.length > 0 ? Object.keys(entities[0]) : [];
  const rows = new Array<unknown[]>(entities.length);
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i] as unknown as Record<string, unknown>;
    const row = new Array<unknown>(keys.length);
    for (let j = 0; j < keys.length; j++) row[j] = e[keys[j]];
    rows[i] = row;
  }
  // Tiles as the changes from the map's (doors opened, walls blown): flat pairs index, code.
  const base = map.tiles;
  const diff: number[] = [];
  for (let i = 0; i < tiles.length; i++) if (tiles[i] !== base[i]) diff.push(i, tiles[i]);
  return { ...rest, mapFile: map.file, version: 1, tilesDiff: diff, entities: { keys, rows } };
}

/** A live world from a keyframe's world and its map; throws on a world of another shape. */
export function unpackWorld(packed: unknown, map: GameMap): World {
  const p = packed as Record<string, unknown>;
  const ents = p.entities as { keys?: unknown; rows?: unknown } | undefined;
  if (!ents || !Array.isArray(ents.keys) || !Array.isArray(ents.rows))
    throw new Error('a keyframe has no entities');
  const keys = ents.keys as string[];
  const entities = (ents.rows as unknown[][]).map((row) => {
    if (!Array.isArray(row) || row.length !== keys.length) throw new Error('a keyframe entity is bad');
    const e: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      e[k] = row[i];
    });
    return e;
  });
  const diff = p.tilesDiff;
  if (!Array.isArray(diff) || diff.length % 2 !== 0) throw new Error('a keyframe has no tiles');
  const tiles = Uint8Array.from(map.tiles);
  for (let i = 0; i < diff.length; i += 2) {
    const at = diff[i];
    const code = diff[i + 1];
    if (
      !Number.isInteger(at) ||
      at < 0 ||
      at >= tiles.length ||
      !Number.isInteger(code) ||
      code < 0 ||
      code > 255
    )
      throw new Error('a keyframe has a bad tile');
    tiles[at] = code;
  }
  const { tilesDiff, ...rest } = p;
  return restoreWorld({ ...rest, tiles, entities } as unknown as WorldSnapshot, map);
}

/** A content hash of a map (every tile, door, zone, spawn…): 16 hex digits. */
export function mapHash(map: GameMap): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  const byte = (b: number) => {
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
  };
  const text = JSON.stringify({ ...map, file: undefined, tiles: undefined });
  for (let i = 0; i < text.length; i++) byte(text.charCodeAt(i) & 0xff);
  for (const t of map.tiles) byte(t);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

/** A replay in brief. */
export interface ReplaySummary {
  game: string;
  map: string;
  mapFile: string;
  seed: string | number;
  startedAt: string;
  roles: { role: string; name: string; bot: boolean }[];
  result: EndRecord['result'];
  finished: boolean;
  /** Game seconds covered by the frames. */
  seconds: number;
  frames: number;
  keyframes: number;
  chunks: number;
  truncated: string | null;
  /** The frames play in order onto the keyframe tables (false: a damaged frame, where `truncated` says). */
  plays: boolean;
}

export function summarise(r: ReadResult): ReplaySummary {
  let frames = 0;
  let keyframes = 0;
  let chunks = 0;
  let lastTick = 0;
  let end: EndRecord | null = null;
  let table: unknown[][] | null = null;
  let plays = true;
  let truncated = r.truncated;
  const facts = {};
  for (const rec of r.records) {
    if (rec.t === 'K') {
      keyframes++;
      table = rec.table.map((row) => [...row]);
    } else if (rec.t === 'S') {
      chunks++;
      for (const f of rec.f) {
        if (f.k <= lastTick && frames > 0) plays = false;
        lastTick = f.k;
        frames++;
        if (table === null || !plays) {
          plays = false;
          continue;
        }
        table = applyFrame(table, f, facts);
        if (table === null) plays = false;
      }
    } else if (rec.t === 'E') end = rec;
    if (!plays && truncated === null) truncated = `frame ${frames} does not play`;
  }
  const h = r.header;
  return {
    game: h.game,
    map: h.map.name,
    mapFile: h.map.file,
    seed: h.seed,
    startedAt: h.startedAt,
    roles: h.roles,
    result: end?.result ?? null,
    finished: end !== null,
    seconds: lastTick / h.tickHz,
    frames,
    keyframes,
    chunks,
    truncated,
    plays,
  };
}

export interface VerifyResult {
  /** Keyframes compared (the first is the start, not compared). */
  checked: number;
  matched: number;
  /** The first keyframe whose hash differed: its tick and the two hashes. */
  firstMismatch: { tick: number; recorded: string; simulated: string } | null;
  /** Why the audit could not run (no keyframe, a damaged world, a gap in the steps). */
  error: string | null;
}

const inputsAt = (c: ChunkRecord, i: number, last: StepInputs): StepInputs => {
  const out: StepInputs = {};
  for (const [role, list] of Object.entries(c.in) as [keyof StepInputs, InputEntry[]][]) {
    const e = list[i];
    if (e === 0) out[role] = last[role];
    else if (e !== null) out[role] = inputOf(e);
  }
  return out;
};

/**
 * The determinism audit: restore the first keyframe, play every chunk's
 * inputs (and catch-up inputs) through step(), and compare each later
 * keyframe's hash with the simulated world's at its tick.
 */
export function verify(
  records: readonly ReplayRecord[],
  map: GameMap,
  budgetSteps = 10_000_000,
): VerifyResult {
  const out: VerifyResult = { checked: 0, matched: 0, firstMismatch: null, error: null };
  const first = records.findIndex((r) => r.t === 'K');
  if (first < 0) return { ...out, error: 'the replay has no keyframe' };
  let world: World;
  try {
    world = unpackWorld((records[first] as KeyframeRecord).world, map);
  } catch (e) {
    return { ...out, error: `the first keyframe does not restore: ${(e as Error).message}` };
  }
  let steps = 0;
  for (let i = first + 1; i < records.length; i++) {
    const rec = records[i];
    if (rec.t === 'S') {
      if (rec.tick !== world.tick) return { ...out, error: `a gap in the steps at tick ${world.tick}` };
      let last: StepInputs = {};
      for (let s = 0; s < rec.n; s++) {
        if (++steps > budgetSteps) return { ...out, error: 'too many steps' };
        const inputs = inputsAt(rec, s, last);
        last = inputs;
        let catchUp: StepInputs | undefined;
        for (const c of rec.cu ?? []) {
          if (c[0] !== s) continue;
          catchUp ??= {};
          catchUp[c[1]] = inputOf(c[2]);
        }
        step(world, inputs, catchUp);
      }
    } else if (rec.t === 'K') {
      if (rec.tick !== world.tick)
        return { ...out, error: `keyframe at tick ${rec.tick}, world at ${world.tick}` };
      out.checked++;
      const h = worldHash(world);
      if (h === rec.hash) out.matched++;
      else out.firstMismatch ??= { tick: rec.tick, recorded: rec.hash, simulated: h };
    }
  }
  return out;
}

export type { HeaderRecord };
