/**
 * The incremental reader (RecordStream) reads what readReplay reads, however
 * the bytes are cut into pieces: the same records, the same torn-tail
 * message, the same refusal; fuzzed with random cuts of the golden file, of
 * damaged copies of it, and of random bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordStream, ReplayError, readReplay } from '../../../shared/replay/codec.js';
import { LIMITS, MAGIC } from '../../../shared/replay/format.js';

const GOLDEN = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'replays', 'golden-v1.lmr')),
);

type Outcome = { records: unknown[]; truncated: string | null } | { error: string };

function whole(bytes: Uint8Array): Outcome {
  try {
    const r = readReplay(bytes);
    return { records: r.records, truncated: r.truncated };
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    return { error: e.message };
  }
}

/** The bytes pushed in pieces cut at `cuts` (each piece a fresh copy, as a socket delivers them). */
function pieces(bytes: Uint8Array, cuts: number[]): Outcome {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const s = new RecordStream({ magic: true });
  const records: unknown[] = [];
  try {
    let from = 0;
    for (const c of [...at, bytes.length]) {
      records.push(...s.push(bytes.slice(from, c)));
      from = c;
    }
    s.end();
    return { records, truncated: s.truncated };
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    return { error: e.message };
  }
}

/**
 * The stream refuses a file as soon as its bytes show it (a wrong magic
 * byte), before the whole file is seen; readReplay's message for a file cut
 * inside the magic is the same "no magic". Compared as outcomes otherwise.
 */
function same(a: Outcome, b: Outcome): void {
  if ('error' in a || 'error' in b) {
    expect('error' in b ? b.error : b).toEqual('error' in a ? a.error : a);
    return;
  }
  expect(b.truncated).toBe(a.truncated);
  expect(b.records.length).toBe(a.records.length);
  expect(b.records).toEqual(a.records);
}

describe('RecordStream', () => {
  it('reads the golden file pushed one byte at a time like the whole file', () => {
    const s = new RecordStream({ magic: true });
    let n = 0;
    for (let i = 0; i < GOLDEN.length; i += 1) n += s.push(GOLDEN.subarray(i, i + 1)).length;
    expect(s.end()).toBeNull();
    expect(n).toBe(readReplay(GOLDEN).records.length);
    expect(s.ended).toBe(true);
  });

  it('without the magic, reads the records as the watch room sends them', () => {
    const s = new RecordStream();
    const recs = s.push(GOLDEN.subarray(MAGIC.length));
    expect(s.end()).toBeNull();
    expect(recs).toEqual(readReplay(GOLDEN).records);
    expect(s.header?.t).toBe('H');
  });

  it('says nothing of a record still arriving, until the bytes end', () => {
    const s = new RecordStream({ magic: true });
    const cut = GOLDEN.length - 10;
    s.push(GOLDEN.subarray(0, cut));
    expect(s.truncated).toBeNull();
    expect(s.end()).toMatch(/cut short/);
  });

  it('a stream with no header refuses at its end; a stream over the file limit refuses at once', () => {
    const s = new RecordStream();
    expect(() => s.end()).toThrow(/no header/);
    const big = new RecordStream();
    big.push(GOLDEN.subarray(MAGIC.length, MAGIC.length + 100));
    expect(() => big.push(new Uint8Array(LIMITS.fileBytes))).toThrow(/larger than/);
  });

  it('random cuts of the golden file read the same as the whole', () => {
    const ref = whole(GOLDEN);
    fc.assert(
      fc.property(fc.array(fc.nat(GOLDEN.length), { maxLength: 40 }), (cuts) => {
        same(ref, pieces(GOLDEN, cuts));
      }),
      { numRuns: 60 },
    );
  });

  it('damaged copies (bit flips, truncations), cut at random, read the same as whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(GOLDEN.length * 8 - 1), { maxLength: 6 }),
        fc.nat(GOLDEN.length),
        fc.array(fc.nat(GOLDEN.length), { maxLength: 20 }),
        (flips, keep, cuts) => {
          const b = GOLDEN.slice(0, Math.max(keep, 1));
          for (const bit of flips) if (bit >> 3 < b.length) b[bit >> 3] ^= 1 << (bit & 7);
          same(whole(b), pieces(b, cuts));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('random bytes, with or without the magic, never crash and agree with the whole-file reader', () => {
    const magic = new TextEncoder().encode(MAGIC);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.boolean(),
        fc.array(fc.nat(2100), { maxLength: 10 }),
        (bytes, withMagic, cuts) => {
          const b = withMagic ? new Uint8Array([...magic, ...bytes]) : bytes;
          same(whole(b), pieces(b, cuts));
        },
      ),
      { numRuns: 200 },
    );
  });
});
