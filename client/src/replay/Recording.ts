/**
 * A replay as the viewer holds it: its header, its frames by tick, the
 * world facts and events of each, tables at checkpoints for fast seeking,
 * and the match's moments for the seek bar. Bytes are appended as they come
 * (a whole file, or the watch room's records one message at a time), and
 * every record is checked by the shared reader (shared/replay/codec.ts): a
 * replay is hostile input.
 *
 * Rows are read by field NAME from the header's `fields` list, so a replay
 * of an older game version (other fields, another order) still draws:
 * unknown fields are ignored, missing ones take a default.
 */
import { RecordStream, ReplayError } from '../../../shared/replay/codec.js';
import {
  ANGLE_STEPS,
  type EndRecord,
  type FrameRecord,
  type HeaderRecord,
  POS_SCALE,
  type ReplayRecord,
  type WorldFacts,
} from '../../../shared/replay/format.js';
import { applyFrame } from '../../../shared/replay/frames.js';
import { isPlayerRole, PLAYER_ROLES, type PlayerRole, ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { LOOK, TRUTH } from '../../../shared/sim/look.js';
import type { SpectatorEntity } from '../../../shared/sim/sideView.js';
import type { GameEvent, GameEventType, Life } from '../../../shared/sim/types.js';
import { DEFAULT_OPTIONS } from '../../../shared/tuning.js';
import { endReasonText, winnerText } from '../contract/feedText.js';

export { ReplayError };

/** A frame's table is kept every this many frames (4 s at 15 frames a second): a seek applies at most these (about 1 ms; a table of a default match is some 25 KB). */
export const CHECKPOINT_FRAMES = 60;

/** What the seek bar marks. */
export type MomentKind = 'act' | 'down' | 'alarm' | 'terminate' | 'steel' | 'end';

export interface Moment {
  tick: number;
  kind: MomentKind;
  /** The mark's tooltip: what happened. */
  title: string;
}

interface Checkpoint {
  /** The index of the last frame applied (-1: before the first frame). */
  after: number;
  table: unknown[][];
  facts: Partial<WorldFacts>;
}

const ROLES = new Set<string>(Object.keys(ROLE_NAMES));
const LIVES = new Set<string>(['healthy', 'injured', 'downed', 'eliminated', 'destroyed']);
const ACTIONS = new Set<string>(['', 'hack', 'keycard', 'pick', 'plant', 'wipe', 'revive', 'terminate']);
const EVENT_TYPES = new Set<string>([
  'windup',
  'strike',
  'hit',
  'shot',
  'shot-hit',
  'downed',
  'revived',
  'eliminated',
  'destroyed',
  'mimic',
  'unmask',
  'melt',
  'reform',
  'door',
  'crate',
  'alarm',
  'act',
  'objective',
  'slowed',
  'end',
]);

/** Each field a drawn entity has (look, then truth), its kind, and the value a replay without it gets. */
const SPECS = { ...LOOK, ...TRUTH } as Record<string, { kind: string }>;
const NAMES = Object.keys(SPECS) as (keyof SpectatorEntity)[];
const DEFAULTS: Record<string, unknown> = {
  role: 'civilian',
  roleOrNone: '',
  life: 'healthy',
  action: '',
  string: '',
  uint32: 0,
  uint16: 0,
  pos: 0,
  angle: 0,
  boolean: false,
};

/** Positions beyond this (tiles) are a hostile file's: clamped. */
const POS_LIMIT = 10_000;

/** A value as the current game reads it, from a row's raw value of the header's `kind`; the default when it does not fit. */
function fieldValue(kind: string, raw: unknown, rowKind: string): unknown {
  switch (kind) {
    case 'pos': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return 0;
      const v = rowKind === 'pos' ? raw / POS_SCALE : raw;
      return Math.max(-POS_LIMIT, Math.min(POS_LIMIT, v));
    }
    case 'angle':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return 0;
      return rowKind === 'angle' ? (raw / ANGLE_STEPS) * Math.PI * 2 : raw;
    case 'role':
      return typeof raw === 'string' && ROLES.has(raw) ? raw : 'civilian';
    case 'roleOrNone':
      return typeof raw === 'string' && (raw === '' || ROLES.has(raw)) ? raw : '';
    case 'life':
      return typeof raw === 'string' && LIVES.has(raw) ? raw : 'healthy';
    case 'action':
      return typeof raw === 'string' && ACTIONS.has(raw) ? raw : '';
    case 'string':
      return typeof raw === 'string' ? raw.slice(0, 64) : '';
    case 'boolean':
      return raw === true;
    case 'uint16':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 0xffff ? raw : 0;
    default:
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 0xffffffff ? raw : 0;
  }
}

const copyTable = (t: unknown[][]): unknown[][] => t.map((r) => r.slice());

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export class Recording {
  private readonly stream: RecordStream;
  /** Each frame's tick, in order (strictly increasing). */
  readonly ticks: number[] = [];
  private readonly frames: FrameRecord[] = [];
  private readonly checkpoints: Checkpoint[] = [];
  /** The table and facts after the last frame read (appending plays each frame once onto it). */
  private head: unknown[][] | null = null;
  private headFacts: Partial<WorldFacts> = {};
  /** A table read for {@link tableAt}: reused while seeks move forward a little. */
  private cursor: Checkpoint | null = null;
  /** Keyframes read: their ticks (for play from here, a keyframe's world is on the server). */
  readonly keyframeTicks: number[] = [];
  readonly moments: Moment[] = [];
  end: EndRecord | null = null;
  /** Why the recording stopped before its end (a damaged or cut record, a frame that does not play). */
  damaged: string | null = null;
  /**
   * The benchmark's reference (bench/replaySeek.ts): every table read plays
   * every frame from the first keyframe, with no checkpoint and no cursor.
   */
  bruteForce = false;
  /** Column of each current field in the header's rows (-1: not recorded), and the header's kind of it. */
  private cols: number[] = [];
  private colKinds: string[] = [];
  private lifeCol = -1;
  private roleCol = -1;
  private idCol = -1;
  private xCol = -1;
  private yCol = -1;

  /** `magic`: the bytes are a file (the magic first); without, records as the watch room sends them. */
  constructor(opts: { magic?: boolean } = {}) {
    this.stream = new RecordStream({ magic: opts.magic ?? true });
  }

  /** A whole file; throws {@link ReplayError} when it is not a replay that plays. */
  static fromBytes(bytes: Uint8Array): Recording {
    const r = new Recording({ magic: true });
    r.append(bytes);
    r.finish();
    return r;
  }

  get header(): HeaderRecord | null {
    return this.stream.header;
  }

  get tickHz(): number {
    return this.stream.header?.tickHz ?? 30;
  }

  /** The Judgment Day clock of the match (seconds). */
  get clockSeconds(): number {
    const v = this.stream.header?.options.judgmentDaySeconds;
    return isNum(v) && v > 0 ? v : DEFAULT_OPTIONS.judgmentDaySeconds;
  }

  get frameCount(): number {
    return this.frames.length;
  }

  get firstTick(): number {
    return this.ticks[0] ?? 0;
  }

  get lastTick(): number {
    return this.ticks.at(-1) ?? 0;
  }

  /** The match ended in the recording (its end record was read). */
  get finished(): boolean {
    return this.end !== null;
  }

  /**
   * Adds bytes (any piece of the file or the feed); returns the frames
   * added. Throws {@link ReplayError} when the bytes are not a replay at
   * all; a damaged record later stops the recording there ({@link damaged}).
   */
  append(bytes: Uint8Array): number {
    const before = this.frames.length;
    if (this.damaged !== null) return 0;
    const recs = this.stream.push(bytes);
    for (const r of recs) {
      if (!this.take(r)) break;
    }
    if (this.stream.truncated !== null && this.damaged === null) this.damaged = this.stream.truncated;
    return this.frames.length - before;
  }

  /** The bytes are over: a file cut inside a record says so in {@link damaged}. Throws when nothing plays. */
  finish(): void {
    const cut = this.stream.end();
    if (cut !== null && this.damaged === null) this.damaged = cut;
    if (this.frames.length === 0) throw new ReplayError('the replay has no frames to play');
  }

  private take(r: ReplayRecord): boolean {
    if (r.t === 'H') {
      this.readFields(r);
      if (this.xCol < 0 || this.yCol < 0) return this.stop('the rows have no position');
      return true;
    }
    if (r.t === 'K') {
      // The reader checked each row against the header's field list.
      this.head = copyTable(r.table);
      this.keyframeTicks.push(r.tick);
      this.checkpoints.push({
        after: this.frames.length - 1,
        table: copyTable(r.table),
        facts: { ...this.headFacts },
      });
      return true;
    }
    if (r.t === 'E') {
      this.end = r;
      const res = r.result;
      const title = res ? `${winnerText(res.winner)}. ${endReasonText(res.reason)}` : 'The end';
      this.moments.push({ tick: Math.max(this.lastTick, 0), kind: 'end', title });
      return true;
    }
    for (const f of r.f) {
      if (!this.head) return this.stop('a frame comes before any keyframe');
      if (this.ticks.length > 0 && f.k <= this.lastTick)
        return this.stop(`frame ${this.frames.length + 1} goes back in time`);
      const prevAct = this.headFacts.act;
      const prevAlarm = alarmLeft(this.headFacts.alarm);
      const lives = this.lives(this.head);
      const next = applyFrame(this.head, f, this.headFacts, this.xCol, this.yCol);
      if (next === null) return this.stop(`frame ${this.frames.length + 1} does not play`);
      this.head = next;
      this.frames.push(f);
      this.ticks.push(f.k);
      this.noteMoments(f, prevAct, prevAlarm, lives);
      if (this.frames.length % CHECKPOINT_FRAMES === 0)
        this.checkpoints.push({
          after: this.frames.length - 1,
          table: copyTable(this.head),
          facts: { ...this.headFacts },
        });
    }
    return true;
  }

  private stop(why: string): boolean {
    this.damaged ??= why;
    return false;
  }

  private readFields(h: HeaderRecord): void {
    this.cols = NAMES.map((n) => h.fields.indexOf(n));
    this.colKinds = NAMES.map((_, i) => (this.cols[i] >= 0 ? h.kinds[this.cols[i]] : ''));
    this.lifeCol = h.fields.indexOf('life');
    this.roleCol = h.fields.indexOf('role');
    this.idCol = h.fields.indexOf('entityId');
    this.xCol = h.fields.indexOf('x');
    this.yCol = h.fields.indexOf('y');
  }

  /** Each player row's life, before a frame (for the moments). */
  private lives(table: unknown[][]): Map<number, string> {
    const out = new Map<number, string>();
    if (this.lifeCol < 0 || this.roleCol < 0) return out;
    for (let i = 0; i < table.length; i++) {
      const role = table[i][this.roleCol];
      if (typeof role === 'string' && isPlayerRole(role as Role)) out.set(i, String(table[i][this.lifeCol]));
    }
    return out;
  }

  private addMoment(m: Moment): void {
    // One mark per happening: the event and the change of facts that both tell it.
    const dup = this.moments.some(
      (o) => o.kind === m.kind && o.title === m.title && Math.abs(o.tick - m.tick) <= this.tickHz * 2,
    );
    if (!dup) this.moments.push(m);
  }

  /**
   * The moments a frame holds: the act changing, the alarm going off, a
   * player going down, John terminated, someone in the molten steel; read
   * from the frame's world facts and rows (and its events, which say the
   * same when they were recorded).
   */
  private noteMoments(f: FrameRecord, prevAct: unknown, prevAlarm: number, lives: Map<number, string>): void {
    const facts = this.headFacts;
    const k = f.k;
    if (isNum(facts.act) && isNum(prevAct) && facts.act > prevAct)
      this.addMoment({ tick: k, kind: 'act', title: `Act ${facts.act}` });
    if (alarmLeft(facts.alarm) > 0 && prevAlarm <= 0)
      this.addMoment({ tick: k, kind: 'alarm', title: 'Alarm' });
    const head = this.head as unknown[][];
    for (const [row, before] of lives) {
      const now = head[row]?.[this.lifeCol];
      if (now === before) continue;
      const role = head[row][this.roleCol] as Role;
      const name = ROLE_NAMES[role] ?? String(role);
      if (now === 'downed') this.addMoment({ tick: k, kind: 'down', title: `${name} down` });
      else if (now === 'destroyed')
        this.addMoment({ tick: k, kind: 'steel', title: `${name} in the molten steel` });
      else if (now === 'eliminated')
        this.addMoment(
          role === 'john'
            ? { tick: k, kind: 'terminate', title: 'John Connor terminated' }
            : { tick: k, kind: 'down', title: `${name} out` },
        );
    }
    for (const ev of this.eventsOf(f)) {
      if (ev.type === 'alarm') this.addMoment({ tick: k, kind: 'alarm', title: 'Alarm' });
      else if (ev.type === 'act' && ev.value >= 2)
        this.addMoment({ tick: k, kind: 'act', title: `Act ${ev.value}` });
    }
  }

  /** The index of the last frame at or before `tick` (0 before the first). */
  indexAt(tick: number): number {
    const t = this.ticks;
    let lo = 0;
    let hi = t.length - 1;
    if (hi < 0 || tick <= t[0]) return 0;
    if (tick >= t[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[mid] <= tick) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The table and facts after frame `i`: from the nearest checkpoint at or
   * before it (or from where the last call left off, when that is nearer),
   * applying the frames between. The result is shared: read it before the
   * next call.
   */
  tableAt(i: number): { table: unknown[][]; facts: Partial<WorldFacts> } {
    const n = this.frames.length;
    if (n === 0) throw new ReplayError('the replay has no frames to play');
    const target = Math.max(0, Math.min(n - 1, Math.floor(i)));
    let c = this.cursor;
    // Brute force keeps only the step from one frame to the next (the source reads frames i and i + 1).
    const reach = this.bruteForce ? 1 : CHECKPOINT_FRAMES;
    if (!c || c.after > target || target - c.after > reach) {
      const cp = this.bruteForce ? this.checkpoints[0] : this.checkpointBefore(target);
      c = this.cursor = { after: cp.after, table: copyTable(cp.table), facts: { ...cp.facts } };
    }
    while (c.after < target) {
      const next = applyFrame(c.table, this.frames[c.after + 1], c.facts, this.xCol, this.yCol);
      // Every frame played once when it was appended, so this holds; a table that no longer fits stops here.
      if (next === null) break;
      c.table = next;
      c.after++;
    }
    return { table: c.table, facts: c.facts };
  }

  private checkpointBefore(i: number): Checkpoint {
    const cps = this.checkpoints;
    let lo = 0;
    let hi = cps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cps[mid].after <= i) lo = mid;
      else hi = mid - 1;
    }
    return cps[lo];
  }

  /** The entities of a table, each field read by name (defaults for what the replay lacks). */
  entities(table: readonly unknown[][]): SpectatorEntity[] {
    const out: SpectatorEntity[] = new Array(table.length);
    const cols = this.cols;
    for (let r = 0; r < table.length; r++) {
      const row = table[r];
      const e: Record<string, unknown> = {};
      for (let j = 0; j < NAMES.length; j++) {
        const name = NAMES[j];
        const kind = SPECS[name].kind;
        e[name] = cols[j] < 0 ? DEFAULTS[kind] : fieldValue(kind, row[cols[j]], this.colKinds[j]);
      }
      if (this.idCol < 0) e.entityId = r;
      out[r] = e as unknown as SpectatorEntity;
    }
    return out;
  }

  /** The events of frame `i`, each checked (a malformed one is left out). */
  events(i: number): GameEvent[] {
    const f = this.frames[i];
    return f ? this.eventsOf(f) : [];
  }

  private eventsOf(f: FrameRecord): GameEvent[] {
    if (!Array.isArray(f.ev)) return [];
    const out: GameEvent[] = [];
    for (const v of f.ev) {
      if (typeof v !== 'object' || v === null) continue;
      const e = v as Record<string, unknown>;
      if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) continue;
      if (![e.by, e.target, e.x, e.y, e.value].every(isNum)) continue;
      out.push({
        type: e.type as GameEventType,
        by: e.by as number,
        target: e.target as number,
        x: e.x as number,
        y: e.y as number,
        value: e.value as number,
      });
    }
    return out;
  }

  /** Who played each role (the header's names). */
  seat(role: string): string {
    return this.header?.roles.find((r) => r.role === role)?.name ?? '';
  }

  /** The roles in the header, in role order. */
  get roles(): HeaderRecord['roles'] {
    const rs = this.header?.roles ?? [];
    return [...rs].sort((a, b) => PLAYER_ROLES.indexOf(a.role) - PLAYER_ROLES.indexOf(b.role));
  }

  /**
   * Who played each role when the match ended, in role order: the end
   * summary's players (someone who took a bot's seat mid-match is named), or
   * the header's roles (who was there at the start) for a match not ended.
   */
  get players(): { role: PlayerRole; name: string; bot: boolean }[] {
    return playersAtEnd(this.end?.summary) ?? this.roles;
  }
}

/** The players of a recorded end summary (of any shape: a file is read as data), in role order; null if none. */
export function playersAtEnd(summary: unknown): { role: PlayerRole; name: string; bot: boolean }[] | null {
  const list = (summary as { players?: unknown } | null | undefined)?.players;
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: { role: PlayerRole; name: string; bot: boolean }[] = [];
  for (const p of list) {
    if (typeof p !== 'object' || p === null) return null;
    const { role, name, bot } = p as Record<string, unknown>;
    if (typeof role !== 'string' || !isPlayerRole(role as Role) || typeof name !== 'string') return null;
    out.push({ role: role as PlayerRole, name, bot: bot === true });
  }
  return out.sort((a, b) => PLAYER_ROLES.indexOf(a.role) - PLAYER_ROLES.indexOf(b.role));
}

/** Seconds the alarm still runs, from recorded facts of any shape (0 when unknown). */
export function alarmLeft(alarm: unknown): number {
  if (typeof alarm !== 'object' || alarm === null) return 0;
  const left = (alarm as Record<string, unknown>).left;
  return isNum(left) ? left : 0;
}

/** A life value as the current game knows it. */
export const lifeOf = (v: unknown): Life => (typeof v === 'string' && LIVES.has(v) ? (v as Life) : 'healthy');
