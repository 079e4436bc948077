import type { Vec2 } from '../map/types.js';
import type { EscortRole } from '../roles.js';
import { canOpenDoor } from '../sim/doors.js';
import { isActive } from '../sim/entity.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import { Button, type Entity, type PlayerInput } from '../sim/types.js';
import { INTERACT } from '../tuning.js';
import type { Navigator } from './Navigator.js';
import type { TeamView, Threat } from './TeamView.js';
import type { Plan } from './teamPlan.js';

/**
 * How an escort bot gets about: walking to a place or a moving ally, opening
 * the locked doors in its way (or one that saves a long detour), holding
 * Interact within reach, keeping by John, crawling when down. The decisions
 * of what to do live in {@link EscortBot}, built on this.
 */

/** Interact reach used by bots: a little inside the rules' reach. */
export const REACH = INTERACT.range - 0.25;
/** Tiles a door must save before John or Dyson stops to open it (about a hack's worth of walking). */
const SHORTCUT = 14;

export abstract class EscortLegs {
  readonly role: EscortRole;
  protected readonly nav: Navigator;
  protected team!: TeamView;
  protected plan: Plan = {};
  protected input: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  protected p!: Perception;
  protected self!: Entity;
  /** Walking to a door to open it (no detours to other doors on the way). */
  private opening = false;
  private shortcutKey = -1;
  private shortcutAt = Number.NEGATIVE_INFINITY;
  private shortcutDoor = -1;
  private waitedFrom = 0;

  constructor(role: EscortRole, nav: Navigator) {
    this.role = role;
    this.nav = nav;
  }

  protected get mates() {
    return this.team.mates;
  }

  /** Walk toward (x, y); true once within `arrive`. Opens (or waits at) a locked door in the way. */
  protected goTo(x: number, y: number, arrive: number, moving = false, speed = 1): boolean {
    const s = this.self;
    if (Math.hypot(x - s.x, y - s.y) <= arrive) return true;
    if (!moving && !this.opening) {
      const door = this.shortcut(x, y);
      if (door >= 0) {
        this.useDoor(door);
        return false;
      }
    }
    if (this.nav.steer(s.x, s.y, x, y, undefined, moving)) {
      this.nav.move(s.x, s.y, this.input, speed);
      return false;
    }
    const door = this.opening ? -1 : this.nav.doorInTheWay(s.x, s.y, x, y);
    if (door >= 0 && canOpenDoor(this.role, this.p.map.doors[door].kind)) {
      this.useDoor(door);
      return false;
    }
    // Someone else opens this one: wait by John.
    const john = this.mates.john;
    if (john && this.role !== 'john' && Math.hypot(john.x - s.x, john.y - s.y) > 2.5) {
      if (this.nav.steer(s.x, s.y, john.x, john.y, undefined, true)) this.nav.move(s.x, s.y, this.input);
    }
    return false;
  }

  /**
   * A locked door this bot can open that cuts the way to (x, y) by more
   * than the time opening it takes, or -1. Re-checked once a second.
   */
  protected shortcut(x: number, y: number): number {
    const s = this.self;
    const key = Math.floor(y) * this.p.map.width + Math.floor(x);
    if (key === this.shortcutKey && this.p.time - this.shortcutAt < 1) return this.shortcutDoor;
    this.shortcutKey = key;
    this.shortcutAt = this.p.time;
    this.shortcutDoor = -1;
    if (this.role !== 'john' && this.role !== 'dyson') return -1;
    const saved = this.nav.pathDist(s.x, s.y, x, y) - this.nav.openDist(s.x, s.y, x, y);
    if (saved < SHORTCUT) return -1;
    const door = this.nav.doorInTheWay(s.x, s.y, x, y);
    if (door >= 0 && canOpenDoor(this.role, this.p.map.doors[door].kind)) this.shortcutDoor = door;
    return this.shortcutDoor;
  }

  /** Walk to a point and hold Interact once within reach. */
  protected interactAt(x: number, y: number, reach: number): void {
    const s = this.self;
    // A channel under way goes on while the rules allow it: a shove from the crowd must not throw its progress away.
    if (s.action !== '' && Math.hypot(x - s.x, y - s.y) <= INTERACT.range - 0.05) {
      this.input.buttons |= Button.Interact;
      return;
    }
    if (this.goTo(x, y, reach)) this.input.buttons |= Button.Interact;
  }

  protected useDoor(id: number): void {
    const d = this.p.map.doors[id];
    const w = this.p.map.width;
    const s = this.self;
    let bx = d.x;
    let by = d.y;
    let bd = Number.POSITIVE_INFINITY;
    for (const t of d.tiles) {
      const cx = (t % w) + 0.5;
      const cy = Math.floor(t / w) + 0.5;
      const dd = (cx - s.x) ** 2 + (cy - s.y) ** 2;
      if (dd < bd) {
        bd = dd;
        bx = cx;
        by = cy;
      }
    }
    this.opening = true;
    this.interactAt(bx, by, REACH);
    this.opening = false;
  }

  /** John with nothing to do keeps near his guards; the others keep near John. */
  protected stayWithJohn(threat: Threat | null): void {
    const s = this.self;
    if (this.role !== 'john') {
      const john = this.mates.john;
      if (john) this.goTo(john.x, john.y, 2.2, true);
      return;
    }
    const g = this.nearestGuard();
    if (g && !threat && Math.hypot(g.x - s.x, g.y - s.y) > 4) this.goTo(g.x, g.y, 2.5, true);
  }

  protected nearestGuard(): SeenEntity | null {
    let best: SeenEntity | null = null;
    let bd = Number.POSITIVE_INFINITY;
    for (const r of ['t800', 'sarah'] as const) {
      const e = this.mates[r];
      if (!e || !isActive(e)) continue;
      const d = Math.hypot(e.x - this.self.x, e.y - this.self.y);
      if (d < bd) {
        bd = d;
        best = e;
      }
    }
    return best;
  }

  /**
   * John waits for a guard that is coming after him but left behind (not one
   * that is stuck, refilling or reviving), for a few seconds at a time.
   */
  protected waitForGuards(threat: Threat | null): boolean {
    const g = this.nearestGuard();
    if (!g || threat) return false;
    const job = this.plan[g.role as EscortRole];
    const escorting = job !== undefined && (job.kind === 'guard' || job.kind === 'follow');
    const d = Math.hypot(g.x - this.self.x, g.y - this.self.y);
    const wait = escorting && d > 7 && Math.hypot(g.vx, g.vy) > 1;
    if (!wait) this.waitedFrom = this.p.time;
    return wait && this.p.time - this.waitedFrom < 6;
  }

  /** Downed: crawl toward the nearest standing teammate. */
  protected crawl(): void {
    const s = this.self;
    let best: SeenEntity | null = null;
    let bd = Number.POSITIVE_INFINITY;
    for (const e of Object.values(this.mates)) {
      if (!e || e.publicId === s.publicId || !isActive(e)) continue;
      const d = Math.hypot(e.x - s.x, e.y - s.y);
      if (d < bd) {
        bd = d;
        best = e;
      }
    }
    if (best && bd > 1 && this.nav.steer(s.x, s.y, best.x, best.y, undefined, true)) {
      this.nav.move(s.x, s.y, this.input);
    }
  }
}

export function nearest(points: readonly Vec2[], x: number, y: number): Vec2 {
  let best = points[0];
  let bd = Number.POSITIVE_INFINITY;
  for (const q of points) {
    const d = (q.x - x) ** 2 + (q.y - y) ** 2;
    if (d < bd) {
      bd = d;
      best = q;
    }
  }
  return best;
}
