import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { botSeed } from '../../../shared/headless.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import {
  chachaBlock,
  deriveSeed,
  type RngHolder,
  ROUNDS,
  random,
  randomInt,
  seedKey,
  seedState,
} from '../../../shared/sim/rng.js';
import { restoreWorld, snapshotWorld, worldHash } from '../../../shared/sim/serialize.js';
import { createWorld } from '../../../shared/sim/world.js';
import { asciiMap, room } from './fixtures.js';

/** Little-endian words of a hex byte string (as ChaCha reads keys, nonces and writes its output). */
function words(hex: string): number[] {
  const clean = hex.replace(/\s+/g, '');
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 8) {
    out.push(
      Number.parseInt(
        clean
          .slice(i, i + 8)
          .match(/../g)!
          .reverse()
          .join(''),
        16,
      ),
    );
  }
  return out;
}

function block(key: number[], w12: number, w13: number, w14: number, w15: number, rounds: number): number[] {
  const out: number[] = [];
  chachaBlock(key, w12, w13, w14, w15, rounds, out);
  return out;
}

const draws = (h: RngHolder, n: number) => Array.from({ length: n }, () => random(h));

describe('the ChaCha block function matches published vectors', () => {
  it('RFC 7539 §2.3.2: ChaCha20 block, key 00..1f, counter 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00', () => {
    const key = words('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const nonce = words('000000090000004a00000000');
    expect(block(key, 1, nonce[0], nonce[1], nonce[2], 20)).toEqual(
      words(`10f1e7e4d13b5915500fdd1fa32071c4 c7d1f4c733c068030422aa9ac3d46c4e
             d2826446079faa0914c2d705d98b02a2 b5129cd1de164eb9cbd083e8a2503c4e`),
    );
  });

  it('RFC 7539 §2.3.2, the state after 20 rounds written as words', () => {
    const key = words('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const nonce = words('000000090000004a00000000');
    expect(block(key, 1, nonce[0], nonce[1], nonce[2], 20)).toEqual([
      0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3, 0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
      0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9, 0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
    ]);
  });

  // draft-strombergson-chacha-test-vectors: 256-bit key, 64-bit IV in words 14–15, counter 0.
  it('the ChaCha8, ChaCha12 and ChaCha20 vectors for the all-zero key and IV (TC1)', () => {
    const zero = words('00'.repeat(32));
    expect(block(zero, 0, 0, 0, 0, 8)).toEqual(
      words(`3e00ef2f895f40d67f5bb8e81f09a5a1 2c840ec3ce9a7f3b181be188ef711a1e
             984ce172b9216f419f445367456d5619 314a42a3da86b001387bfdb80e0cfe42`),
    );
    expect(block(zero, 0, 0, 0, 0, 12)).toEqual(
      words(`9bf49a6a0755f953811fce125f2683d5 0429c3bb49e074147e0089a52eae155f
             0564f879d27ae3c02ce82834acfa8c79 3a629f2ca0de6919610be82f411326be`),
    );
    expect(block(zero, 0, 0, 0, 0, 20)).toEqual(
      words(`76b8e0ada0f13d90405d6ae55386bd28 bdd219b8a08ded1aa836efcc8b770dc7
             da41597c5157488d7724e03fb8d84a37 6a43b8f41518a11cc387b669b2ee6586`),
    );
  });

  it('the ChaCha12 vector for a patterned key and IV (TC7), the round count the generator uses', () => {
    expect(ROUNDS).toBe(12);
    const key = words('00112233445566778899aabbccddeeffffeeddccbbaa99887766554433221100');
    const iv = words('0f1e2d3c4b5a6978');
    expect(block(key, 0, 0, iv[0], iv[1], ROUNDS)).toEqual(
      words(`7ed12a3a63912ae941ba6d4c0d5e862e 568b0e5589346935505f064b8c2698db
             f7d850667d8e67be639f3b4f6a16f92e 65ea80f6c7429445da1fc2c1b9365040`),
    );
  });

  it('agrees with OpenSSL ChaCha20 (node:crypto) on random keys, counters and nonces', () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(32);
      const iv = randomBytes(16); // 32-bit counter, then the 96-bit nonce
      iv.writeUInt32LE(iv.readUInt32LE(0) & 0x7fffffff, 0); // no counter wrap inside the block
      const c = createCipheriv('chacha20', key, iv);
      const stream = Buffer.concat([c.update(Buffer.alloc(64)), c.final()]);
      const w = words(iv.toString('hex'));
      expect(block(words(key.toString('hex')), w[0], w[1], w[2], w[3], 20)).toEqual(
        words(stream.toString('hex')),
      );
    }
  });
});

describe('the world generator', () => {
  it('draws ChaCha12 blocks 0, 1, 2… of stream 0 of the seed key, one word per draw', () => {
    const key = seedKey(5);
    const expected = [
      ...block(key, 0, 0, 0, 0, 12),
      ...block(key, 1, 0, 0, 0, 12),
      ...block(key, 2, 0, 0, 0, 12),
    ];
    const h = { rng: seedState(5) };
    expect(draws(h, 48).map((x) => x * 2 ** 32)).toEqual(expected);
  });

  it('a numeric seed and a hex seed both give a stream in [0, 1), the same for the same seed', () => {
    const hex = randomBytes(32).toString('hex');
    for (const seed of [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 20250101, hex, hex.toUpperCase()]) {
      const a = draws({ rng: seedState(seed) }, 100);
      expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
      expect(draws({ rng: seedState(seed) }, 100)).toEqual(a);
    }
    // The same 256-bit key however its hex is cased.
    expect(seedKey(hex.toUpperCase())).toEqual(seedKey(hex));
    // The key is the hex's bytes, little-endian words.
    expect(seedKey(`01020304${'00'.repeat(28)}`)).toEqual([0x04030201, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a numeric seed is expanded into a full 256-bit key', () => {
    const keys = [0, 1, 2, 3].map(seedKey);
    for (const k of keys) {
      expect(k).toHaveLength(8);
      expect(new Set(k).size).toBe(8);
      expect(k.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    }
    expect(new Set(keys.map((k) => k.join())).size).toBe(4);
  });

  it('refuses a string seed that is not 64 hex digits, and a number that is not a 32-bit integer', () => {
    const hex = 'ab'.repeat(32);
    for (const bad of [
      '',
      hex.slice(1),
      `${hex}0`,
      `${hex.slice(2)}zz`,
      `0x${hex.slice(2)}`,
      ` ${hex.slice(1)}`,
    ]) {
      expect(() => seedState(bad)).toThrow(/64 hexadecimal digits/);
    }
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32, -(2 ** 31) - 1]) {
      expect(() => seedState(bad)).toThrow(/32-bit integer/);
    }
    expect(() => createWorld({ map: asciiMap(room(10, 10)), seed: 'not a key' })).toThrow(
      /64 hexadecimal digits/,
    );
  });

  it('two seeds give different streams (one bit of key is enough)', () => {
    const a = draws({ rng: seedState(1) }, 32);
    expect(draws({ rng: seedState(2) }, 32)).not.toEqual(a);
    const k1 = `00${'11'.repeat(31)}`;
    const k2 = `01${'11'.repeat(31)}`;
    const b = draws({ rng: seedState(k1) }, 32);
    const c = draws({ rng: seedState(k2) }, 32);
    expect(c).not.toEqual(b);
    // Not a shifted copy either: no draw of one is in the other.
    expect(b.filter((x) => c.includes(x))).toEqual([]);
  });

  it('looks uniform: mean, buckets and randomInt over its whole range', () => {
    // A fixed key, so the test cannot flake.
    const h = { rng: seedState('5f'.repeat(32)) };
    const n = 160_000;
    const buckets = new Array<number>(16).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = random(h);
      sum += x;
      buckets[Math.floor(x * 16)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    // Chi-square with 15 degrees of freedom: 37.7 is the 0.999 quantile.
    const e = n / 16;
    const chi2 = buckets.reduce((s, b) => s + (b - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(37.7);
    const seen = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) seen[randomInt(h, 7)]++;
    expect(seen.every((c) => c > 800 && c < 1200)).toBe(true);
    // Adjacent draws are not correlated.
    let xy = 0;
    let prev = random(h);
    for (let i = 0; i < n; i++) {
      const x = random(h);
      xy += (x - 0.5) * (prev - 0.5);
      prev = x;
    }
    expect(Math.abs(xy / n)).toBeLessThan(0.002);
  });

  it('its state is plain data: a copy mid-block continues the same sequence', () => {
    const h = { rng: seedState(9) };
    draws(h, 21); // into the second block
    const copy = { rng: structuredClone(h.rng) };
    const json = { rng: JSON.parse(JSON.stringify(h.rng)) };
    const next = draws(h, 40);
    expect(draws(copy, 40)).toEqual(next);
    expect(draws(json, 40)).toEqual(next);
  });

  it('a restored world snapshot continues the same sequence', () => {
    const map = asciiMap(room(20, 12));
    const w = createWorld({ map, seed: 'fe'.repeat(32), options: { civilians: 3, police: 1 } });
    draws(w, 5);
    const snap = snapshotWorld(w);
    const r = restoreWorld(snap, map);
    expect(worldHash(r)).toBe(worldHash(w));
    expect(draws(r, 50)).toEqual(draws(w, 50));
    expect(worldHash(r)).toBe(worldHash(w));
  });
});

describe('derived seeds', () => {
  it('are 64 hex digits, fixed by the match seed and the purpose, different per purpose and seed', () => {
    const hex = randomBytes(32).toString('hex');
    for (const seed of [1, hex]) {
      const a = deriveSeed(seed, 1);
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      expect(deriveSeed(seed, 1)).toBe(a);
      expect(deriveSeed(seed, 2)).not.toBe(a);
    }
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(2, 1));
  });

  it('are not words of the world stream: the world and what is derived from its seed share no output', () => {
    const seed = '3c'.repeat(32);
    const world = new Set(draws({ rng: seedState(seed) }, 4096).map((x) => x * 2 ** 32));
    for (const purpose of [1, 0x100, 0x101]) {
      const derived = seedKey(deriveSeed(seed, purpose));
      expect(derived.filter((w) => world.has(w))).toEqual([]);
      expect(derived).not.toEqual(seedKey(seed));
    }
  });

  it('each bot gets its own seed, derived from the match seed', () => {
    const seeds = PLAYER_ROLES.map((r) => botSeed(7, r));
    expect(new Set(seeds).size).toBe(PLAYER_ROLES.length);
    for (const s of seeds) expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(botSeed(7, 'john')).toBe(seeds[PLAYER_ROLES.indexOf('john')]);
    expect(botSeed(8, 'john')).not.toBe(botSeed(7, 'john'));
  });
});
