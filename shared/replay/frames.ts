/**
 * Drawable frames: every entity's look and truth as spectators see them
 * (shared/sim/look.ts), quantised as the live wire quantises them, written
 * as changes from the frame before. A viewer draws from these rows alone, so
 * a replay plays after the rules change.
 */
import { blankLook, blankTruth, LOOK, lookOf, TRUTH, truthOf } from '../sim/look.js';
import type { World } from '../sim/types.js';
import { ANGLE_STEPS, type FrameRecord, POS_SCALE, type WorldFacts } from './format.js';

const SPECS = { ...LOOK, ...TRUTH } as Record<string, { kind: string }>;
/** The row's fields (look, then truth) and their kinds. */
export const FIELDS = Object.keys(SPECS);
export const KINDS = FIELDS.map((f) => SPECS[f].kind);

const TURN = Math.PI * 2;

const FROM_TRUTH = FIELDS.map((f) => !(f in LOOK));
/** 1: a position (× POS_SCALE, rounded), 2: an angle (256 steps a turn), 0: as is. */
const QUANT = KINDS.map((k) => (k === 'pos' ? 1 : k === 'angle' ? 2 : 0));

function quantised(q: number, v: unknown): unknown {
  if (q === 1) return Math.round((v as number) * POS_SCALE);
  if (q === 2) {
    const a = Math.round(((v as number) / TURN) * ANGLE_STEPS) % ANGLE_STEPS;
    return a < 0 ? a + ANGLE_STEPS : a;
  }
  return v;
}

/** One entity's row: its look and truth as spectators see them, quantised. */
export function rowOf(e: World['entities'][number]): unknown[] {
  const look = lookOf(e, 'spectator') as unknown as Record<string, unknown>;
  const truth = truthOf(e) as unknown as Record<string, unknown>;
  const row = new Array<unknown>(FIELDS.length);
  for (let i = 0; i < FIELDS.length; i++) {
    row[i] = quantised(QUANT[i], FROM_TRUTH[i] ? truth[FIELDS[i]] : look[FIELDS[i]]);
  }
  return row;
}

/** One row per entity, in entity order. */
export function tableOf(w: World): unknown[][] {
  const rows: unknown[][] = new Array(w.entities.length);
  for (let i = 0; i < w.entities.length; i++) rows[i] = rowOf(w.entities[i]);
  return rows;
}

const doorsOpen = (w: World): boolean[] => {
  const out = new Array<boolean>(w.doors.length);
  for (let i = 0; i < out.length; i++) out[i] = w.doors[i].open;
  return out;
};

export function factsOf(w: World): WorldFacts {
  return {
    act: w.act,
    objectives: w.objectives,
    alarm: w.alarm,
    doors: doorsOpen(w),
    over: w.over,
  };
}

const X = FIELDS.indexOf('x');
const Y = FIELDS.indexOf('y');

type RowDiff = (
  look: Record<string, unknown>,
  truth: Record<string, unknown>,
  row: unknown[],
  r: number,
  c: unknown[],
) => void;

/** The generic row diff: every field but x and y, compared quantised, changed ones pushed as triples. */
const diffRowGeneric: RowDiff = (look, truth, row, r, c) => {
  for (let i = 0; i < FIELDS.length; i++) {
    if (i === X || i === Y) continue;
    const v = quantised(QUANT[i], FROM_TRUTH[i] ? truth[FIELDS[i]] : look[FIELDS[i]]);
    if (v === row[i]) continue;
    row[i] = v;
    c.push(r, i, v);
  }
};

/**
 * The same diff with each field read by name (a keyed read of a varying
 * name costs ten times more, and a frame reads 3,000 of them): generated
 * once from {@link FIELDS}, whose names are identifiers from look.ts.
 */
function compileRowDiff(): RowDiff {
  if (!FIELDS.every((f) => /^[A-Za-z_$][\w$]*$/.test(f))) return diffRowGeneric;
  const lines = FIELDS.map((f, i) => {
    if (i === X || i === Y) return '';
    const read = `${FROM_TRUTH[i] ? 'truth' : 'look'}.${f}`;
    const v = QUANT[i] === 0 ? read : `q(${QUANT[i]}, ${read})`;
    return `v = ${v}; if (v !== row[${i}]) { row[${i}] = v; c.push(r, ${i}, v); }`;
  });
  try {
    const make = new Function('q', `return (look, truth, row, r, c) => { let v; ${lines.join('\n')} };`);
    return make(quantised) as RowDiff;
  } catch {
    return diffRowGeneric;
  }
}

const diffRow = compileRowDiff();

/** Deep equality of plain data (numbers, strings, booleans, null, arrays, plain objects). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** A deep copy of plain data (structuredClone costs tens of microseconds even for a small object). */
function copyData(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(copyData);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = copyData((v as Record<string, unknown>)[k]);
  return out;
}

/** Writes frames as changes from the last one (the writer's side). */
export class FrameEncoder {
  private table: unknown[][] = [];
  private moved = new Uint8Array(0);
  private dx = new Int8Array(1024);
  private dy = new Int8Array(1024);
  private facts: Record<string, unknown> = {};
  /** Each entity's look and truth are read into these, not into two fresh objects per entity per frame. */
  private readonly look = blankLook();
  private readonly truth = blankTruth();

  /** Start over from a full table (a keyframe's). */
  reset(table: unknown[][]): void {
    this.table = table;
    this.facts = {};
  }

  /** The next frame states the world facts even if unchanged (a chunk's first frame). */
  restate(): void {
    this.facts = {};
  }

  /** Events of the steps since the frame before (a frame is written every other step). */
  private pending: unknown[] = [];

  /** After every step: keep its events for the next frame. */
  collect(w: World): void {
    for (const e of w.events) this.pending.push({ ...e });
  }

  frame(w: World): FrameRecord {
    const f: FrameRecord = { k: w.tick };
    const facts = factsOf(w) as unknown as Record<string, unknown>;
    for (const key in facts) {
      if (key in this.facts && sameData(facts[key], this.facts[key])) continue;
      this.facts[key] = copyData(facts[key]);
      f.w ??= {};
      (f.w as Record<string, unknown>)[key] = copyData(facts[key]);
    }
    if (this.pending.length > 0) {
      f.ev = this.pending;
      this.pending = [];
    }
    const ents = w.entities;
    const table = this.table;
    if (ents.length !== table.length) {
      this.table = tableOf(w);
      f.r = this.table.map((row) => [...row]);
      return f;
    }
    const m = this.moved;
    if (m.length !== (ents.length + 7) >> 3) this.moved = new Uint8Array((ents.length + 7) >> 3);
    else m.fill(0);
    if (this.dx.length < ents.length) {
      this.dx = new Int8Array(ents.length);
      this.dy = new Int8Array(ents.length);
    }
    const dx = this.dx;
    const dy = this.dy;
    let moves = 0;
    const c: unknown[] = [];
    for (let r = 0; r < ents.length; r++) {
      const row = table[r];
      const look = lookOf(ents[r], 'spectator', this.look) as unknown as Record<string, unknown>;
      const truth = truthOf(ents[r], this.truth) as unknown as Record<string, unknown>;
      diffRow(look, truth, row, r, c);
      const nx = Math.round((look.x as number) * POS_SCALE);
      const ny = Math.round((look.y as number) * POS_SCALE);
      const ddx = nx - (row[X] as number);
      const ddy = ny - (row[Y] as number);
      if (ddx === 0 && ddy === 0) continue;
      if (ddx >= -128 && ddx <= 127 && ddy >= -128 && ddy <= 127) {
        this.moved[r >> 3] |= 1 << (r & 7);
        dx[moves] = ddx;
        dy[moves] = ddy;
        moves++;
      } else {
        if (nx !== row[X]) c.push(r, X, nx);
        if (ny !== row[Y]) c.push(r, Y, ny);
      }
      row[X] = nx;
      row[Y] = ny;
    }
    if (moves > 0) {
      f.m = this.moved.slice();
      f.dx = new Uint8Array(dx.buffer.slice(0, moves));
      f.dy = new Uint8Array(dy.buffer.slice(0, moves));
    }
    if (c.length > 0) f.c = c;
    return f;
  }
}

/**
 * Plays frames onto a table (the reader's side). Returns false when the
 * frame does not fit the table (a damaged file): the caller stops there.
 * `x` and `y` are the columns of the positions in the file's rows (its
 * header's `fields`: another game version may order them otherwise).
 */
export function applyFrame(
  table: unknown[][],
  f: FrameRecord,
  facts: Partial<WorldFacts>,
  x = X,
  y = Y,
): unknown[][] | null {
  if (f.w) Object.assign(facts, f.w);
  if (f.r) return f.r.map((row) => [...row]);
  if (f.m && f.dx && f.dy) {
    if (f.m.length !== (table.length + 7) >> 3) return null;
    const dx = new Int8Array(f.dx.buffer, f.dx.byteOffset, f.dx.length);
    const dy = new Int8Array(f.dy.buffer, f.dy.byteOffset, f.dy.length);
    let j = 0;
    for (let r = 0; r < table.length; r++) {
      if ((f.m[r >> 3] & (1 << (r & 7))) === 0) continue;
      if (j >= dx.length) return null;
      table[r][x] = (table[r][x] as number) + dx[j];
      table[r][y] = (table[r][y] as number) + dy[j];
      j++;
    }
    if (j !== dx.length) return null;
  }
  if (f.c) {
    for (let i = 0; i < f.c.length; i += 3) {
      const row = table[f.c[i] as number];
      const fi = f.c[i + 1] as number;
      if (!row || fi >= row.length) return null;
      row[fi] = f.c[i + 2];
    }
  }
  return table;
}
