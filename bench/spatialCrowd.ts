/**
 * The moving crowd of bench/spatial.ts: N entities on a square of 20·N tiles,
 * each walking at a steady speed along its heading. Every tick each entity
 * rolls the seeded RNG and, about once in two seconds, turns to a new random
 * heading; walls bounce. That is a wandering crowd without the map: positions
 * and velocities in Float64Arrays, one pass per tick, one RNG roll per entity
 * (two when it turns) — what a simulation's integration step costs, no more.
 *
 * The crowd is a pure function of its seed and the ticks it has moved: every
 * implementation the bench races moves its own crowd made from the same seed,
 * so all of them see the same positions on the same tick and their neighbour
 * totals can be checked against each other while they are timed.
 */

/**
 * The crowd's own RNG: mulberry32, a 32-bit state. The world's RNG is a
 * cipher now (shared/sim/rng.ts); this is a benchmark's workload, not a game
 * rule, and keeping the generator the bench was measured with keeps its
 * figures comparable.
 */
interface Mulberry {
  rng: number;
}

/** A float in [0, 1), advancing the state. */
function random(h: Mulberry): number {
  h.rng = (h.rng + 0x6d2b79f5) | 0;
  let t = h.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** State from any integer seed (spreads small seeds apart). */
function seedState(seed: number): number {
  let s = (seed ^ 0x9e3779b9) | 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  return (s ^ (s >>> 16)) | 0;
}

/** Tiles per tick: about 3 tiles/s at 30 steps a second, a walk. */
export const SPEED = 0.1;
/** Chance per tick that an entity turns: once in 60 ticks, two seconds at 30 steps a second. */
const TURN = 1 / 60;

export class Crowd {
  readonly side: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  private readonly vx: Float64Array;
  private readonly vy: Float64Array;
  private readonly rng: Mulberry;

  /** N entities at random places with random headings, from `seed`. */
  constructor(
    readonly n: number,
    seed: number,
  ) {
    this.side = Math.sqrt(20 * n);
    this.rng = { rng: seedState(seed) };
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.vx = new Float64Array(n);
    this.vy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.xs[i] = random(this.rng) * this.side;
      this.ys[i] = random(this.rng) * this.side;
      const a = random(this.rng) * 2 * Math.PI;
      this.vx[i] = SPEED * Math.cos(a);
      this.vy[i] = SPEED * Math.sin(a);
    }
  }

  /** One tick: every entity steps along its heading; a few turn; walls bounce. */
  move(): void {
    const { n, xs, ys, vx, vy, rng } = this;
    const hi = this.side - 1e-9;
    for (let i = 0; i < n; i++) {
      if (random(rng) < TURN) {
        const a = random(rng) * 2 * Math.PI;
        vx[i] = SPEED * Math.cos(a);
        vy[i] = SPEED * Math.sin(a);
      }
      let x = xs[i] + vx[i];
      if (!(x >= 0 && x <= hi)) {
        x = x < 0 ? 0 : hi;
        vx[i] = -vx[i];
      }
      xs[i] = x;
      let y = ys[i] + vy[i];
      if (!(y >= 0 && y <= hi)) {
        y = y < 0 ? 0 : hi;
        vy[i] = -vy[i];
      }
      ys[i] = y;
    }
  }
}
