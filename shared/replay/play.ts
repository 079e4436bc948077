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

export interface ResimulateOptions {
  /** Stop when the world reaches this tick (default: play every step recorded). */
  until?: number;
  /** Most steps to play; more is the error 'too many steps'. */
  budgetSteps?: number;
  /** Each keyframe reached, with the world at its tick. */
  onKeyframe?: (k: KeyframeRecord, world: World) => void;
  /** Asked before each step: a reason to stop now (a server's time budget), or null to go on. */
  stop?: () => string | null;
  /**
   * Join the recording at the world's tick, which may fall inside a chunk
   * (a moment between keyframes): records wholly before it, and the
   * earlier steps of its chunk, are skipped. Otherwise every chunk must
   * begin where the world is.
   */
  midChunk?: boolean;
}

/**
 * Play a replay's recorded steps onto `world` (restored from the keyframe
 * at `records[start - 1]`): each chunk's inputs and catch-up inputs
 * through step(), in order, from the world's tick. Returns why it could
 * not (a gap in the steps, a keyframe at another tick, the budget, the
 * recording ending before `until`), or null.
 */
export function resimulate(
  world: World,
  records: readonly ReplayRecord[],
  start: number,
  opts: ResimulateOptions = {},
): string | null {
  const { until, budgetSteps = 10_000_000, onKeyframe, stop } = opts;
  let steps = 0;
  let joining = opts.midChunk === true;
  for (let i = start; i < records.length; i++) {
    if (until !== undefined && world.tick >= until) return null;
    const rec = records[i];
    if (joining) {
      // The tick after the record's last: a record wholly before the world's tick is skipped.
      const end = rec.t === 'S' ? rec.tick + rec.n : rec.t === 'K' ? rec.tick + 1 : Number.POSITIVE_INFINITY;
      if (end <= world.tick) continue;
    }
    if (rec.t === 'S') {
      // Steps of the first chunk before the world's tick are skipped (their inputs still read: 0 repeats the one before).
      const skip =
        joining && rec.tick < world.tick && world.tick < rec.tick + rec.n ? world.tick - rec.tick : 0;
      if (rec.tick + skip !== world.tick) return `a gap in the steps at tick ${world.tick}`;
      joining = false;
      let last: StepInputs = {};
      for (let s = 0; s < rec.n; s++) {
        const inputs = inputsAt(rec, s, last);
        last = inputs;
        if (s < skip) continue;
        if (until !== undefined && world.tick >= until) return null;
        if (++steps > budgetSteps) return 'too many steps';
        const why = stop?.() ?? null;
        if (why !== null) return why;
        let catchUp: StepInputs | undefined;
        for (const c of rec.cu ?? []) {
          if (c[0] !== s) continue;
          catchUp ??= {};
          catchUp[c[1]] = inputOf(c[2]);
        }
        step(world, inputs, catchUp);
      }
    } else if (rec.t === 'K') {
      if (rec.tick !== world.tick) return `keyframe at tick ${rec.tick}, world at ${world.tick}`;
      onKeyframe?.(rec, world);
    }
  }
  if (until !== undefined && world.tick < until) return `the recording ends at tick ${world.tick}`;
  return null;
}

/**
 * The determinism audit: restore the first keyframe, play every chunk's
 * inputs (and catch-up inputs) through step() ({@link resimulate}), and
 * compare each later keyframe's hash with the simulated world's at its tick.
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
  const error = resimulate(world, records, first + 1, {
    budgetSteps,
    onKeyframe: (k, w) => {
      out.checked++;
      const h = worldHash(w);
      if (h === k.hash) out.matched++;
      else out.firstMismatch ??= { tick: k.tick, recorded: k.hash, simulated: h };
    },
  });
  return error === null ? out : { ...out, error };
}

export type { HeaderRecord };
