/**
 * The golden replay keeps playing, and the reader treats every file as
 * hostile: truncated, corrupted, oversized, wrong-version or crafted files
 * get one ReplayError message (or a torn tail), never a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeRecord,
  magicBytes,
  type ReadResult,
  ReplayError,
  readReplay,
} from '../../../shared/replay/codec.js';
import {
  FORMAT_VERSION,
  type HeaderRecord,
  LIMITS,
  type ReplayRecord,
} from '../../../shared/replay/format.js';
import { summarise } from '../../../shared/replay/play.js';

const GOLDEN = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'replays', 'golden-v1.lmr'));

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const header = (): HeaderRecord => readReplay(GOLDEN).header;

/** A file of the golden header followed by `records` (each framed with a right CRC). */
const withRecords = (...bodies: Uint8Array[]): Uint8Array =>
  concat(magicBytes(), encodeRecord(header()), ...bodies);

/** A framed record of raw msgpack bytes (valid length and CRC, any content). */
function rawRecord(body: Uint8Array, claimed = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, claimed, true);
  out.set(body, 8);
  dv.setUint32(4, crcOf(body), true);
  return out;
}

function crcOf(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Read and summarise; the only failure allowed is a ReplayError with a one-line message. */
function outcome(bytes: Uint8Array): { ok: ReadResult } | { error: string } {
  try {
    const r = readReplay(bytes);
    summarise(r);
    return { ok: r };
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    expect(e.message).not.toContain('\n');
    expect(e.message.length).toBeLessThan(200);
    return { error: e.message };
  }
}

describe('the golden replay (recorded with 0.1.0; must keep playing)', () => {
  const r = readReplay(GOLDEN);
  const s = summarise(r);

  it('has its header', () => {
    expect(r.header.format).toBe(1);
    expect(r.header.game).toBe('0.1.0');
    expect(r.header.map.name).toBe('Los Angeles 1995');
    expect(r.header.map.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(r.header.seed).toBe('a1b2'.repeat(16));
    expect(r.header.roles.map((x) => x.role).sort()).toEqual(['dyson', 'john', 'sarah', 't1000', 't800']);
    expect(r.header.fields).toContain('x');
    expect(r.header.fields).toContain('mimicRole');
  });

  it('plays its frames in order, from its keyframes, to the end record', () => {
    expect(r.truncated).toBeNull();
    expect(s.plays).toBe(true);
    expect(s.frames).toBe(360);
    expect(s.keyframes).toBe(2);
    expect(s.seconds).toBe(24);
    expect(s.finished).toBe(true);
    expect(s.result).toEqual({ winner: 'hunter', reason: 'judgment-day', time: 24, noFate: false });
    let last = 0;
    for (const rec of r.records) {
      if (rec.t !== 'S') continue;
      for (const f of rec.f) {
        expect(f.k).toBeGreaterThan(last);
        last = f.k;
      }
    }
    const end = r.records.at(-1);
    expect(end?.t).toBe('E');
    if (end?.t === 'E')
      expect(Object.keys(end.stats).sort()).toEqual(['dyson', 'john', 'sarah', 't1000', 't800']);
  });
});

describe('a bad file gets one message', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /no magic/],
    ['not a replay', new TextEncoder().encode('{"hello": "world"} and more bytes'), /no magic/],
    ['magic only', magicBytes(), /no header/],
    ['a cut header', GOLDEN.subarray(0, 20), /header is cut short/],
    ['a huge header length', concat(magicBytes(), rawRecord(new Uint8Array(4), 0xffffffff)), /claims/],
    [
      'a damaged header',
      (() => {
        const b = Uint8Array.from(GOLDEN);
        b[20] ^= 0x40;
        return b;
      })(),
      /damaged/,
    ],
    [
      'a newer format',
      concat(magicBytes(), encodeRecord({ ...header(), format: FORMAT_VERSION + 1 })),
      /format version 2 is not supported/,
    ],
    [
      'a header that is not a header',
      concat(magicBytes(), encodeRecord({ t: 'S' } as unknown as ReplayRecord)),
      /not a header/,
    ],
    [
      'a header with a long name',
      concat(
        magicBytes(),
        encodeRecord({ ...header(), roles: [{ role: 'john', name: 'x'.repeat(10_000), bot: false }] }),
      ),
      /bad role/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      const o = outcome(bytes);
      expect('error' in o ? o.error : 'read').toMatch(message);
    });
  }

  it('a torn or damaged tail ends the reading there, the rest playing', () => {
    const torn = outcome(GOLDEN.subarray(0, GOLDEN.length - 3));
    expect('ok' in torn && torn.ok.truncated).toMatch(/cut short/);
    const flipped = Uint8Array.from(GOLDEN);
    flipped[GOLDEN.length - 40] ^= 1;
    const damaged = outcome(flipped);
    expect('ok' in damaged && damaged.ok.truncated).toMatch(/CRC/);
    const huge = outcome(withRecords(rawRecord(new Uint8Array(10), LIMITS.recordBytes + 1)));
    expect('ok' in huge && huge.ok.truncated).toMatch(/claims/);
  });

  it('a record of the wrong shape with a right CRC stops the reading with its reason', () => {
    const bad = (r: unknown) => {
      const o = outcome(withRecords(encodeRecord(r as ReplayRecord)));
      return 'ok' in o ? o.ok.truncated : o.error;
    };
    expect(bad({ t: 'S', tick: 0, n: 1e9, in: {}, f: [] })).toMatch(/bad tick or length/);
    expect(bad({ t: 'S', tick: 0, n: 2, in: { john: [[1, 2, 3, 'x'], 0] }, f: [] })).toMatch(/bad input/);
    expect(bad({ t: 'S', tick: 0, n: 1, in: { skynet: [null] }, f: [] })).toMatch(/bad inputs/);
    expect(bad({ t: 'S', tick: 0, n: 1, in: {}, f: [{ k: 1, c: [0, 999, 1] }] })).toMatch(/bad change/);
    expect(bad({ t: 'K', tick: 0, hash: 'x', world: {}, table: [[1]] })).toMatch(/table row/);
    expect(bad({ t: 'E', tick: 1, stats: {}, result: { winner: 5 } })).toMatch(/bad result/);
    expect(bad({ ...header() })).toMatch(/second header/);
    expect(bad([1, 2, 3])).toMatch(/not a map/);
  });

  it('deep nesting and huge declared counts fail fast', () => {
    // 100,000 nested one-element arrays, then an array claiming 2^32-1 elements, then a map claiming as many.
    const deep = new Uint8Array(100_000).fill(0x91);
    const wide = Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01);
    const map = Uint8Array.of(0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x61);
    const str = Uint8Array.of(0xdb, 0xff, 0xff, 0xff, 0xf0, 0x61);
    for (const body of [deep, wide, map, str]) {
      const t0 = performance.now();
      const o = outcome(withRecords(rawRecord(body)));
      expect('ok' in o && o.ok.truncated).toMatch(/does not decode|not a map/);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });
});

describe('fuzzing the reader', () => {
  const runs = { numRuns: 300, seed: 20261203 };

  it('random bytes, with or without the magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, magic) => {
        outcome(magic ? concat(magicBytes(), bytes) : bytes);
      }),
      runs,
    );
  });

  it('bit flips, truncations and splices of the golden file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(GOLDEN.length * 8 - 1), { maxLength: 8 }),
        fc.nat(GOLDEN.length),
        fc.nat(GOLDEN.length),
        fc.nat(GOLDEN.length),
        (flips, cut, from, to) => {
          const b = Uint8Array.from(GOLDEN);
          for (const bit of flips) b[bit >> 3] ^= 1 << (bit & 7);
          outcome(b);
          outcome(b.subarray(0, cut));
          outcome(concat(GOLDEN.subarray(0, Math.min(from, to)), GOLDEN.subarray(Math.max(from, to))));
          outcome(concat(GOLDEN.subarray(0, cut), GOLDEN.subarray(from)));
        },
      ),
      { ...runs, numRuns: 100 },
    );
  });

  it('huge length prefixes at any record boundary', () => {
    fc.assert(
      fc.property(fc.nat(GOLDEN.length - 8), fc.integer({ min: 0, max: 0xffffffff }), (at, len) => {
        const b = Uint8Array.from(GOLDEN);
        new DataView(b.buffer).setUint32(at, len, true);
        outcome(b);
      }),
      runs,
    );
  });

  it('any msgpack value as a record, with a right CRC', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 6, withTypedArray: true, withNullPrototype: true }),
        fc.constantFrom('S', 'K', 'E', 'X', undefined),
        (v, t) => {
          const rec = t && typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, t } : v;
          let framed: Uint8Array;
          try {
            framed = encodeRecord(rec as ReplayRecord);
          } catch {
            return; // A value msgpack cannot encode is the writer's refusal, not the reader's.
          }
          outcome(withRecords(framed));
        },
      ),
      runs,
    );
  });
});
