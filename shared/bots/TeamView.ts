import { ESCORT_ROLES, type EscortRole, isEscortRole, type Role } from '../roles.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import { DT, SPEED } from '../tuning.js';

/**
 * What an escort bot makes of its team's vision: where each real teammate
 * is, and which seen character is the T-1000. Escorts never learn the truth
 * from the wire, so the hunter is told by what it shows (its own look, a
 * puddle, a wind-up, a stun), by ids (an "escort" that is none of the team
 * known from the start; a new face where the hunter just stood) and by
 * behaviour (a passer-by faster than its kind can walk, or one that keeps
 * walking at John).
 */

/** The hunter as last seen. */
export interface Threat {
  publicId: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
  /** Game time it was last seen. */
  seenAt: number;
  /** Seen this tick. */
  visible: boolean;
  liquid: boolean;
  windup: boolean;
  stunned: boolean;
  /** Only suspected (a passer-by closing on John), not certain. */
  suspect: boolean;
  /** Seen long enough (this sighting) for a person to have reacted: shoot or run only then. */
  noticed: boolean;
  /** A wind-up seen long enough to react to (it shows for BLADE.windup; people need about {@link REACTION}). */
  windupNoticed: boolean;
  /** Game time the current sighting and the current wind-up began. */
  since: number;
  windupSince: number;
}

/** Fastest each crowd look can move on its own. */
const NPC_MAX: Partial<Record<Role, number>> = {
  police: SPEED.police,
  guard: SPEED.guard,
  civilian: SPEED.civilianScatter,
};
const SUSPECT_RANGE = 3.2;

/**
 * How soon the team sees through a disguise by behaviour (shared/tuning.ts
 * BOT_ESCORT `attention`): a passer-by too fast for its look must be seen
 * `speedTell` seconds, one closing on John `suspectAfter` seconds.
 */
export interface Attention {
  readonly speedTell: number;
  readonly suspectAfter: number;
}
/** Without a difficulty: the sharpest eyes (what the bots had before difficulties). */
const SHARP: Attention = { speedTell: 0, suspectAfter: 0.35 };
/**
 * Seconds before a bot acts on what it just saw: a person's reaction time.
 * Bots that answered a wind-up within one step would make the blade's
 * telegraph useless, and the balance would be tuned against superhuman play.
 */
export const REACTION = 0.2;

export class TeamView {
  /** The real teammates seen this tick (the whole team always is), by role. */
  readonly mates: Partial<Record<EscortRole, SeenEntity>> = {};
  /** The hunter, seen now or remembered; null if never seen. */
  threat: Threat | null = null;
  private readonly known = new Map<number, EscortRole>();
  private started = false;
  /** Last update's seen list (perceptions are fresh arrays each tick, so it stays as it was). */
  private prevSeen: readonly SeenEntity[] = [];
  private readonly suspicion = new Map<number, number>();
  /** Seconds each passer-by has been seen moving faster than its look can. */
  private readonly tooFast = new Map<number, number>();
  private lastTime = 0;

  constructor(private readonly attention: Attention = SHARP) {}

  update(p: Perception): void {
    const dt = Math.max(0, p.time - this.lastTime) || DT;
    this.lastTime = p.time;
    if (!this.started) this.learnTeam(p);
    for (const r of ESCORT_ROLES) this.mates[r] = undefined;
    const prev = this.threat;
    let prevStillSeen = false;
    for (const e of p.seen) {
      const role = this.known.get(e.publicId);
      if (role) this.mates[role] = e;
      else if (prev && e.publicId === prev.publicId) prevStillSeen = true;
    }
    const prevSeen = this.prevSeen;
    this.prevSeen = p.seen;
    const john = this.mates.john;
    const lostNow = prev?.visible && !prevStillSeen;
    let best: SeenEntity | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    let bestSuspect = false;
    for (const e of p.seen) {
      if (this.known.has(e.publicId)) continue;
      let certain = e.role === 't1000' || isEscortRole(e.role) || e.windup || e.stunned;
      const max = NPC_MAX[e.role];
      if (!certain && max !== undefined) {
        if (e.vx * e.vx + e.vy * e.vy > (max + 0.5) ** 2) {
          const seen = (this.tooFast.get(e.publicId) ?? 0) + dt;
          this.tooFast.set(e.publicId, seen);
          if (seen >= this.attention.speedTell - 1e-6) certain = true;
        } else this.tooFast.delete(e.publicId);
      }
      if (!certain && prev) {
        if (prev.publicId === e.publicId) certain = !prev.suspect;
        else if (
          lostNow &&
          (e.x - prev.x) ** 2 + (e.y - prev.y) ** 2 < 1.5 * 1.5 &&
          !includesId(prevSeen, e.publicId)
        ) {
          // A face that appears where the hunter just vanished is the hunter's new look.
          certain = true;
        }
      }
      let suspect = false;
      // Police converging on an alarm walk at the escorts by duty, not by design.
      const duty = e.role === 'police' && p.alarm.left > 0;
      if (!certain && john && !duty) {
        const dx = john.x - e.x;
        const dy = john.y - e.y;
        const d2 = dx * dx + dy * dy;
        let s = d2 < SUSPECT_RANGE * SUSPECT_RANGE ? (this.suspicion.get(e.publicId) ?? 0) : 0;
        if (d2 < SUSPECT_RANGE * SUSPECT_RANGE) {
          const d = Math.sqrt(d2);
          const closing = d > 1e-3 ? ((e.vx - john.vx) * dx + (e.vy - john.vy) * dy) / d : 0;
          s = closing > 0.8 || d < 1.6 ? s + dt : Math.max(0, s - dt);
          if (s > 0) this.suspicion.set(e.publicId, s);
          else this.suspicion.delete(e.publicId);
        }
        suspect = s >= this.attention.suspectAfter - 1e-6;
      }
      if (!certain && !suspect) continue;
      const score = (john ? Math.hypot(john.x - e.x, john.y - e.y) : 0) + (certain ? 0 : 100);
      if (score < bestScore) {
        bestScore = score;
        best = e;
        bestSuspect = !certain;
      }
    }
    if (this.suspicion.size > 64) this.suspicion.clear();
    if (this.tooFast.size > 64) this.tooFast.clear();

    if (best) {
      if (!this.threat) this.threat = blankThreat();
      const t = this.threat;
      if (!t.visible || t.publicId !== best.publicId) t.since = p.time;
      if (best.windup && !t.windup) t.windupSince = p.time;
      t.publicId = best.publicId;
      t.x = best.x;
      t.y = best.y;
      t.vx = best.vx;
      t.vy = best.vy;
      t.seenAt = p.time;
      t.visible = true;
      t.liquid = best.liquid;
      t.windup = best.windup;
      t.stunned = best.stunned;
      t.suspect = bestSuspect;
      t.noticed = p.time - t.since >= REACTION - 1e-6;
      t.windupNoticed = t.windup && p.time - t.windupSince >= REACTION - 1e-6;
    } else if (this.threat) {
      this.threat.visible = false;
      this.threat.windup = false;
      this.threat.windupNoticed = false;
      this.threat.noticed = false;
    }
  }

  /** The hunter if seen within `seconds` (and certain, unless `suspects`), else null. */
  recentThreat(now: number, seconds: number, suspects = false): Threat | null {
    const t = this.threat;
    if (!t || now - t.seenAt > seconds || (t.suspect && !suspects)) return null;
    return t;
  }

  /** The escorts' ids are public from the start and never change; the hunter's change with each look. */
  private learnTeam(p: Perception): void {
    this.started = true;
    if (p.self && isEscortRole(p.self.role)) this.known.set(p.self.publicId, p.self.role);
    const count = new Map<Role, number>();
    for (const e of p.seen) count.set(e.role, (count.get(e.role) ?? 0) + 1);
    for (const e of p.seen) {
      // Two of one role: one is the hunter in disguise; trust neither.
      if (isEscortRole(e.role) && count.get(e.role) === 1) this.known.set(e.publicId, e.role);
    }
  }
}

function includesId(seen: readonly SeenEntity[], id: number): boolean {
  for (const e of seen) if (e.publicId === id) return true;
  return false;
}

function blankThreat(): Threat {
  return {
    publicId: -1,
    x: 0,
    y: 0,
    vx: 0,
    vy: 0,
    seenAt: Number.NEGATIVE_INFINITY,
    visible: false,
    liquid: false,
    windup: false,
    stunned: false,
    suspect: false,
    noticed: false,
    windupNoticed: false,
    since: 0,
    windupSince: 0,
  };
}
