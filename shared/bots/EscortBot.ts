import { inRect } from '../map/grid.js';
import type { Vec2 } from '../map/types.js';
import { type EscortRole, isGunnerRole } from '../roles.js';
import { isArmed, isPresent } from '../sim/entity.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import { type MatchSeed, type RngHolder, randomInt, seedState } from '../sim/rng.js';
import { Button, type PlayerInput } from '../sim/types.js';
import { INTERACT, MILL, REVIVE, SHOTGUN } from '../tuning.js';
import { type BotDifficulty, DEFAULT_DIFFICULTY } from './difficulty.js';
import { EscortLegs, nearest, REACH } from './EscortLegs.js';
import { crateJob, fleeDirection, noFateWalk } from './escortMoves.js';
import { inShot, lethalFrom, lethalSpot, weapon } from './gunnery.js';
import { type EscortLimits, escortLimits, humanAim, Reaction, Trigger } from './human.js';
import { mapInfo } from './mapInfo.js';
import { Navigator } from './Navigator.js';
import { Pace, THINK_EVERY } from './Pace.js';
import { teamOf } from './Team.js';
import type { Threat } from './TeamView.js';
import type { Job } from './teamPlan.js';

/**
 * An escort bot (John, Sarah, the T-800 or Dyson). Each step: see the team
 * and the hunter, re-plan the team's split of the work a couple of times a
 * second (or at once when a door opens, an objective falls or someone goes
 * down), shoot if armed and it pays, flee if John is the one threatened,
 * and otherwise walk its job: open, plant, wipe, revive, guard, extract.
 */

/** A threat this near the bot or John makes it think every step. */
const HOT_RANGE = 8;

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
/** A blade wind-up in sight: time to think every step. Shared by a team's bots per tick. */
let alarmSeen: readonly SeenEntity[] | null = null;
let alarmValue = false;
function alarmed(p: Perception): boolean {
  if (p.seen !== alarmSeen) {
    alarmSeen = p.seen;
    alarmValue = false;
    for (const e of p.seen) if (e.windup) alarmValue = true;
  }
  return alarmValue;
}

export class EscortBot extends EscortLegs {
  private lethal: Vec2 | null = null;
  private lethalAt = Number.NEGATIVE_INFINITY;
  private noFate = false;
  /** What the last full think decided (for logs and tests). */
  note = '';
  private hot = false;
  private crate = false;
  private crateAt = Number.NEGATIVE_INFINITY;
  private readonly pace: Pace;
  private readonly rng: RngHolder;
  /** Human limits (shared/tuning.ts BOT_ESCORT). */
  readonly limits: EscortLimits;
  /** This bot's own reaction to the hunter in sight, and to a wind-up. */
  private readonly sight: Reaction;
  private readonly windupSight: Reaction;
  private readonly trigger: Trigger;
  /** This think: the hunter seen long enough to act on it, and its wind-up. */
  private noticed = false;
  private windupNoticed = false;

  /** `difficulty`: a level of shared/tuning.ts BOT_ESCORT, or limits of its own (tests, measurements). */
  constructor(
    role: EscortRole,
    seed: MatchSeed,
    difficulty: BotDifficulty | EscortLimits = DEFAULT_DIFFICULTY,
  ) {
    const rng = { rng: seedState(seed) };
    super(role, new Navigator(rng));
    this.rng = rng;
    this.pace = new Pace(randomInt(rng, THINK_EVERY));
    this.limits = typeof difficulty === 'string' ? escortLimits(difficulty) : difficulty;
    this.sight = new Reaction(rng, this.limits.reaction);
    this.windupSight = new Reaction(rng, this.limits.reaction);
    this.trigger = new Trigger(rng, this.limits.cadence);
  }

  think(p: Perception): PlayerInput {
    const self = p.self;
    if (!self || !isPresent(self)) return { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    const team = teamOf(p, this.limits.attention);
    team.hear(p);
    for (const ev of p.events) {
      // The escort won and not by extraction: the hunter is in the steel.
      if (ev.type === 'end' && ev.value === 1 && p.objectives.extraction < MILL.extractionSeconds)
        this.noFate = true;
    }
    if (this.pace.skip(p, this.hot || alarmed(p))) return this.pace.repeat();
    const input: PlayerInput = { moveX: 0, moveY: 0, aim: self.facing, buttons: 0 };
    this.input = input;
    this.p = p;
    this.self = self;
    this.nav.begin(p);
    team.update(p, this.nav);
    this.team = team.view;
    this.plan = team.plan;
    const near = this.team.recentThreat(p.time, 0.5, true);
    const john = this.mates.john ?? self;
    this.hot = near !== null && Math.min(dist(near, self), dist(near, john)) < HOT_RANGE;
    this.pace.remember(input);
    if (this.noFate && this.role === 't800') {
      if (noFateWalk(this.nav, p, self)) this.nav.move(self.x, self.y, input);
      return input;
    }
    if (self.stun > 0) return input;
    if (self.life === 'downed') {
      this.crawl();
      return input;
    }
    const threat = this.team.recentThreat(p.time, 0.25, true);
    this.notice(threat);
    this.shoot(threat);
    if (this.evade(threat)) {
      this.note = 'evade';
      return input;
    }
    let job: Job = this.plan[this.role] ?? { kind: 'follow' };
    if (this.role === 't800' && self.ammo < SHOTGUN.shells) {
      if (p.time - this.crateAt >= 1) {
        this.crateAt = p.time;
        this.crate = crateJob(this.nav, p, self, this.team, job).kind === 'crate';
      }
      if (this.crate && job.kind !== 'revive') job = { kind: 'crate' };
    }
    this.note = job.kind;
    this.work(job, threat);
    return input;
  }

  private work(job: Job, threat: Threat | null): void {
    const p = this.p;
    const s = this.self;
    const john = this.mates.john;
    switch (job.kind) {
      case 'door':
        this.useDoor(job.door);
        return;
      case 'plant':
        this.interactAt(p.map.chip.x, p.map.chip.y, REACH);
        return;
      case 'wipe':
        this.interactAt(p.map.terminals[job.index].x, p.map.terminals[job.index].y, REACH);
        return;
      case 'revive': {
        const m = this.mates[job.role];
        if (m) {
          if (this.goTo(m.x, m.y, REVIVE.range - 0.3, true)) this.input.buttons |= Button.Interact;
          else if (job.role === 'john' && Math.hypot(m.x - s.x, m.y - s.y) > 4)
            this.input.buttons |= Button.Sprint;
        }
        return;
      }
      case 'exit': {
        const info = mapInfo(p.map);
        if (info.hospitalExit.length === 0) {
          this.stayWithJohn(threat);
          return;
        }
        const f = this.nav.fieldFor('hospital-exit', info.hospitalExit);
        const d = this.nav.distOn(f, s.x, s.y);
        // Out: John waits there for Sarah; the others keep by John.
        if (d === 0) {
          if (this.role !== 'john') this.stayWithJohn(threat);
          return;
        }
        if (this.role === 'john' && this.waitForGuards(threat)) return;
        if (this.nav.steerOn(f, s.x, s.y)) this.nav.move(s.x, s.y, this.input);
        else {
          const goal = nearest(info.hospitalExit, s.x, s.y);
          this.goTo(goal.x, goal.y, 0.5);
        }
        return;
      }
      case 'crate': {
        const crates = p.map.crates;
        const f = this.nav.fieldFor('crates', crates);
        const c = nearest(crates, s.x, s.y);
        if (Math.hypot(c.x - s.x, c.y - s.y) <= INTERACT.crateRange - 0.15)
          this.input.buttons |= Button.Interact;
        else if (Math.hypot(c.x - s.x, c.y - s.y) < 3) this.goTo(c.x, c.y, INTERACT.crateRange - 0.15);
        else if (this.nav.steerOn(f, s.x, s.y)) this.nav.move(s.x, s.y, this.input);
        return;
      }
      case 'extract': {
        const spot = mapInfo(p.map).extractionSpot;
        if (inRect(p.map.extraction, s.x, s.y) && Math.hypot(spot.x - s.x, spot.y - s.y) < 0.4) return;
        if (!inRect(p.map.extraction, s.x, s.y) && this.waitForGuards(threat)) return;
        this.goTo(spot.x, spot.y, 0.3);
        return;
      }
      case 'hold':
        if (this.role === 'john' && this.waitForGuards(threat)) return;
        this.goTo(job.x, job.y, 1.5, true);
        return;
      case 'guard':
        this.guard(threat);
        return;
      case 'follow':
        if (this.role === 'john' || !john) this.stayWithJohn(threat);
        else this.goTo(john.x, john.y, 2.2, true);
        return;
    }
  }

  /** Stand between John and the hunter, or where a shot would put it in the steel. */
  private guard(threat: Threat | null): void {
    const s = this.self;
    const john = this.mates.john;
    if (!john) return;
    if (threat && !threat.suspect && isArmed(s) && isGunnerRole(this.role)) {
      if (this.p.time - this.lethalAt > 0.3) {
        this.lethalAt = this.p.time;
        this.lethal = lethalSpot(
          this.nav,
          this.p.map,
          this.p.tiles,
          s.x,
          s.y,
          threat,
          this.role,
          this.limits.lethalWalk,
        );
      }
      if (this.lethal) {
        this.goTo(this.lethal.x, this.lethal.y, 0.3, true);
        return;
      }
    }
    const far = Math.hypot(john.x - s.x, john.y - s.y);
    if (threat) {
      const dx = threat.x - john.x;
      const dy = threat.y - john.y;
      const d = Math.hypot(dx, dy) || 1;
      const k = Math.min(1.8, d / 2);
      const gx = john.x + (dx / d) * k;
      const gy = john.y + (dy / d) * k;
      if (this.nav.clearLine(gx, gy, gx, gy)) this.goTo(gx, gy, 0.4, true);
      else this.goTo(john.x, john.y, 1.2, true);
      if (far > 4) this.input.buttons |= Button.Sprint;
      return;
    }
    this.goTo(john.x, john.y, 2.2, true);
  }

  /**
   * This bot's own reaction: the hunter (in this look, suspected or certain)
   * and its wind-up count only once seen for the bot's reaction time.
   */
  private notice(threat: Threat | null): void {
    const now = this.p.time;
    this.noticed =
      threat?.visible === true && this.sight.ready(threat.publicId * 2 + (threat.suspect ? 1 : 0), now);
    this.windupNoticed =
      threat?.visible === true && threat.windup && this.windupSight.ready(threat.publicId, now);
  }

  /** Sarah and the T-800 fire at the hunter when a shot would land and is worth its shell. */
  private shoot(threat: Threat | null): void {
    if (!this.wantsToShoot(threat)) {
      this.trigger.release();
      return;
    }
    const t = threat as Threat;
    const s = this.self;
    this.input.aim = Math.atan2(t.y - s.y, t.x - s.x);
    if (s.cooldown > 0 || !this.trigger.pull(this.p.time)) return;
    this.input.aim = humanAim(this.rng, this.limits.aim, s, t);
    this.input.buttons |= Button.Primary;
  }

  /** Whether a shot now would land and is worth its shell (as far as this bot can tell). */
  private wantsToShoot(threat: Threat | null): boolean {
    if (!threat?.visible || !this.noticed || !isGunnerRole(this.role)) return false;
    // Attention: a disguise it has not seen change or strike fools it, however it behaves.
    if (threat.suspect && !this.limits.attention.shootSuspects) return false;
    const s = this.self;
    const p = this.p;
    if (!isArmed(s)) return false;
    const { range, knock } = weapon(this.role);
    if (!inShot(p.map, p.tiles, s.x, s.y, threat, range)) return false;
    const d = Math.hypot(threat.x - s.x, threat.y - s.y);
    const john = this.mates.john;
    const nearJohn = john ? Math.hypot(threat.x - john.x, threat.y - john.y) : 99;
    const lethal = lethalFrom(p.map, p.tiles, s.x, s.y, threat, knock);
    let fire: boolean;
    if (this.role === 'sarah') fire = !threat.suspect || nearJohn < 2.5 || d < 2;
    else if (threat.suspect)
      fire = false; // shells are few: suspects are Sarah's
    else fire = lethal || (!threat.stunned && (d <= 5 || nearJohn < 4 || this.windupNoticed));
    return fire;
  }

  /** John (and Dyson) run from a hunter closing in: away from it, toward cover, never into steel. */
  private evade(threat: Threat | null): boolean {
    if (!threat || !this.noticed || isGunnerRole(this.role) || threat.stunned) return false;
    const s = this.self;
    const dx = s.x - threat.x;
    const dy = s.y - threat.y;
    const d = Math.hypot(dx, dy);
    const closing = d > 1e-3 ? (threat.vx * dx + threat.vy * dy) / d : 0;
    const danger = this.windupNoticed || d < 2.2 || (d < 4.5 && closing > 0.5);
    if (!danger || (threat.suspect && d > 2.5) || (threat.liquid && d > 2.5 && closing <= 0.5)) return false;
    const g = this.nearestGuard();
    if (!fleeDirection(this.nav, this.p, s, threat, g, this.nav.dir)) return false;
    this.nav.move(s.x, s.y, this.input);
    if (d < 4) this.input.buttons |= Button.Sprint;
    return true;
  }
}
