/**
 * Hostile client traffic, shared by the fuzz test (tests/server/fuzz.test.ts),
 * the hostile benchmark (bench/hostile.ts) and the soak (scripts/soak.ts): a
 * small seeded PRNG, and generators of raw frames, ROOM_DATA messages with
 * msgpack payloads, input frames and join options — valid ones, mutated ones
 * and crafted ones. Pure functions of the PRNG: no sockets here (see
 * bench/hostileClient.ts), so a seed reproduces the same bytes.
 *
 * Frame layout (Colyseus 0.18, client → server): `[code | modifiers][body]`,
 * code = low 5 bits, modifiers = high 3 bits (TIMED 128, UNRELIABLE 64).
 */
import { decode, encode } from '@colyseus/schema';
import { InputEncoder } from '@colyseus/schema/input';
import { Packr, pack, unpack } from 'msgpackr';
import { ClientMessage, InputState } from '../shared/protocol.js';

// ─── PRNG ──────────────────────────────────────────────────────────────────

/** A 32-bit seed from any text or number (FNV-1a, then mixed). */
export function seedOf(v: string | number): number {
  const text = String(v);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** sfc32: small, fast, seeded; good enough to pick bytes. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(seed ^ 0x243f6a88);
    this.c = mix32(seed ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.float() * xs.length)];
  }

  /** Pick by weight: `[[weight, value], ...]`. */
  weighted<T>(table: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of table) total += w;
    let r = this.float() * total;
    for (const [w, v] of table) {
      r -= w;
      if (r < 0) return v;
    }
    return table[table.length - 1][1];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A length that is usually small, sometimes large: 0..max. */
  length(max: number): number {
    const r = this.float();
    if (r < 0.6) return this.int(0, Math.min(max, 16));
    if (r < 0.9) return this.int(0, Math.min(max, 256));
    return this.int(0, max);
  }

  /** An independent stream for `label` (so one generator's draws do not shift another's). */
  fork(label: string | number): Rng {
    return new Rng(seedOf(`${this.u32()}:${label}`));
  }
}

// ─── Protocol ──────────────────────────────────────────────────────────────

/** Colyseus 0.18 protocol codes (@colyseus/shared-types `Protocol`; the fuzz test checks they agree). */
export const Code = {
  JOIN_ROOM: 10,
  ERROR: 11,
  LEAVE_ROOM: 12,
  ROOM_DATA: 13,
  ROOM_STATE: 14,
  ROOM_STATE_PATCH: 15,
  ROOM_DATA_SCHEMA: 16,
  ROOM_DATA_BYTES: 17,
  PING: 18,
  ROOM_INPUT_RELIABLE: 19,
  ROOM_INPUT_UNRELIABLE: 20,
  ROOM_REQUEST: 21,
  ROOM_RESPONSE: 22,
} as const;

export const Modifier = { TIMED: 128, UNRELIABLE: 64, BIT5: 32 } as const;

/** The first bytes a game client (the SDK, as the game uses it) ever sends. */
export const GAME_CODES: ReadonlySet<number> = new Set([
  Code.JOIN_ROOM,
  Code.LEAVE_ROOM,
  Code.ROOM_DATA,
  Code.PING,
  Code.ROOM_INPUT_RELIABLE,
]);

/** The transport's frame limit (shared/protocol.ts MAX_FRAME_BYTES; repeated so this module stays pure). */
export const FRAME_LIMIT = 4 * 1024;

export const MESSAGE_TYPES: readonly string[] = Object.values(ClientMessage);

/** Frame bytes with a short label saying what made them (for summaries and reproductions). */
export interface Frame {
  bytes: Uint8Array;
  kind: string;
}

export const hex = (b: Uint8Array, max = 96): string => {
  const h = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, max)).toString('hex');
  return b.length > max ? `${h}…(${b.length} bytes)` : h;
};

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const scratch = new Uint8Array(16 * 1024);

/** A string as Colyseus encodes a message type (msgpack str). */
export function str(s: string): Uint8Array {
  const it = { offset: 0 };
  encode.string(scratch, s, it);
  return scratch.slice(0, it.offset);
}

/** A number in Colyseus' self-describing number codec (msgpack-style). */
export function num(v: number): Uint8Array {
  const it = { offset: 0 };
  encode.number(scratch, v, it);
  return scratch.slice(0, it.offset);
}

/** Raw number encodings the codec reads, including ones its encoder never writes (NaN, -0, floats as lengths). */
function rawNumber(rng: Rng): Uint8Array {
  const f64 = (v: number) => {
    const b = Buffer.alloc(9);
    b[0] = 0xcb;
    b.writeDoubleBE(v, 1);
    return new Uint8Array(b);
  };
  const f32 = (v: number) => {
    const b = Buffer.alloc(5);
    b[0] = 0xca;
    b.writeFloatBE(v, 1);
    return new Uint8Array(b);
  };
  // Colyseus' decoder reads little-endian; these are byte patterns, endianness does not matter for fuzzing.
  return rng.pick([
    () => num(rng.int(0, 127)),
    () => Uint8Array.of(0xff), // -1
    () => Uint8Array.of(0xe0), // -32
    () => Uint8Array.of(0xd0, 0x80), // int8 -128
    () => Uint8Array.of(0xd1, 0x00, 0x80), // int16 -32768
    () => Uint8Array.of(0xd2, 0x00, 0x00, 0x00, 0x80), // int32 min
    () => Uint8Array.of(0xd2, 0xff, 0xff, 0xff, 0xff), // int32 -1
    () => Uint8Array.of(0xce, 0xff, 0xff, 0xff, 0xff), // uint32 max
    () => Uint8Array.of(0xce, 0x00, 0x00, 0x00, 0x80), // 2^31
    () => Uint8Array.of(0xce, 0x80, 0x96, 0x98, 0x00), // 10,000,000
    () => Uint8Array.of(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), // uint64 huge
    () => Uint8Array.of(0xd3, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80), // int64 min
    () => Uint8Array.of(0xcd, 0xff, 0xff), // uint16 max
    () => f64(Number.NaN),
    () => f64(Number.POSITIVE_INFINITY),
    () => f64(Number.NEGATIVE_INFINITY),
    () => f64(-0),
    () => f64(1e300),
    () => f64(-1e9),
    () => f64(2 ** 31 + 0.5),
    () => f32(Number.NaN),
    () => f32(-1.5),
    () => Uint8Array.of(0xc1), // never used by msgpack
    () => Uint8Array.of(rng.int(0xc0, 0xdf)), // a prefix the number codec does not read
    () => Uint8Array.of(0xcb, 0x00), // truncated float64
    () => new Uint8Array(0), // nothing at all
  ])();
}

// ─── Valid frames (what the game's SDK client sends) ────────────────────────

const inputEncoder = new InputEncoder(new InputState() as never);
const inputInst = (inputEncoder as unknown as { instance: Record<string, number> }).instance;

/** A reliable input frame exactly as `room.input().send()` makes it (a delta of the fields that changed). */
export function validInput(rng: Rng): Frame {
  if (rng.chance(0.5)) inputEncoder.reset();
  if (rng.chance(0.8)) inputInst.moveX = rng.pick([-1, 0, 1, rng.float() * 2 - 1]);
  if (rng.chance(0.8)) inputInst.moveY = rng.pick([-1, 0, 1, rng.float() * 2 - 1]);
  if (rng.chance(0.6)) inputInst.aim = rng.float() * 6.28 - 3.14;
  if (rng.chance(0.4)) inputInst.buttons = rng.int(0, 15);
  return { bytes: concat([Code.ROOM_INPUT_RELIABLE], inputEncoder.encode()), kind: 'input:valid' };
}

/** A valid payload for each client message type. */
function validPayload(rng: Rng, type: string): unknown {
  switch (type) {
    case ClientMessage.profile:
      return rng.pick([{ name: `P${rng.int(0, 999)}` }, { pref: rng.pick(['hunter', 'escort', 'any']) }, {}]);
    case ClientMessage.ready:
      return { ready: rng.chance(0.7) };
    case ClientMessage.options:
      return rng.pick([{ police: rng.int(0, 5) }, { civilians: rng.int(0, 20) }, { bots: true }, {}]);
    case ClientMessage.chat:
      return { text: `hello ${rng.int(0, 9999)}`, team: rng.chance(0.3) };
    default:
      return undefined;
  }
}

/** A ROOM_DATA frame as `room.send(type, payload)` makes it. */
export function messageBytes(
  type: string | number,
  payload?: unknown,
  packr: { pack(v: unknown): Uint8Array } = { pack },
): Uint8Array {
  const head = typeof type === 'string' ? str(type) : num(type);
  return payload === undefined
    ? concat([Code.ROOM_DATA], head)
    : concat([Code.ROOM_DATA], head, packWith(packr, payload));
}

export function validMessage(rng: Rng): Frame {
  const type = rng.pick(MESSAGE_TYPES);
  return { bytes: messageBytes(type, validPayload(rng, type)), kind: `msg:${type}:valid` };
}

/** Any frame a well-behaved game client sends. */
export function validFrame(rng: Rng): Frame {
  return rng.weighted<() => Frame>([
    [5, () => validInput(rng)],
    [3, () => validMessage(rng)],
    [1, () => ({ bytes: Uint8Array.of(Code.PING), kind: 'ping' })],
  ])();
}

// ─── msgpack payloads ───────────────────────────────────────────────────────

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'toJSON',
  'then',
  'hasOwnProperty',
  'length',
  '',
  'text',
  'team',
  'ready',
  'name',
  'pref',
  'matchSeconds',
  'police',
  'civilians',
  'bots',
  'spectator',
  'sessionId',
  'moveX',
  'type',
];

const STRINGS = [
  '',
  ' ',
  'John',
  'a'.repeat(21),
  '\u0000\u0001\u001f',
  '\u202e\u2066evil\u2069',
  '\ud800',
  '𝐉𝐨𝐡𝐧',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  '%s%d%j%o',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a string that looks like code is the point
  '${process.exit()}',
  '<script>alert(1)</script>',
  '\n\r\u2028\u2029',
  '../../etc/passwd',
  'nosuchmap',
  'la-1995',
  'hunter',
  'escort',
  'custom',
  'quick',
];

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  1e21,
  3600,
  3601,
  9,
  500,
  501,
];

function randomString(rng: Rng, maxLen: number): string {
  const r = rng.float();
  if (r < 0.4) return rng.pick(STRINGS);
  if (r < 0.6) return 'x'.repeat(rng.length(maxLen));
  const n = rng.length(Math.min(maxLen, 64));
  let s = '';
  for (let i = 0; i < n; i++)
    s += String.fromCharCode(rng.chance(0.8) ? rng.int(0, 0x7f) : rng.int(0, 0xffff));
  return s;
}

/**
 * A random JavaScript value for msgpack: wrong types, special numbers, odd
 * keys, nesting. With `json`, only what JSON carries (for matchmaking options,
 * which the SDK sends as JSON): no bigint, bytes, dates, maps or sets.
 */
export function randomValue(rng: Rng, depth = 0, budget = { n: 200 }, json = false): unknown {
  budget.n--;
  const leaf = depth > 6 || budget.n <= 0 || rng.chance(0.45);
  const next = () => randomValue(rng, depth + 1, budget, json);
  if (leaf) {
    const more: ReadonlyArray<readonly [number, () => unknown]> = json
      ? []
      : [
          [1, () => (rng.chance(0.5) ? 2n ** 64n - 1n : -(2n ** 63n))],
          [1, () => rng.bytes(rng.length(64))],
          [1, () => new Date(rng.chance(0.5) ? Number.NaN : rng.int(-1e9, 1e9) * 1000)],
        ];
    return rng.weighted<() => unknown>([
      [3, () => rng.pick(NUMBERS)],
      [3, () => randomString(rng, 512)],
      [1, () => null],
      [1, () => undefined],
      [1, () => rng.chance(0.5)],
      [1, () => rng.int(-1000, 1000)],
      [1, () => rng.float() * 1e6 - 5e5],
      ...more,
    ])();
  }
  if (rng.chance(0.4)) {
    const n = rng.length(12);
    return Array.from({ length: n }, next);
  }
  if (!json && rng.chance(0.1)) {
    const m = new Map<unknown, unknown>();
    for (let i = rng.length(4); i > 0; i--) m.set(next(), next());
    return m;
  }
  if (!json && rng.chance(0.05)) return new Set([next()]);
  const o: Record<string, unknown> = {};
  for (let i = rng.length(8); i > 0; i--) {
    const k = rng.chance(0.6) ? rng.pick(SPECIAL_KEYS) : randomString(rng, 24);
    // Own properties, even for "__proto__", as a decoder would make them.
    Object.defineProperty(o, k, {
      value: next(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return o;
}

/** Payloads a typed handler may get: the right shape with wrong field values. */
function nearPayload(rng: Rng, type: string): unknown {
  const v = () => randomValue(rng, 3);
  switch (type) {
    case ClientMessage.profile:
      return {
        name: rng.chance(0.5) ? randomString(rng, 300) : v(),
        pref: rng.chance(0.5) ? rng.pick(STRINGS) : v(),
      };
    case ClientMessage.ready:
      return rng.pick([{ ready: v() }, { ready: true, extra: v() }, [true], 'yes', true]);
    case ClientMessage.options:
      return {
        matchSeconds: rng.chance(0.5) ? rng.pick(NUMBERS) : v(),
        police: rng.pick(NUMBERS),
        civilians: rng.pick(NUMBERS),
        bots: rng.chance(0.5) ? v() : true,
      };
    case ClientMessage.chat:
      return { text: rng.chance(0.7) ? randomString(rng, 3000) : v(), team: rng.chance(0.5) ? v() : false };
    default:
      return v();
  }
}

const PACKRS: ReadonlyArray<{ name: string; packr: { pack(v: unknown): Uint8Array } }> = [
  { name: 'pack', packr: { pack } },
  { name: 'records', packr: new Packr({ useRecords: true }) },
  { name: 'clone', packr: new Packr({ structuredClone: true }) },
  { name: 'moreTypes', packr: new Packr({ moreTypes: true }) },
  { name: 'bundle', packr: new Packr({ bundleStrings: true }) },
  { name: 'float32', packr: new Packr({ useFloat32: 1 }) },
];

/** Safe pack: a value msgpackr cannot pack becomes null. */
function packWith(p: { pack(v: unknown): Uint8Array }, v: unknown): Uint8Array {
  try {
    return p.pack(v);
  } catch {
    return pack(null);
  }
}

/** msgpack bytes whose headers promise more than the frame holds, or nest deeply, or are not msgpack. */
function craftedPayload(rng: Rng): { bytes: Uint8Array; kind: string } {
  const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const huge = rng.pick([0xffffffff, 0x7fffffff, 0x10000000, 1 << 20, 5000]);
  return rng.pick<() => { bytes: Uint8Array; kind: string }>([
    () => ({ bytes: Uint8Array.of(0xdd, ...be32(huge)), kind: 'array32-claims' }),
    () => ({ bytes: Uint8Array.of(0xdf, ...be32(huge), 0xa1, 0x61), kind: 'map32-claims' }),
    () => ({ bytes: Uint8Array.of(0xdb, ...be32(huge), 0x61, 0x62), kind: 'str32-claims' }),
    () => ({ bytes: Uint8Array.of(0xc6, ...be32(huge), 0x00), kind: 'bin32-claims' }),
    () => ({ bytes: Uint8Array.of(0xc9, ...be32(huge), 0x72, 0x00), kind: 'ext32-claims' }),
    () => ({ bytes: Uint8Array.of(0xdc, 0xff, 0xff), kind: 'array16-claims' }),
    () => ({ bytes: Uint8Array.of(0xde, 0xff, 0xff, 0xc0), kind: 'map16-claims' }),
    () => {
      const depth = rng.int(100, 4000);
      return {
        bytes: concat(new Uint8Array(depth).fill(rng.pick([0x91, 0x81, 0xdc])), [0xc0]),
        kind: `nest-${depth}`,
      };
    },
    () => {
      // A map of many small keys: {"a0":0, ...}; decoders build objects key by key.
      const n = rng.int(100, 600);
      const parts: number[] = [0xde, (n >> 8) & 0xff, n & 0xff];
      for (let i = 0; i < n; i++) parts.push(0xa3, 0x6b, 48 + (((i / 10) | 0) % 10), 48 + (i % 10), 0x00);
      return { bytes: Uint8Array.from(parts), kind: `wide-map-${n}` };
    },
    () => {
      // Record extension definitions (msgpackr structures) with odd keys.
      const keys = ['__proto__', 'constructor', 'toString'];
      return {
        bytes: new Packr({ useRecords: true }).pack([Object.fromEntries(keys.map((k) => [k, 1]))]),
        kind: 'records-odd-keys',
      };
    },
    () => ({ bytes: Uint8Array.of(0xd4, rng.int(0, 255), rng.int(0, 255)), kind: 'fixext1' }),
    () => ({
      bytes: concat([0xc7, rng.int(0, 40), rng.int(0, 255)], rng.bytes(rng.int(0, 40))),
      kind: 'ext8',
    }),
    () => ({ bytes: Uint8Array.of(0xc1), kind: 'never-used-byte' }),
    () => ({ bytes: Uint8Array.of(0x92, 0xc0), kind: 'truncated-array' }),
    () => ({ bytes: rng.bytes(rng.length(256)), kind: 'random-bytes' }),
  ])();
}

/** A msgpack payload: a random value packed, packed with a msgpackr extension, crafted, or mutated. */
export function msgpackPayload(rng: Rng, type = ''): { bytes: Uint8Array; kind: string } {
  return rng.weighted<() => { bytes: Uint8Array; kind: string }>([
    [4, () => ({ bytes: packWith({ pack }, nearPayload(rng, type)), kind: 'near' })],
    [
      3,
      () => {
        const p = rng.pick(PACKRS);
        return { bytes: packWith(p.packr, randomValue(rng)), kind: `value/${p.name}` };
      },
    ],
    [3, () => craftedPayload(rng)],
    [
      2,
      () => {
        const base = packWith({ pack }, randomValue(rng));
        return { bytes: mutateBytes(rng, base, 0), kind: 'mutated' };
      },
    ],
  ])();
}

// ─── Message frames (ROOM_DATA) ─────────────────────────────────────────────

const SERVER_TYPES = ['events', 'end', 'rejected', '__playground_message_types', '_$b'];
const ODD_TYPES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  'READY',
  'chat\u0000',
];

/** A message type header: known, unknown, "*", numeric, odd strings, or bytes that are neither. */
function typeHeader(rng: Rng): { head: Uint8Array; type: string } {
  return rng.weighted<() => { head: Uint8Array; type: string }>([
    [6, () => ((t) => ({ head: str(t), type: t }))(rng.pick(MESSAGE_TYPES))],
    [3, () => ({ head: str('*'), type: '*' })],
    [2, () => ((t) => ({ head: str(t), type: t }))(rng.pick([...SERVER_TYPES, ...ODD_TYPES]))],
    [2, () => ((t) => ({ head: str(t), type: t }))(randomString(rng, 300))],
    [2, () => ({ head: rawNumber(rng), type: '#num' })],
    [
      1,
      () => ({
        // A str8/str16/str32 header claiming more bytes than follow.
        head: rng.pick([
          Uint8Array.of(0xd9, 0xff, 0x61),
          Uint8Array.of(0xda, 0xff, 0xff, 0x61),
          Uint8Array.of(0xdb, 0xff, 0xff, 0xff, 0x7f),
        ]),
        type: '#str-claims',
      }),
    ],
    [1, () => ({ head: Uint8Array.of(0xa0), type: '#empty-fixstr' })],
  ])();
}

/** A ROOM_DATA frame: any type, any payload (or none). */
export function messageFrame(rng: Rng): Frame {
  const { head, type } = typeHeader(rng);
  if (rng.chance(0.12))
    return { bytes: concat([Code.ROOM_DATA], head), kind: `msg:${label(type)}:no-payload` };
  const p = msgpackPayload(rng, type);
  return { bytes: concat([Code.ROOM_DATA], head, p.bytes), kind: `msg:${label(type)}:${p.kind}` };
}

/** The payloads that make a wildcard handler that prints its "type" throw: objects without a usable toString. */
export function starFrame(rng: Rng): Frame {
  const payload = rng.pick<unknown>([
    { toString: 1 },
    { toString: null, valueOf: null },
    [{ toString: 'x' }],
    { toString: {} },
    randomValue(rng),
  ]);
  return { bytes: messageBytes('*', payload), kind: 'msg:*:crafted' };
}

const label = (t: string) => (t.length > 16 || /[^\w#*$-]/.test(t) ? `str${t.length}` : t || 'empty');

// ─── Input frames ───────────────────────────────────────────────────────────

/** Input field wire sizes by index (moveX, moveY, aim: float32; buttons: uint8). */
const FIELD_SIZES = [4, 4, 4, 1];

/** An input body: valid fields, unknown fields, other schema operations, truncations. */
function inputBody(rng: Rng): { bytes: Uint8Array; kind: string } {
  return rng.weighted<() => { bytes: Uint8Array; kind: string }>([
    [2, () => ({ bytes: validInput(rng).bytes.subarray(1), kind: 'valid' })],
    [
      3,
      () => {
        // Schema operations on fields that exist, do not exist, or ops the input encoder never uses.
        const parts: number[][] = [];
        for (let i = rng.int(1, 5); i > 0; i--) {
          const op = rng.pick([0x80, 0x00, 0x40, 0xc0, 0x80, 0x80]);
          const field = rng.chance(0.7) ? rng.int(0, 3) : rng.int(4, 0x3f);
          const size = FIELD_SIZES[field] ?? rng.int(0, 8);
          parts.push([op | field, ...rng.bytes(rng.chance(0.8) ? size : rng.int(0, size))]);
        }
        return { bytes: concat(...parts), kind: 'ops' };
      },
    ],
    [
      1,
      () => ({
        // SWITCH_TO_STRUCTURE (255) and TYPE_ID (213) with a ref id that does not exist.
        bytes: concat([rng.pick([0xff, 0xd5])], rawNumber(rng), rng.bytes(rng.int(0, 8))),
        kind: 'switch-ref',
      }),
    ],
    [2, () => ({ bytes: rng.bytes(rng.length(64)), kind: 'random' })],
    [1, () => ({ bytes: new Uint8Array(0), kind: 'empty' })],
    [
      1,
      () => ({
        bytes: new Uint8Array(rng.int(100, 4000)).fill(rng.pick([0x80, 0x84, 0xff, 0x00])),
        kind: 'repeat',
      }),
    ],
  ])();
}

/** ROOM_INPUT_RELIABLE / ROOM_INPUT_UNRELIABLE frames, with and without the TIMED bit; negative and huge varints. */
export function inputFrame(rng: Rng): Frame {
  const timed = rng.chance(0.3);
  if (rng.chance(0.5)) {
    const body = inputBody(rng);
    const stamp = timed ? rawNumber(rng) : new Uint8Array(0);
    const code = Code.ROOM_INPUT_RELIABLE | (timed ? Modifier.TIMED : 0);
    return { bytes: concat([code], stamp, body.bytes), kind: `input:${timed ? 'timed:' : ''}${body.kind}` };
  }
  // Unreliable ring: [TIMED: k, newest, Δ×(k−1)] [baseSeq] ([len][body])*
  const code = Code.ROOM_INPUT_UNRELIABLE | (timed ? Modifier.TIMED : 0);
  const parts: Uint8Array[] = [Uint8Array.of(code)];
  let kind = `uinput:${timed ? 'timed:' : ''}`;
  if (timed) {
    parts.push(
      rawNumber(rng),
      Uint8Array.of(rng.int(0, 255), rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)),
    );
    for (let i = rng.int(0, 3); i > 0; i--) parts.push(rawNumber(rng));
  }
  parts.push(rng.chance(0.5) ? num(rng.int(0, 1000)) : rawNumber(rng));
  for (let i = rng.int(0, 3); i > 0; i--) {
    const body = inputBody(rng);
    const len = rng.weighted<() => Uint8Array>([
      [3, () => num(body.bytes.length)],
      [2, () => rawNumber(rng)],
      [1, () => num(body.bytes.length + rng.int(1, 50))],
    ])();
    parts.push(len, body.bytes);
    kind += `${body.kind},`;
  }
  return { bytes: concat(...parts), kind };
}

// ─── Raw frames and mutations ────────────────────────────────────────────────

/** A frame with first byte `first` and a random body. */
export function codeFrame(rng: Rng, first: number): Frame {
  const body = rng.chance(0.2) ? new Uint8Array(0) : rng.bytes(rng.length(128));
  return { bytes: concat([first], body), kind: `raw:${first}` };
}

/** A raw frame: any of the 256 first bytes (every code, with modifier bits), any body. */
export function rawFrame(rng: Rng): Frame {
  const code = rng.int(0, 31);
  const mods = rng.chance(0.5)
    ? 0
    : rng.pick([Modifier.TIMED, Modifier.UNRELIABLE, Modifier.BIT5, 0xe0, 0xa0]);
  return codeFrame(rng, code | mods);
}

/** Bit flips, interesting bytes, truncation, extension, duplication. */
export function mutateBytes(rng: Rng, src: Uint8Array, keepFirst = 1): Uint8Array {
  let b: Uint8Array = Uint8Array.from(src);
  for (let n = rng.int(1, 4); n > 0; n--) {
    const op = rng.int(0, 6);
    const lo = Math.min(keepFirst, b.length);
    const at = b.length > lo ? rng.int(lo, b.length - 1) : lo;
    switch (op) {
      case 0: // bit flip
        if (b.length > lo) b[at] ^= 1 << rng.int(0, 7);
        break;
      case 1: // interesting byte
        if (b.length > lo)
          b[at] = rng.pick([0x00, 0xff, 0x7f, 0x80, 0xc1, 0xdd, 0xdf, 0xdb, 0xcb, 0xd0, 0xe0, 0x90, 0xa0]);
        break;
      case 2: // truncate
        b = b.slice(0, rng.int(lo, b.length));
        break;
      case 3: // extend with random bytes
        b = concat(b, rng.bytes(rng.length(64)));
        break;
      case 4: // duplicate a region
        if (b.length > lo) {
          const end = rng.int(at, b.length);
          b = concat(b.subarray(0, end), b.subarray(at, end), b.subarray(end));
        }
        break;
      case 5: // insert a number encoding
        b = concat(b.subarray(0, at), rawNumber(rng), b.subarray(at));
        break;
      case 6: // delete a byte
        if (b.length > lo) b = concat(b.subarray(0, at), b.subarray(at + 1));
        break;
    }
  }
  return b;
}

/** A valid frame mutated, or two valid frames spliced together. */
export function mutatedFrame(rng: Rng): Frame {
  const a = validFrame(rng);
  if (rng.chance(0.25)) {
    const b = validFrame(rng);
    const cut = rng.int(1, a.bytes.length);
    const from = rng.int(0, b.bytes.length);
    return {
      bytes: concat(a.bytes.subarray(0, cut), b.bytes.subarray(from)),
      kind: `splice:${a.kind}+${b.kind}`,
    };
  }
  // Sometimes the code byte too.
  return { bytes: mutateBytes(rng, a.bytes, rng.chance(0.85) ? 1 : 0), kind: `mut:${a.kind}` };
}

/** Frames at and over the transport limit. */
export function oversizeFrame(rng: Rng): Frame {
  const size = rng.pick([FRAME_LIMIT - 1, FRAME_LIMIT, FRAME_LIMIT + 1, FRAME_LIMIT * 2, 65_536, 70_000]);
  const kind = rng.int(0, 3);
  if (kind === 0) {
    // A chat message whose text fills the frame.
    const head = concat([Code.ROOM_DATA], str('chat'));
    const overhead = head.length + 1 + 3 + 4 + 3; // map, "text", str16 header
    const text = 'x'.repeat(Math.max(0, size - overhead - 2));
    const bytes = messageBytes('chat', { text });
    return { bytes, kind: `big:chat:${bytes.length}` };
  }
  const first = [Code.ROOM_INPUT_RELIABLE, Code.ROOM_DATA, Code.ROOM_INPUT_UNRELIABLE, rng.int(0, 255)][kind];
  const bytes = new Uint8Array(size);
  bytes[0] = first;
  for (let i = 1; i < size; i++) bytes[i] = kind === 1 ? 0x80 : (i * 31) & 0xff;
  return { bytes, kind: `big:${first}:${size}` };
}

/** One hostile frame of any kind (the mix the benchmark and soak send). */
export function hostileFrame(rng: Rng): Frame {
  return rng.weighted<() => Frame>([
    [3, () => rawFrame(rng)],
    [3, () => mutatedFrame(rng)],
    [4, () => messageFrame(rng)],
    [1, () => starFrame(rng)],
    [3, () => inputFrame(rng)],
    [1, () => oversizeFrame(rng)],
    [3, () => validFrame(rng)],
  ])();
}

// ─── Which frames must get their sender dropped ─────────────────────────────

export type Expect = 'drop' | 'any';

/**
 * Whether a server that holds must drop the sender of `bytes` (`'drop'`), or
 * may do either (`'any'`: keep it, answer `rejected`, or drop it). A frame
 * must get its sender dropped when it is
 *  - larger than the transport limit (1009);
 *  - of a code (or with modifier bits) the game's client never sends: every
 *    first byte but JOIN_ROOM, LEAVE_ROOM, ROOM_DATA, PING and plain
 *    ROOM_INPUT_RELIABLE — so the unreliable input channel, requests, raw
 *    bytes, TIMED input and server-to-client codes;
 *  - a ROOM_DATA of type "*", or whose payload msgpack cannot decode;
 *  - a reliable input frame that is not a sequence of whole
 *    `[ADD | field][value]` pairs of the input schema (unknown field, other
 *    operation, cut short) — "undecodable input";
 *  - with `input: false` (a room whose door takes no input: the listing, a
 *    watch room), any input frame.
 */
export function expectation(bytes: Uint8Array, room: { input: boolean } = { input: true }): Expect {
  if (!room.input && bytes.length > 0 && bytes.length <= FRAME_LIMIT && bytes[0] === Code.ROOM_INPUT_RELIABLE)
    return 'drop';
  if (bytes.length > FRAME_LIMIT) return 'drop';
  if (bytes.length === 0) return 'any';
  const first = bytes[0];
  if (!GAME_CODES.has(first)) return 'drop';
  if (first === Code.ROOM_DATA) {
    if (bytes.length < 2) return 'any';
    const it = { offset: 1 };
    let type: unknown;
    // Read the type as Colyseus does (its reader logs invalid UTF-8: not here).
    const { error, warn } = console;
    console.error = console.warn = () => undefined;
    try {
      type = decode.stringCheck(bytes, it) ? decode.string(bytes, it) : decode.number(bytes, it);
    } catch {
      return 'any';
    } finally {
      console.error = error;
      console.warn = warn;
    }
    if (type === '*') return 'drop';
    if (it.offset < bytes.length) {
      try {
        unpack(bytes.subarray(it.offset));
      } catch {
        return 'drop';
      }
    }
    return 'any';
  }
  if (first === Code.ROOM_INPUT_RELIABLE) return isInputBody(bytes, 1) ? 'any' : 'drop';
  return 'any';
}

/** Whether `bytes[from..]` is whole `[ADD|field][value]` pairs of the input schema's fields (repeats allowed). */
export function isInputBody(bytes: Uint8Array, from: number): boolean {
  let i = from;
  while (i < bytes.length) {
    const op = bytes[i];
    const field = op & 0x7f;
    if ((op & 0x80) === 0 || field >= FIELD_SIZES.length) return false;
    i += 1 + FIELD_SIZES[field];
  }
  return i === bytes.length;
}

// ─── Join options ───────────────────────────────────────────────────────────

export type MatchMethod = 'create' | 'join' | 'joinById' | 'joinOrCreate';

/**
 * Random create/join options: right keys with wrong values, unknown keys,
 * nesting, odd maps, spectators (refused by the match room) and the match a
 * watcher asks for (the watch room's option). With `dev`, also the test-only options a
 * server started with --dev-options accepts (time scale, world scale...).
 */
export function randomOptions(rng: Rng, dev = false): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const set = (k: string, v: unknown) =>
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  const maybe = (p: number, k: string, good: () => unknown) => {
    if (rng.chance(p)) set(k, rng.chance(0.6) ? good() : randomValue(rng, 4, { n: 40 }, true));
  };
  maybe(0.5, 'mode', () => rng.pick(['quick', 'custom', 'Custom', 'ranked', '']));
  maybe(0.5, 'name', () => rng.pick([...STRINGS, randomString(rng, 400)]));
  maybe(0.4, 'pref', () => rng.pick(['hunter', 'escort', 'any', 'sniper']));
  maybe(0.3, 'spectator', () => rng.chance(0.7));
  maybe(0.1, 'match', () => rng.pick(['NOSUCH', 'ABCDEF', '../x', 'a'.repeat(65), '']));
  maybe(0.35, 'map', () =>
    rng.pick(['la-1995', 'nosuchmap', 'LA-1995', '../maps/la-1995', 'la-1995.tmj', 'a'.repeat(41), 'x', '']),
  );
  maybe(0.2, 'private', () => rng.chance(0.5));
  maybe(0.2, 'matchSeconds', () => rng.pick(NUMBERS));
  maybe(0.2, 'police', () => rng.pick(NUMBERS));
  maybe(0.2, 'civilians', () => rng.pick(NUMBERS));
  maybe(0.2, 'bots', () => rng.chance(0.5));
  if (dev) {
    maybe(0.3, 'countdown', () => rng.pick([0, 0.1, 300, 301, -1, Number.NaN]));
    maybe(0.1, 'timeScale', () => rng.pick([1, 2, 64, 65, 0, 1.5]));
    maybe(0.1, 'seed', () => rng.pick([0, 1, 0xffffffff, -1, 2 ** 32]));
    maybe(0.1, 'autopilot', () => rng.chance(0.5));
    maybe(0.1, 'worldScale', () => rng.pick([1, 10, 2]));
  }
  maybe(0.1, 'password', () => randomString(rng, 100));
  maybe(0.1, 'reconnectionToken', () => randomString(rng, 40));
  for (let i = rng.chance(0.3) ? rng.int(1, 5) : 0; i > 0; i--)
    set(rng.pick(SPECIAL_KEYS), randomValue(rng, 3, { n: 40 }, true));
  return o;
}
