/**
 * The replay file format (see docs/REPLAY.md): a magic, then records, each
 * `u32 LE length · u32 LE CRC-32 · msgpack map`, each decodable on its own.
 * Pure: no Node built-ins, so the browser viewer reads files with it too.
 */
import type { PlayerRole } from '../roles.js';
import type { PlayerInput } from '../sim/types.js';

/** The first bytes of every replay file. */
export const MAGIC = 'LMREPLAY';
/** The version of this format (not of the game); a reader refuses others. */
export const FORMAT_VERSION = 1;
/** Bytes before a record's body: length then CRC-32, both u32 little-endian. */
export const RECORD_HEAD = 8;

/** Limits of a reader: any file beyond them is refused with a message, never read further. */
export const LIMITS = {
  /** Largest record body (a keyframe of a 10× map is well under). */
  recordBytes: 8 * 1024 * 1024,
  /** Largest file read at all (a 60-minute match is about 27 MB; decoded records take several times their bytes). */
  fileBytes: 128 * 1024 * 1024,
  /** Most records in one file (a 60-minute match has about 4,000). */
  records: 200_000,
  /** Longest string in a header (names, map names, options' values). */
  string: 256,
  /** Most players in a header, entities in a table, fields in a row. */
  roles: 5,
  entities: 100_000,
  fields: 64,
  /** Steps in one chunk record, frames in one chunk. */
  chunkSteps: 300,
} as const;

/** Steps per chunk record: one second at 30 Hz (the file is flushed with each chunk). */
export const CHUNK_STEPS = 30;
/** A drawable frame after every other step (15 per second). */
export const FRAME_EVERY = 2;
/** A keyframe (whole-world snapshot) every this many steps: 20 s (any moment is reached from the one before by its inputs). */
export const KEYFRAME_STEPS = 600;
/** Quantisation of 'pos' fields in frames: 1/64 tile, as the live wire. */
export const POS_SCALE = 64;
/** Quantisation of 'angle' fields in frames: 256 steps a turn, as the live wire. */
export const ANGLE_STEPS = 256;

export interface HeaderRecord {
  t: 'H';
  format: number;
  /** package.json version of the game that recorded it. */
  game: string;
  map: { name: string; file: string; hash: string };
  seed: string | number;
  options: Record<string, unknown>;
  roles: { role: PlayerRole; name: string; bot: boolean }[];
  /** ISO 8601 time the match started (wall clock of the server). */
  startedAt: string;
  tickHz: number;
  chunkSteps: number;
  frameEvery: number;
  keyframeSteps: number;
  /** The names of an entity row's fields, in row order (the look, then the truth). */
  fields: string[];
  /** Each field's wire kind (shared/sim/look.ts), in the same order. */
  kinds: string[];
  /**
   * A private match's recording: left out of the server's list of replays
   * (its players were given its id on their end screen; anyone they pass
   * the link to can watch it). Absent for a public match.
   */
  unlisted?: true;
}

/** One entry of a chunk's inputs per step: 0 = same as the step before, null = no input, else the input. */
export type InputEntry = 0 | null | [number, number, number, number];

export interface FrameRecord {
  /** World tick after the step this frame shows. */
  k: number;
  /** World facts that changed since the frame before (all of them in a chunk's first frame); the time is k / tickHz. */
  w?: Partial<WorldFacts>;
  /** The events of the steps since the frame before (this one included), as the simulation emitted them. */
  ev?: unknown[];
  /** Rows replaced whole (the entity count changed): the full table. */
  r?: unknown[][];
  /** Bit i set: row i moved by (dx[j], dy[j]) quantised units, j its rank among set bits. */
  m?: Uint8Array;
  dx?: Int8Array | Uint8Array;
  dy?: Int8Array | Uint8Array;
  /** Other changes: flat triples row, field index, new value. */
  c?: unknown[];
}

export interface WorldFacts {
  act: number;
  objectives: unknown;
  alarm: unknown;
  /** Each door of the map: open. */
  doors: boolean[];
  over: boolean;
}

export interface ChunkRecord {
  t: 'S';
  /** World tick before the chunk's first step. */
  tick: number;
  /** Steps in the chunk. */
  n: number;
  /** Per role, one {@link InputEntry} per step. */
  in: Partial<Record<PlayerRole, InputEntry[]>>;
  /** Catch-up inputs: [step offset, role, input] for each step that had them. */
  cu?: [number, PlayerRole, [number, number, number, number]][];
  f: FrameRecord[];
}

export interface KeyframeRecord {
  t: 'K';
  tick: number;
  /** worldHash of the world at this tick (shared/sim/serialize.ts). */
  hash: string;
  /** The whole world (snapshotWorld), entities as {keys, rows} to keep field names once. */
  world: unknown;
  /** The drawable table at this tick: one row per entity in header `fields` order, quantised. */
  table: unknown[][];
}

export interface EndRecord {
  t: 'E';
  tick: number;
  result: { winner: string; reason: string; time: number; noFate: boolean } | null;
  /** Per role, that player's match stats. */
  stats: Record<string, Record<string, number>>;
  /** The end screen's summary as the players were sent it. */
  summary: unknown;
}

export type ReplayRecord = HeaderRecord | ChunkRecord | KeyframeRecord | EndRecord;

export const inputEntry = (i: PlayerInput | undefined): InputEntry =>
  i === undefined ? null : [i.moveX, i.moveY, i.aim, i.buttons];

export const inputOf = (e: [number, number, number, number]): PlayerInput => ({
  moveX: e[0],
  moveY: e[1],
  aim: e[2],
  buttons: e[3],
});
