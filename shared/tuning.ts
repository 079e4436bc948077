/**
 * Every gameplay number, in one place: those of GAME.md and the smaller
 * rules the simulation keeps (NPC walking, reaches, waits). Distances are in tiles,
 * times in seconds, speeds in tiles per second. Options a host may change per
 * match are in {@link MatchOptions}; everything else is fixed for all matches.
 */

/** Simulation rate: steps per second. The server steps at this rate. */
export const TICK_HZ = 30;
/** Length of one simulation step in seconds. */
export const DT = 1 / TICK_HZ;

export const ENTITY_RADIUS = 0.35;

export const SPEED = {
  t1000: 5.2,
  t1000Liquid: 2.6,
  john: 4.6,
  sarah: 4.8,
  t800: 4.3,
  dyson: 4.0,
  police: 3.2,
  guard: 3.0,
  civilian: 2.2,
  civilianScatter: 4.2,
  downedCrawl: 0.8,
} as const;

/** Blade hits that take each escort from healthy to downed. */
export const HITS_TO_DOWN = { john: 2, sarah: 2, t800: 4, dyson: 2 } as const;

export const SPRINT = { boost: 0.45, duration: 2.5, recharge: 8 } as const;

export const REVIVE = { time: 4, range: 1.2 } as const;
export const DOWNED = { bleedOut: 45 } as const;

export const BLADE = { windup: 0.4, range: 1.4, arcDeg: 100, cooldown: 1.2 } as const;

export const MIMIC = { range: 1.0, duration: 45, cooldown: 10 } as const;

export const LIQUID = { morph: 0.6, revealRange: 2.5 } as const;

export const SHOTGUN = {
  coneDeg: 20,
  range: 7,
  cooldown: 1.6,
  shells: 8,
  stun: 1.5,
  knockback: 2.9,
} as const;

export const PISTOL = {
  range: 9,
  cooldown: 1.2,
  stun: 0.6,
  knockback: 1.0,
  /** A ray grazing the T-1000's circle by this much still hits (aiming with a mouse is coarse). */
  aimTolerance: 0.15,
} as const;

/**
 * No stun-lock: a stun is never renewed or extended, and once it has ended
 * shots cannot stun the T-1000 again for this many seconds (they still knock
 * it back and unmask it).
 */
export const STUN = { immunity: 2 } as const;

/** Knockback is applied as a slide over this many seconds (so walls stop it). */
export const KNOCKBACK_TIME = 0.25;

export const TERMINATE = { time: 2, range: 0.9 } as const;

/** Interaction channel times (seconds) and reach (tiles). */
export const INTERACT = {
  range: 1.3,
  hackDoor: 6,
  hackVault: 6,
  lockPick: 20,
  plant: 60,
  wipe: 40,
  /** Sarah's interactions take this share of the normal time. */
  sarahFactor: 0.6,
  /** Sarah counts as freed when her cell opens while she is within this many tiles of it (nearest door tile centre). */
  sarahFreedRange: 3,
  /** An ammo crate is in reach within √(crateRange² + crateSlack²) tiles of its centre. */
  crateRange: 1.0,
  crateSlack: 0.5,
} as const;

/** Document terminals on every map; act 2 asks for all of them. */
export const TERMINAL_COUNT = 3;

export const VISION = {
  escortRadius: 10,
  hunterRadius: 11,
  alarmReveal: 5,
} as const;

export const ALARM = { duration: 45, guardSight: 7 } as const;

export const POLICE = { slow: 0.5, slowTime: 2, touchRange: 0.8 } as const;

/** How every NPC walks: arrival, steering and how often police and guards look around. */
export const NPC = {
  /** Within this many tiles of its goal an NPC has arrived. */
  arrive: 0.4,
  /** Within this many tiles of its goal an NPC heads straight for it every step. */
  straightRange: 2,
  /** Seconds between two reads of the path field by one NPC (staggered by id). */
  steerEvery: 0.4,
  /** Touch and sighting checks per second by one police officer or guard (staggered by id). */
  watchHz: 10,
} as const;

/**
 * Police and guards on their routes. A wait is `min` plus a random share of
 * `spread` seconds: at each waypoint of a route, or at a post (a route of one
 * point). At the start each waits a random share of `startWait`.
 */
export const PATROL = {
  waypointWait: { min: 0.5, spread: 1 },
  postWait: { min: 2, spread: 3 },
  startWait: 2,
} as const;

/**
 * Civilians scatter from shots heard within `scatterHearing` tiles for
 * `scatterTime` seconds, wait a random share of twice `wanderPause` at each
 * stop and pick the next among the `nearPois` nearest points of interest. They
 * start within a square of side `spawnSpread` tiles around a point of
 * interest, each waiting a random share of `startWait` seconds.
 */
export const CIVILIAN = {
  scatterTime: 4,
  scatterHearing: 12,
  wanderPause: 3,
  nearPois: 6,
  spawnSpread: 3,
  startWait: 4,
} as const;

export const MILL = { extractionSeconds: 480, noFateWindow: 20 } as const;

/**
 * Bots' human limits per difficulty (★ easy / normal / hard; quick play is
 * normal), read by shared/bots/human.ts. Every draw comes from the bot's own
 * seeded RNG. Times in seconds, angles in degrees (one standard deviation).
 *
 * - `reaction`: a bot acts on something newly seen (a target appearing, a
 *   disguise broken, a wind-up) only `min` + a random share of `spread`
 *   seconds later.
 * - `aim`: the shot's angle is off by a normal draw whose deviation is
 *   `base` + `perTile` × distance + `perSpeed` × the target's speed across
 *   the line of fire + `selfSpeed` × the shooter's own speed; and the bot
 *   aims where the target was `lag` seconds ago (a hand following a mark).
 * - `cadence`: once the weapon is ready, the trigger is pulled `min` + a
 *   random share of `spread` seconds later, never on the first frame.
 * - `attention`: a passer-by too fast for its look must be seen that long
 *   before an escort is sure (`speedTell`); one that keeps closing on John
 *   becomes a suspect after `suspectAfter`; only with `shootSuspects` does a
 *   gunner fire at a suspect it has not seen change or strike.
 * - `lethalWalk`: how far (tiles) a gunner will go to stand where its shot
 *   would knock the hunter into the molten steel (a person spots such a
 *   chance only when it is close at hand).
 */
export const BOT_ESCORT = {
  easy: {
    reaction: { min: 0.5, spread: 0.35 },
    aim: { base: 3, perTile: 0.9, perSpeed: 2, selfSpeed: 1.5, lag: 0.12 },
    cadence: { min: 0.35, spread: 0.6 },
    attention: { speedTell: 1.2, suspectAfter: 1.0, shootSuspects: false },
    lethalWalk: 1.5,
  },
  normal: {
    reaction: { min: 0.32, spread: 0.25 },
    aim: { base: 2, perTile: 0.6, perSpeed: 1.3, selfSpeed: 1, lag: 0.08 },
    cadence: { min: 0.2, spread: 0.4 },
    attention: { speedTell: 0.6, suspectAfter: 0.6, shootSuspects: false },
    lethalWalk: 3.5,
  },
  hard: {
    reaction: { min: 0.2, spread: 0.12 },
    aim: { base: 1, perTile: 0.3, perSpeed: 0.6, selfSpeed: 0.5, lag: 0.04 },
    cadence: { min: 0.08, spread: 0.15 },
    attention: { speedTell: 0.3, suspectAfter: 0.35, shootSuspects: true },
    lethalWalk: 5,
  },
} as const;

/**
 * The hunter bot's limits: `reaction` and `cadence` as for the escorts (an
 * escort newly in reach; the blade after its cooldown); `lead` is the share
 * of a target's movement over the wind-up it aims ahead by, `aimError` the
 * blade's angle error. `newcomer` is a stand-in for a person new to the role
 * (`npm run balance -- --hunter newcomer`): slow, no bar or door shortcuts
 * (`liquid`), no walking at its look's pace (`disguisePace`); `steelWary`:
 * it routes round the tiles beside the molten steel, `steelDodge`: it steps
 * off the steel's edge when a gunner could knock it in.
 */
export const BOT_HUNTER = {
  easy: {
    reaction: { min: 0.45, spread: 0.3 },
    cadence: { min: 0.08, spread: 0.15 },
    lead: 0.5,
    aimError: 14,
    liquid: true,
    disguisePace: true,
    steelWary: true,
    steelDodge: true,
  },
  normal: {
    reaction: { min: 0.32, spread: 0.25 },
    cadence: { min: 0.05, spread: 0.1 },
    lead: 0.8,
    aimError: 10,
    liquid: true,
    disguisePace: true,
    steelWary: true,
    steelDodge: true,
  },
  hard: {
    reaction: { min: 0.18, spread: 0.1 },
    cadence: { min: 0, spread: 0.05 },
    lead: 1,
    aimError: 4,
    liquid: true,
    disguisePace: true,
    steelWary: true,
    steelDodge: true,
  },
  newcomer: {
    reaction: { min: 0.55, spread: 0.35 },
    cadence: { min: 0.1, spread: 0.2 },
    lead: 0.5,
    aimError: 14,
    liquid: false,
    disguisePace: false,
    steelWary: true,
    steelDodge: false,
  },
} as const;

/** The options a host may set per match (★ in GAME.md). */
export interface MatchOptions {
  /** Judgment Day clock, in seconds. */
  judgmentDaySeconds: number;
  /** Police and guards in the match. */
  police: number;
  /** Civilians in the match. */
  civilians: number;
  /** Fill empty roles with bots. */
  bots: boolean;
}

export const DEFAULT_OPTIONS: Readonly<MatchOptions> = {
  judgmentDaySeconds: 15 * 60,
  police: 30,
  civilians: 120,
  bots: true,
};
