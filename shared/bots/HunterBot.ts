import { isActive, isFullyLiquid, isFullySolid, isPresent } from '../sim/entity.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import { type MatchSeed, type RngHolder, random, randomInt, seedState } from '../sim/rng.js';
import { Button, type Entity, type PlayerInput } from '../sim/types.js';
import { MILL, SPEED, TERMINATE, VISION } from '../tuning.js';
import { type BotDifficulty, DEFAULT_DIFFICULTY } from './difficulty.js';
import { HunterForm } from './HunterForm.js';
import { type HunterLimits, type HunterSkill, hunterLimits, normal, Reactions, Trigger } from './human.js';
import {
  ambushPoint,
  bladeAim,
  bladeTarget,
  exposed,
  lookSpeed,
  mimicTarget,
  nearestNpc,
  seenEscorts,
  shotCouldKill,
  stepOffTheEdge,
} from './hunterMoves.js';
import { Navigator } from './Navigator.js';
import { Pace, THINK_EVERY } from './Pace.js';

/**
 * The T-1000 bot. It hunts John: when he is open (no gunner beside him),
 * near, or about to be extracted, it closes in, in a borrowed look when a
 * passer-by is in reach, walking at that look's pace while the escorts may
 * watch, and winds up the blade when he will be in reach; it stands over
 * him when he is down. While he is guarded it shadows him out of gun range
 * and picks off an escort that strays alone. Unseen, it goes where the
 * escorts must come next and waits in the crowd. It slides through bars
 * when that is much shorter, backs off after a volley of shots, and keeps
 * off the edge of the steel when a gunner could knock it in.
 */

/** Seconds a sighting of John is worth following. */
const MEMORY = 12;
/** Escorts this near make the hunter think every step. */
const HOT_RANGE = 7;
/** A gunner this near its target covers it. */
const COVER = 5.5;
/** Where the hunter shadows a guarded John: beyond PISTOL.range, inside its own sight (VISION.hunterRadius). */
const SHADOW = 10.4;
/** Hits within this window that make it back off, and for how long. */
const VOLLEY = { hits: 2, window: 6, backOff: 6 } as const;
/** Extraction seconds after which the hunter must contest the zone whatever the guns. */
const CONTEST_AFTER = MILL.extractionSeconds * 0.45;

interface Sighting {
  x: number;
  y: number;
  vx: number;
  vy: number;
  t: number;
}

export class HunterBot {
  readonly role = 't1000' as const;
  /** What the last full think decided (for logs and tests). */
  note = '';
  private readonly rng: RngHolder;
  private readonly nav: Navigator;
  private readonly form = new HunterForm();
  private readonly pace: Pace;
  private lastJohn: Sighting | null = null;
  private ambushPick = 0;
  private ambushUntil = Number.NEGATIVE_INFINITY;
  private loiterX = 0;
  private loiterY = 0;
  private loiterUntil = Number.NEGATIVE_INFINITY;
  private heldInteract = false;
  private hot = false;
  private hits: number[] = [];
  private backOffUntil = Number.NEGATIVE_INFINITY;
  private readonly escorts: SeenEntity[] = [];
  private input: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  private p!: Perception;
  private self!: Entity;
  /** Human limits (shared/tuning.ts BOT_HUNTER). */
  readonly limits: HunterLimits;
  /** Reaction to each escort coming into sight, and the moment a swing starts. */
  private readonly sight: Reactions;
  /** The escorts in sight long enough to act on (this think). */
  private readonly noticed: SeenEntity[] = [];
  private readonly trigger: Trigger;

  /** `skill`: a level of shared/tuning.ts BOT_HUNTER, or limits of its own (tests, measurements). */
  constructor(seed: MatchSeed, skill: HunterSkill | BotDifficulty | HunterLimits = DEFAULT_DIFFICULTY) {
    this.rng = { rng: seedState(seed) };
    this.nav = new Navigator(this.rng);
    this.pace = new Pace(randomInt(this.rng, THINK_EVERY));
    this.limits = typeof skill === 'string' ? hunterLimits(skill) : skill;
    this.sight = new Reactions(this.rng, this.limits.reaction);
    this.trigger = new Trigger(this.rng, this.limits.cadence);
  }

  think(p: Perception): PlayerInput {
    const self = p.self;
    if (!self || !isPresent(self)) return { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    this.countHits(p, self);
    if (this.pace.skip(p, this.hot)) return this.pace.repeat();
    const input: PlayerInput = { moveX: 0, moveY: 0, aim: self.facing, buttons: 0 };
    this.input = input;
    this.pace.remember(input);
    this.p = p;
    this.self = self;
    this.nav.begin(p);
    seenEscorts(p, this.escorts);
    this.noticed.length = 0;
    for (const e of this.escorts) if (this.sight.see(e.publicId, p.time)) this.noticed.push(e);
    let john: SeenEntity | null = null;
    this.hot = false;
    for (const e of this.escorts) {
      if (e.trueRole === 'john') john = e;
      if (Math.hypot(e.x - self.x, e.y - self.y) < HOT_RANGE) this.hot = true;
    }
    if (john) this.lastJohn = { x: john.x, y: john.y, vx: john.vx, vy: john.vy, t: p.time };
    if (self.stun > 0) return this.done();

    const prey = john && john.life !== 'downed' ? this.prey(john) : null;
    if (john && john.life === 'downed') this.finish(john);
    else if (prey) this.attack(prey, prey === john);
    else if (john) this.shadow(john);
    else if (this.lastJohn && p.time - this.lastJohn.t < MEMORY) this.track(this.lastJohn);
    else this.ambush();
    return this.done();
  }

  /** Remember whether Interact was held, so the next mimic is a fresh press. */
  private done(): PlayerInput {
    this.heldInteract = (this.input.buttons & Button.Interact) !== 0;
    return this.input;
  }

  /** Shots that hit it; a volley makes it back off for a while. */
  private countHits(p: Perception, self: Entity): void {
    for (const ev of p.events) if (ev.type === 'shot-hit' && ev.target === self.id) this.hits.push(p.time);
    if (this.hits.length === 0) return;
    this.hits = this.hits.filter((t) => p.time - t < VOLLEY.window);
    if (this.hits.length >= VOLLEY.hits) {
      this.backOffUntil = p.time + VOLLEY.backOff;
      this.hits.length = 0;
    }
  }

  /** Whom to attack now: John when open, near or about to escape; else a lone escort nearby; else no one. */
  private prey(john: SeenEntity): SeenEntity | null {
    const p = this.p;
    const s = this.self;
    const d = Math.hypot(john.x - s.x, john.y - s.y);
    const mustContest = p.act === 3 && p.objectives.extraction >= CONTEST_AFTER;
    if (mustContest || d < 2.2) return john;
    if (p.time < this.backOffUntil) return null;
    if (exposed(p, john, COVER)) return john;
    let best: SeenEntity | null = null;
    let bd = 12;
    for (const e of this.escorts) {
      if (e === john || e.trueRole === 't800' || !isActive(e)) continue;
      const de = Math.hypot(e.x - s.x, e.y - s.y);
      if (de < bd && exposed(p, e, COVER)) {
        bd = de;
        best = e;
      }
    }
    return best;
  }

  /** Stand over downed John and hold Interact; swing at anyone reviving him. */
  private finish(john: SeenEntity): void {
    this.note = 'finish';
    const s = this.self;
    const d = Math.hypot(john.x - s.x, john.y - s.y);
    if (isFullyLiquid(s) && this.nav.clearLine(s.x, s.y, s.x, s.y)) this.input.buttons |= Button.Liquid;
    if (d <= TERMINATE.range - 0.2) this.input.buttons |= Button.Interact;
    else this.walk(john.x, john.y, true, 1, d < 4);
    this.swing(null);
  }

  private attack(target: SeenEntity, isJohn: boolean): void {
    this.note = isJohn ? 'attack-john' : `attack-${target.trueRole}`;
    const s = this.self;
    const d = Math.hypot(target.x - s.x, target.y - s.y);
    if (this.avoidSteel(target)) return;
    if (this.swing(isJohn ? target : null)) {
      // Keep closing while the blade winds up.
      this.walk(target.x, target.y, true, 1, true);
      return;
    }
    this.pressMimic(d);
    // A disguise walks at its look's pace while the escorts may see it, until the last dash.
    let speed = 1;
    if (
      this.limits.disguisePace &&
      s.mimicRole !== '' &&
      d > 2.6 &&
      Math.hypot(target.vx, target.vy) < 2.5 &&
      this.watched()
    ) {
      speed = lookSpeed(s.mimicRole) / SPEED.t1000;
    }
    const lead = Math.min(0.6, d / SPEED.t1000);
    this.walk(target.x + target.vx * lead, target.y + target.vy * lead, true, speed, d < 4);
  }

  /** Keep John in sight from beyond the guns' reach; pick up a disguise meanwhile. */
  private shadow(john: SeenEntity): void {
    this.note = 'shadow';
    const s = this.self;
    if (this.avoidSteel(john)) return;
    if (this.swing(null)) return;
    this.pressMimic(Number.POSITIVE_INFINITY);
    if (!s.liquid && s.mimicRole === '' && s.mimicCooldown <= 0) {
      const npc = nearestNpc(this.p, s, 4);
      if (npc) {
        this.walk(npc.x, npc.y, true, 1);
        return;
      }
    }
    const dx = s.x - john.x;
    const dy = s.y - john.y;
    const d = Math.hypot(dx, dy) || 1;
    if (Math.abs(d - SHADOW) < 0.5) return;
    const gx = john.x + (dx / d) * SHADOW;
    const gy = john.y + (dy / d) * SHADOW;
    const speed = s.mimicRole !== '' && this.limits.disguisePace ? lookSpeed(s.mimicRole) / SPEED.t1000 : 1;
    if (d > SHADOW || this.nav.clearLine(gx, gy, gx, gy))
      this.walk(d > SHADOW ? john.x : gx, d > SHADOW ? john.y : gy, true, speed);
  }

  /** Go where John was last seen, a little ahead along his way. */
  private track(j: Sighting): void {
    this.note = 'track';
    const s = this.self;
    const age = Math.min(2, this.p.time - j.t);
    let tx = j.x + j.vx * age;
    let ty = j.y + j.vy * age;
    if (!this.nav.clearLine(tx, ty, tx, ty)) {
      tx = j.x;
      ty = j.y;
    }
    if (Math.hypot(tx - s.x, ty - s.y) < 1) {
      this.lastJohn = null;
      return;
    }
    if (this.swing(null)) return;
    this.walk(tx, ty, true, 1);
  }

  /** Wait where the escorts must come, in the crowd's look when one is near. */
  private ambush(): void {
    this.note = 'ambush';
    const p = this.p;
    const s = this.self;
    if (p.time >= this.ambushUntil) {
      this.ambushPick = random(this.rng);
      this.ambushUntil = p.time + 10 + random(this.rng) * 10;
    }
    const spot = ambushPoint(p, this.ambushPick);
    const d = Math.hypot(spot.x - s.x, spot.y - s.y);
    if (this.swing(null)) return;
    if (this.escorts.length > 0 && this.avoidSteel(null)) return;
    this.pressMimic(Number.POSITIVE_INFINITY);
    // In act 3 it holds the zone itself; elsewhere it lingers near the spot.
    const radius = p.act === 3 ? 0.4 : 3;
    if (d > radius + 1.5) {
      this.walk(spot.x, spot.y, false, 1);
      return;
    }
    if (!s.liquid && s.mimicRole === '' && s.mimicCooldown <= 0) {
      const npc = nearestNpc(p, s, 6);
      if (npc) {
        this.walk(npc.x, npc.y, true, 1);
        return;
      }
    }
    if (p.act === 3) {
      this.walk(spot.x, spot.y, false, 1);
      return;
    }
    if (p.time >= this.loiterUntil) {
      const a = random(this.rng) * Math.PI * 2;
      const r = random(this.rng) * radius;
      this.loiterX = spot.x + Math.cos(a) * r;
      this.loiterY = spot.y + Math.sin(a) * r;
      if (!this.nav.clearLine(this.loiterX, this.loiterY, this.loiterX, this.loiterY)) {
        this.loiterX = spot.x;
        this.loiterY = spot.y;
      }
      this.loiterUntil = p.time + 3 + random(this.rng) * 4;
    }
    const speed = s.mimicRole !== '' ? lookSpeed(s.mimicRole) / SPEED.t1000 : 0.5;
    if (Math.hypot(this.loiterX - s.x, this.loiterY - s.y) > 0.4)
      this.walk(this.loiterX, this.loiterY, true, speed);
  }

  /** Steer toward (x, y) on the route the form chose, melting or reforming on the way. */
  private walk(x: number, y: number, moving: boolean, speed: number, bold = false): void {
    const s = this.self;
    // Wary: round the tiles beside the steel, unless closing for the kill or there is no other way.
    let ok = false;
    if (!bold && this.limits.steelWary) {
      this.nav.setWary(true);
      ok = this.nav.steer(s.x, s.y, x, y, this.form.mask, moving);
      this.nav.setWary(false);
    }
    if (!ok) ok = this.nav.steer(s.x, s.y, x, y, this.form.mask, moving);
    if (ok) this.nav.move(s.x, s.y, this.input, speed);
    if (!this.limits.liquid) return;
    if (this.form.update(this.nav, s, this.p.time, x, y, moving)) this.input.buttons |= Button.Liquid;
  }

  /** Whether an escort is near enough to be watching (team vision reaches VISION.escortRadius). */
  private watched(): boolean {
    const s = this.self;
    for (const e of this.escorts) if (Math.hypot(e.x - s.x, e.y - s.y) < VISION.escortRadius + 1) return true;
    return false;
  }

  /** Press Interact on a passer-by in reach (a fresh press), when far enough from John that it pays. */
  private pressMimic(johnDist: number): void {
    const s = this.self;
    if (!isFullySolid(s) || s.mimicCooldown > 0 || johnDist < 4) return;
    if (s.mimicRole !== '' && s.mimicLeft > 15) return;
    if (mimicTarget(this.p, s) && !this.heldInteract) this.input.buttons |= Button.Interact;
  }

  /**
   * Wind up the blade when an escort will be in reach as it lands, John
   * first. Returns whether a swing was started (or is winding).
   */
  private swing(john: SeenEntity | null): boolean {
    const s = this.self;
    if (s.windup > 0) return true;
    // Reaction: an escort that just came into sight is struck only once the bot has taken it in.
    const target = bladeTarget(s, this.noticed, john, this.limits.lead);
    if (!target || !isFullySolid(s) || s.cooldown > 0 || !this.trigger.pull(this.p.time)) {
      if (!target) this.trigger.release();
      return false;
    }
    const aim = bladeAim(s, this.noticed, john, this.limits.lead);
    if (aim === null) return false;
    this.input.aim = aim + normal(this.rng) * this.limits.aimError * (Math.PI / 180);
    this.input.buttons |= Button.Primary;
    return true;
  }

  /** Near the steel with a gunner in reach: step to where no shot can knock it in. */
  private avoidSteel(toward: SeenEntity | null): boolean {
    const s = this.self;
    if (!this.limits.steelDodge || !shotCouldKill(this.p, s, s.x, s.y)) return false;
    if (!stepOffTheEdge(this.nav, this.p, s, toward)) return false;
    this.nav.move(s.x, s.y, this.input);
    return true;
  }
}
