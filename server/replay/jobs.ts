/**
 * What the game loop tells the recording worker, and back: the messages,
 * and the steps' inputs packed into one transferable Float64Array a batch
 * (about a second of steps). Inputs are copied as the exact doubles the
 * simulation stepped with, so the worker's copy of the match steps the same.
 */
import type { GameMap } from '../../shared/map/types.js';
import type { HeaderRecord } from '../../shared/replay/format.js';
import type { PlayerRole } from '../../shared/roles.js';
import type { StepInputs, World } from '../../shared/sim/types.js';
import type { Ending, RecordOut } from './writer.js';

/** Doubles per role per step: present (0/1), moveX, moveY, aim, buttons. */
const SLOT = 5;
/** Doubles per catch-up input: step in the batch, role's index, moveX, moveY, aim, buttons. */
const CU = 6;

/** Slots of the shared progress array (Int32Array over a SharedArrayBuffer, one per recording). */
export const P_STEPS = 0;
/** 0 recording, 1 closed (the file is complete), 2 stopped by an error. */
export const P_STATE = 1;
export const P_BYTES = 2;
export const P_SLOTS = 3;

/**
 * The game loop checks the worker's copy of the match after every this
 * many steps (5 s, keyframe ticks among them; a check costs the game loop
 * 40–150 µs): a difference is caught within 5 s of a step that was not
 * deterministic.
 */
export const CHECK_STEPS = 150;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A quick check of a world for comparing the match with the worker's copy
 * (a few microseconds, where worldHash, the keyframes' full hash in
 * shared/sim/serialize.ts, takes a millisecond): the tick, the RNG's
 * place, the tile changes' count, the act, alarm, objectives, doors,
 * stats and result, and of every entity what any difference soon shows
 * in — where it is and goes, its life, hits, action, ammo, stun, disguise
 * and route (its names by length and first and last letter). As 16 hex digits.
 */
export function worldCheck(w: World): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  const num = (v: number) => {
    f64[0] = v;
    h1 = Math.imul(Math.imul(h1 ^ u32[0], 0x01000193) ^ u32[1], 0x01000193);
    h2 = Math.imul(Math.imul(h2 ^ u32[1], 0x5bd1e995) ^ u32[0], 0x5bd1e995);
  };
  const str = (v: string) => {
    num(v.length);
    for (let i = 0; i < v.length; i++) num(v.charCodeAt(i));
  };
  /** An entity's words (life, action, disguise: a few names each) by length and ends. */
  const word = (v: string) =>
    num(v.length * 65536 + (v.charCodeAt(0) | 0) * 256 + (v.charCodeAt(v.length - 1) | 0));
  const ents = w.entities;
  num(ents.length);
  for (let i = 0; i < ents.length; i++) {
    const e = ents[i];
    num(e.x);
    num(e.y);
    num(e.facing);
    num(e.vx);
    num(e.vy);
    num(e.hits);
    num(e.stun);
    num(e.cooldown);
    num(e.ammo);
    num(e.actionProgress);
    num(e.mimicLeft);
    num(e.routeIdx);
    num(e.goalX + e.goalY * 4096);
    num(e.wait);
    num(e.liquid ? 1 : 0);
    word(e.life);
    word(e.action);
    word(e.mimicRole);
  }
  num(w.tick);
  num(w.tilesVersion);
  num(w.act);
  num(w.over ? 1 : 0);
  for (const d of w.doors) num(d.open ? 1 : 0);
  num(w.rng.block);
  num(w.rng.next);
  num(w.rng.words[0]);
  const o = w.objectives;
  num((o.sarahFreed ? 1 : 0) + (o.vaultOpen ? 2 : 0) + (o.chipDestroyed ? 4 : 0));
  for (const t of o.terminalsWiped) num(t ? 1 : 0);
  num(o.extraction);
  num(w.alarm.left);
  num(w.alarm.reveal);
  num(w.endsAt ?? -1);
  if (w.result) str(w.result.reason);
  for (const role in w.stats) {
    const st = w.stats[role as keyof typeof w.stats] as unknown as Record<string, number>;
    for (const k in st) num(st[k]);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

/** A batch of steps: `n` steps of inputs, their catch-up inputs, and the game loop's checks of its world. */
export interface StepBatch {
  n: number;
  inputs: Float64Array;
  catchUp: Float64Array | null;
  /** Flat pairs: tick, {@link worldCheck} of the live world after that step. */
  checks: (number | string)[] | null;
}

/** Packs the steps of a batch on the game loop (cheap: a few stores a role). */
export class BatchWriter {
  private inputs: Float64Array;
  private cu: number[] = [];
  private checks: (number | string)[] = [];
  n = 0;

  constructor(
    private readonly roles: readonly PlayerRole[],
    private readonly capacity: number,
  ) {
    this.inputs = new Float64Array(capacity * roles.length * SLOT);
  }

  get full(): boolean {
    return this.n >= this.capacity;
  }

  add(inputs: StepInputs, catchUp: StepInputs | undefined): void {
    const d = this.inputs;
    const roles = this.roles;
    let o = this.n * roles.length * SLOT;
    for (let r = 0; r < roles.length; r++, o += SLOT) {
      const i = inputs[roles[r]];
      if (i === undefined) {
        d[o] = 0;
        continue;
      }
      d[o] = 1;
      d[o + 1] = i.moveX;
      d[o + 2] = i.moveY;
      d[o + 3] = i.aim;
      d[o + 4] = i.buttons;
    }
    if (catchUp !== undefined) {
      for (let r = 0; r < roles.length; r++) {
        const c = catchUp[roles[r]];
        if (c !== undefined) this.cu.push(this.n, r, c.moveX, c.moveY, c.aim, c.buttons);
      }
    }
    this.n++;
  }

  /** The live world's check after the step just added. */
  check(tick: number, check: string): void {
    this.checks.push(tick, check);
  }

  /** The batch so far (its array is then the caller's to transfer), and a fresh one begun. */
  take(): StepBatch {
    const b: StepBatch = {
      n: this.n,
      inputs: this.inputs,
      catchUp: this.cu.length > 0 ? Float64Array.from(this.cu) : null,
      checks: this.checks.length > 0 ? this.checks : null,
    };
    this.inputs = new Float64Array(this.capacity * this.roles.length * SLOT);
    this.cu = [];
    this.checks = [];
    this.n = 0;
    return b;
  }
}

/** Step `i` of a batch back as the inputs and catch-up inputs the game loop stepped with. */
export function stepOf(
  b: StepBatch,
  i: number,
  roles: readonly PlayerRole[],
): { inputs: StepInputs; catchUp: StepInputs | undefined } {
  const inputs: StepInputs = {};
  const d = b.inputs;
  let o = i * roles.length * SLOT;
  for (let r = 0; r < roles.length; r++, o += SLOT) {
    inputs[roles[r]] =
      d[o] === 0 ? undefined : { moveX: d[o + 1], moveY: d[o + 2], aim: d[o + 3], buttons: d[o + 4] };
  }
  let catchUp: StepInputs | undefined;
  const c = b.catchUp;
  if (c !== null) {
    for (let j = 0; j < c.length; j += CU) {
      if (c[j] !== i) continue;
      catchUp ??= {};
      catchUp[roles[c[j + 1]]] = { moveX: c[j + 2], moveY: c[j + 3], aim: c[j + 4], buttons: c[j + 5] };
    }
  }
  return { inputs, catchUp };
}

/** The game loop to the worker. */
export type ToWorker =
  | {
      t: 'open';
      id: number;
      /** The file, created empty by the game loop. */
      path: string;
      header: HeaderRecord;
      /** The map, the first time a map is used in this worker (then `mapKey` names it). */
      map: GameMap | null;
      mapKey: string;
      /** The world at the start (packWorld) and its {@link worldCheck} on the game loop. */
      world: unknown;
      check: string;
      roles: PlayerRole[];
      progress: SharedArrayBuffer;
      /** Post every record back (the spectators' feed listens). */
      records: boolean;
    }
  | { t: 'steps'; id: number; batch: StepBatch }
  /** The live world after the steps posted so far, to continue from (after a divergence). */
  | { t: 'resync'; id: number; world: unknown; check: string }
  | { t: 'finish'; id: number; ending: Ending }
  | { t: 'close'; id: number };

/** The worker to the game loop. */
export type FromWorker =
  /** Loaded: the worker can record. */
  | { t: 'ready'; id: 0 }
  | ({ t: 'record'; id: number } & RecordOut)
  /** The worker's copy of the match checked otherwise than the live world. */
  | { t: 'diverged'; id: number; tick: number; live: string; copy: string }
  | { t: 'failed'; id: number; message: string }
  /** The file is complete; the worker's CPU on this recording (ms): re-simulating and writing. */
  | { t: 'closed'; id: number; simMs: number; writeMs: number };
