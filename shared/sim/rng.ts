/**
 * The seeded RNG of the world, of role assignment and of the bots: ChaCha12
 * (D. J. Bernstein's stream cipher, 12 rounds) in counter mode, keyed by a
 * 256-bit key. A client sees many of its outputs (NPC spawns, public ids, the
 * crowd's wandering) and must not be able to predict the rest, nor recover
 * the key: with a 32-bit seed and a non-cryptographic generator it could
 * search every seed offline and then tell the disguised T-1000 from the crowd.
 *
 * Pure TypeScript with no Node built-ins, no clock and no Math.random, so the
 * same key gives the same stream on the server, in the browser and in tests.
 * The state is plain data (numbers and arrays of numbers), so a serialised
 * world resumes the same sequence and the world hash covers it.
 *
 * The key comes from a {@link MatchSeed}: the server draws 256 bits from
 * node:crypto; tests, scripts and the dev `--seed` option use 32-bit integers,
 * expanded deterministically into a key (those are reproducible, not secret).
 */

/**
 * A match's seed: a 32-bit integer (reproducible runs: tests, scripts, the
 * server's `--seed`), or 64 hex digits = a 256-bit key (what the server draws).
 */
export type MatchSeed = number | string;

/** The generator's whole state. The key is secret: never send it to a client. */
export interface RngState {
  /** ChaCha key: 8 words (256 bits). */
  key: number[];
  /** Which of the key's independent streams (ChaCha's 64-bit nonce, 2 words). */
  stream: number[];
  /** Blocks generated so far (ChaCha's 64-bit block counter). */
  block: number;
  /** The last block's 16 output words (uint32); `next` is the first not yet drawn (16: all drawn). */
  words: number[];
  next: number;
}

export interface RngHolder {
  rng: RngState;
}

/** Rounds of the generator (ChaCha12: the margin of Rust's StdRng; 20 is the RFC 7539 cipher). */
export const ROUNDS = 12;
const BLOCK_WORDS = 16;
const TWO_32 = 4294967296;

/** Streams of a match key (the nonce's second word is 1) that {@link deriveSeed} turns into other keys. */
const DERIVED = 1;
/** {@link deriveSeed} purpose: role assignment in the lobby. */
export const ROLES_STREAM = 1;
/** {@link deriveSeed} purpose: the bot of a role is BOT_STREAM + the role's index. */
export const BOT_STREAM = 0x100;

/**
 * The ChaCha block function: the 16 output words (uint32) for a key (8
 * words), state words 12–15 (block counter and nonce: original ChaCha puts a
 * 64-bit counter in 12–13 and a 64-bit nonce in 14–15; RFC 7539 a 32-bit
 * counter in 12 and a 96-bit nonce in 13–15) and an even number of rounds.
 */
export function chachaBlock(
  key: readonly number[],
  w12: number,
  w13: number,
  w14: number,
  w15: number,
  rounds: number,
  out: number[],
): void {
  const i0 = 0x61707865;
  const i1 = 0x3320646e;
  const i2 = 0x79622d32;
  const i3 = 0x6b206574;
  const i4 = key[0] | 0;
  const i5 = key[1] | 0;
  const i6 = key[2] | 0;
  const i7 = key[3] | 0;
  const i8 = key[4] | 0;
  const i9 = key[5] | 0;
  const i10 = key[6] | 0;
  const i11 = key[7] | 0;
  const i12 = w12 | 0;
  const i13 = w13 | 0;
  const i14 = w14 | 0;
  const i15 = w15 | 0;
  let x0 = i0;
  let x1 = i1;
  let x2 = i2;
  let x3 = i3;
  let x4 = i4;
  let x5 = i5;
  let x6 = i6;
  let x7 = i7;
  let x8 = i8;
  let x9 = i9;
  let x10 = i10;
  let x11 = i11;
  let x12 = i12;
  let x13 = i13;
  let x14 = i14;
  let x15 = i15;
  for (let r = 0; r < rounds; r += 2) {
    // Column round: quarter rounds on (0,4,8,12) (1,5,9,13) (2,6,10,14) (3,7,11,15).
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 16) | (x12 >>> 16);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 12) | (x4 >>> 20);
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 8) | (x12 >>> 24);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 7) | (x4 >>> 25);

    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 16) | (x13 >>> 16);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 12) | (x5 >>> 20);
    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 8) | (x13 >>> 24);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 7) | (x5 >>> 25);

    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 16) | (x14 >>> 16);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 12) | (x6 >>> 20);
    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 8) | (x14 >>> 24);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 7) | (x6 >>> 25);

    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 16) | (x15 >>> 16);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 12) | (x7 >>> 20);
    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 8) | (x15 >>> 24);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 7) | (x7 >>> 25);

    // Diagonal round: (0,5,10,15) (1,6,11,12) (2,7,8,13) (3,4,9,14).
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 16) | (x15 >>> 16);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 12) | (x5 >>> 20);
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 8) | (x15 >>> 24);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 7) | (x5 >>> 25);

    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 16) | (x12 >>> 16);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 12) | (x6 >>> 20);
    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 8) | (x12 >>> 24);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 7) | (x6 >>> 25);

    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 16) | (x13 >>> 16);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 12) | (x7 >>> 20);
    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 8) | (x13 >>> 24);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 7) | (x7 >>> 25);

    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 16) | (x14 >>> 16);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 12) | (x4 >>> 20);
    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 8) | (x14 >>> 24);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 7) | (x4 >>> 25);
  }
  out[0] = (x0 + i0) >>> 0;
  out[1] = (x1 + i1) >>> 0;
  out[2] = (x2 + i2) >>> 0;
  out[3] = (x3 + i3) >>> 0;
  out[4] = (x4 + i4) >>> 0;
  out[5] = (x5 + i5) >>> 0;
  out[6] = (x6 + i6) >>> 0;
  out[7] = (x7 + i7) >>> 0;
  out[8] = (x8 + i8) >>> 0;
  out[9] = (x9 + i9) >>> 0;
  out[10] = (x10 + i10) >>> 0;
  out[11] = (x11 + i11) >>> 0;
  out[12] = (x12 + i12) >>> 0;
  out[13] = (x13 + i13) >>> 0;
  out[14] = (x14 + i14) >>> 0;
  out[15] = (x15 + i15) >>> 0;
}

/** The next block of the holder's stream into its buffer. */
function refill(s: RngState): void {
  const b = s.block;
  chachaBlock(s.key, b >>> 0, Math.floor(b / TWO_32) >>> 0, s.stream[0], s.stream[1], ROUNDS, s.words);
  s.block = b + 1;
  s.next = 0;
}

/** A float in [0, 1) (32 random bits), advancing the holder's state. */
export function random(h: RngHolder): number {
  const s = h.rng;
  if (s.next >= BLOCK_WORDS) refill(s);
  return s.words[s.next++] / TWO_32;
}

/** An integer in [0, n). */
export function randomInt(h: RngHolder, n: number): number {
  return Math.floor(random(h) * n);
}

/** splitmix32: the i-th word of the key a numeric seed expands into. */
function splitmix32(seed: number, i: number): number {
  let z = (seed + Math.imul(i + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** The 8 key words of a seed; throws on a seed that is neither a 32-bit integer nor 64 hex digits. */
export function seedKey(seed: MatchSeed): number[] {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0xffffffff) {
      throw new Error(`a numeric seed must be a 32-bit integer, not ${seed}`);
    }
    const key: number[] = [];
    for (let i = 0; i < 8; i++) key.push(splitmix32(seed | 0, i));
    return key;
  }
  if (typeof seed !== 'string' || !HEX_KEY.test(seed)) {
    const what = typeof seed === 'string' ? `a string of ${seed.length} characters` : typeof seed;
    throw new Error(`a string seed must be 64 hexadecimal digits (a 256-bit key), not ${what}`);
  }
  // Bytes in order, 4 to a word, little-endian (as ChaCha reads a key).
  const key: number[] = [];
  for (let w = 0; w < 8; w++) {
    let v = 0;
    for (let b = 3; b >= 0; b--)
      v = v * 256 + Number.parseInt(seed.slice(w * 8 + b * 2, w * 8 + b * 2 + 2), 16);
    key.push(v);
  }
  return key;
}

/** A fresh generator: stream 0 of the seed's key, nothing drawn yet. */
export function seedState(seed: MatchSeed): RngState {
  return {
    key: seedKey(seed),
    stream: [0, 0],
    block: 0,
    words: new Array<number>(BLOCK_WORDS).fill(0),
    next: 16,
  };
}

/**
 * A seed for another purpose (role assignment, a bot) derived one way from a
 * match seed: the first 256 bits of the key's stream for that purpose, as 64
 * hex digits. The world draws from a different stream of the key, so nothing
 * drawn from a derived seed tells anything of the world's stream or the key.
 */
export function deriveSeed(seed: MatchSeed, purpose: number): string {
  const words: number[] = [];
  chachaBlock(seedKey(seed), 0, 0, purpose >>> 0, DERIVED, ROUNDS, words);
  let hex = '';
  for (let w = 0; w < 8; w++) {
    for (let b = 0; b < 4; b++) hex += ((words[w] >>> (8 * b)) & 0xff).toString(16).padStart(2, '0');
  }
  return hex;
}
