import { type RngHolder, random } from '../sim/rng.js';
import { BOT_ESCORT, BOT_HUNTER } from '../tuning.js';
import type { BotDifficulty } from './difficulty.js';

/**
 * Human limits for bots: a person sees a thing and acts on it a moment
 * later, aims with a hand that trails a moving mark and shakes more at
 * range and on the run, and does not pull the trigger on the very frame the
 * weapon is ready. The numbers per difficulty are in shared/tuning.ts
 * ({@link BOT_ESCORT}, {@link BOT_HUNTER}); every draw comes from the bot's
 * own seeded RNG, so a match of bots stays deterministic.
 */

/** How well the hunter bot plays: a difficulty, or a stand-in for a person new to the role. */
export const HUNTER_SKILLS = ['easy', 'normal', 'hard', 'newcomer'] as const;
export type HunterSkill = (typeof HUNTER_SKILLS)[number];

export const isHunterSkill = (v: unknown): v is HunterSkill =>
  typeof v === 'string' && (HUNTER_SKILLS as readonly string[]).includes(v);

export interface Span {
  readonly min: number;
  readonly spread: number;
}

export interface AimLimits {
  readonly base: number;
  readonly perTile: number;
  readonly perSpeed: number;
  readonly selfSpeed: number;
  readonly lag: number;
}

export interface EscortLimits {
  readonly reaction: Span;
  readonly aim: AimLimits;
  readonly cadence: Span;
  readonly attention: {
    readonly speedTell: number;
    readonly suspectAfter: number;
    readonly shootSuspects: boolean;
  };
  readonly lethalWalk: number;
}

export interface HunterLimits {
  readonly reaction: Span;
  readonly cadence: Span;
  readonly lead: number;
  readonly aimError: number;
  readonly liquid: boolean;
  readonly disguisePace: boolean;
  readonly steelWary: boolean;
  readonly steelDodge: boolean;
}

const ESCORT: Record<BotDifficulty, EscortLimits> = BOT_ESCORT;
const HUNTER: Record<HunterSkill, HunterLimits> = BOT_HUNTER;

export const escortLimits = (d: BotDifficulty): EscortLimits => ESCORT[d];
export const hunterLimits = (s: HunterSkill): HunterLimits => HUNTER[s];

/** A draw of `min` plus a random share of `spread`. */
export const drawSpan = (rng: RngHolder, s: Span): number => s.min + random(rng) * s.spread;

/** A standard normal draw (the sum of four uniforms, scaled: close enough, and bounded). */
export function normal(rng: RngHolder): number {
  return (random(rng) + random(rng) + random(rng) + random(rng) - 2) * Math.sqrt(3);
}

const RAD = Math.PI / 180;

/**
 * The standard deviation (radians) of a shot's angle: grows with the
 * distance, with the target's speed across the line of fire and with the
 * shooter's own speed.
 */
export function aimSpread(a: AimLimits, dist: number, crossSpeed: number, selfSpeed: number): number {
  return (a.base + a.perTile * dist + a.perSpeed * Math.abs(crossSpeed) + a.selfSpeed * selfSpeed) * RAD;
}

export interface Mover {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * The angle a person would fire at: toward where the target was `lag`
 * seconds ago, off by a normal draw of {@link aimSpread}.
 */
export function humanAim(rng: RngHolder, a: AimLimits, shooter: Mover, target: Mover): number {
  const tx = target.x - target.vx * a.lag;
  const ty = target.y - target.vy * a.lag;
  const dx = tx - shooter.x;
  const dy = ty - shooter.y;
  const d = Math.hypot(dx, dy);
  const cross = d > 1e-6 ? (target.vx * -dy + target.vy * dx) / d : 0;
  const self = Math.hypot(shooter.vx, shooter.vy);
  return Math.atan2(dy, dx) + normal(rng) * aimSpread(a, d, cross, self);
}

/**
 * A reaction time per sighting: `ready(key, now)` is false until the thing
 * named `key` has been seen without a break for the drawn reaction time. A
 * new key (another target, another look after a disguise breaks) or a break
 * (a step without `ready`/`see` for it) starts a new sighting and a new draw.
 */
export class Reaction {
  private key: number | string | null = null;
  private since = 0;
  private delay = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rng: RngHolder,
    private readonly span: Span,
    /** Seconds without a sighting that count as a break. */
    private readonly gap = 0.15,
  ) {}

  /** Note that `key` is seen now; true once seen for the reaction time. */
  ready(key: number | string, now: number): boolean {
    if (key !== this.key || now - this.lastAt > this.gap) {
      this.key = key;
      this.since = now;
      this.delay = drawSpan(this.rng, this.span);
    }
    this.lastAt = now;
    return now - this.since >= this.delay - 1e-9;
  }

  /** Forget the sighting (the thing is gone). */
  clear(): void {
    this.key = null;
  }
}

/**
 * Reaction times for many things at once (each escort in the hunter's
 * sight): {@link Reaction} per key, forgotten after a break of `gap` seconds.
 */
export class Reactions {
  private readonly seen = new Map<number, { since: number; delay: number; last: number }>();

  constructor(
    private readonly rng: RngHolder,
    private readonly span: Span,
    private readonly gap = 0.15,
  ) {}

  /** Note that `key` is seen now (call every think for all in sight); true once seen for its reaction time. */
  see(key: number, now: number): boolean {
    let s = this.seen.get(key);
    if (!s || now - s.last > this.gap) {
      s = { since: now, delay: drawSpan(this.rng, this.span), last: now };
      this.seen.set(key, s);
    }
    s.last = now;
    return now - s.since >= s.delay - 1e-9;
  }

  /** Whether `key` was seen for its reaction time, as of the last {@link see}. */
  ready(key: number, now: number): boolean {
    const s = this.seen.get(key);
    return s !== undefined && now - s.last <= this.gap && now - s.since >= s.delay - 1e-9;
  }
}

/**
 * A trigger finger: once the weapon is ready and the bot wants to fire, it
 * fires a drawn moment later, not on the first possible frame.
 */
export class Trigger {
  private armedAt = Number.NaN;
  private delay = 0;

  constructor(
    private readonly rng: RngHolder,
    private readonly span: Span,
  ) {}

  /** Call when the weapon is ready and the bot wants to fire: true when the finger pulls. */
  pull(now: number): boolean {
    if (Number.isNaN(this.armedAt) || now - this.armedAt > 1) {
      this.armedAt = now;
      this.delay = drawSpan(this.rng, this.span);
    }
    if (now - this.armedAt < this.delay - 1e-9) return false;
    this.armedAt = Number.NaN;
    return true;
  }

  /** The bot no longer wants to fire. */
  release(): void {
    this.armedAt = Number.NaN;
  }
}

/** Escort limits of a machine: the bots before human limits (instant aim and trigger; tests and "before" figures). */
export const MACHINE_ESCORT: EscortLimits = {
  reaction: { min: 0.2, spread: 0 },
  aim: { base: 0, perTile: 0, perSpeed: 0, selfSpeed: 0, lag: 0 },
  cadence: { min: 0, spread: 0 },
  attention: { speedTell: 0, suspectAfter: 0.35, shootSuspects: true },
  lethalWalk: 5,
};

/** Hunter limits of a machine: the hunter bot before human limits. */
export const MACHINE_HUNTER: HunterLimits = {
  reaction: { min: 0, spread: 0 },
  cadence: { min: 0, spread: 0 },
  lead: 1,
  aimError: 0,
  liquid: true,
  disguisePace: true,
  steelWary: true,
  steelDodge: true,
};
