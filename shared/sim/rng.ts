/**
 * The world's seeded RNG (mulberry32). Its whole state is one uint32 kept in
 * the world, so a serialised world resumes the same sequence.
 */
export interface RngHolder {
  rng: number;
}

/** A float in [0, 1), advancing the holder's state. */
export function random(h: RngHolder): number {
  h.rng = (h.rng + 0x6d2b79f5) | 0;
  let t = h.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An integer in [0, n). */
export function randomInt(h: RngHolder, n: number): number {
  return Math.floor(random(h) * n);
}

/** A float in [a, b). */
export function randomRange(h: RngHolder, a: number, b: number): number {
  return a + (b - a) * random(h);
}

/** Seed state from any integer seed (spreads small seeds apart). */
export function seedState(seed: number): number {
  let s = (seed ^ 0x9e3779b9) | 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  return (s ^ (s >>> 16)) | 0;
}
