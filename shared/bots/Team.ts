import type { Perception, SeenEntity } from '../sim/perception.js';
import type { GameEvent } from '../sim/types.js';
import type { Navigator } from './Navigator.js';
import { type Attention, TeamView } from './TeamView.js';
import { type Plan, planJobs } from './teamPlan.js';

/**
 * What the escort bots of one match share. They see through the same team
 * vision, so one view of the team and the hunter, and one split of the
 * work, serve them all: the first bot to think in a step updates them.
 * Keyed by the match's tile array, which is the world's own.
 */

/** Seconds between re-plans when nothing happens (a door, an objective, a fall re-plan at once). */
const REPLAN = 0.5;
const REPLAN_EVENTS = new Set(['act', 'door', 'objective', 'downed', 'revived', 'eliminated']);

export class Team {
  readonly view: TeamView;
  plan: Plan = {};
  private planAt = Number.NEGATIVE_INFINITY;
  private seenFrom: readonly SeenEntity[] | null = null;
  private eventsFrom: readonly GameEvent[] | null = null;

  constructor(attention?: Attention) {
    this.view = new TeamView(attention);
  }

  /** Read this step's events (every step, thinking or not): some call for a new plan. */
  hear(p: Perception): void {
    if (p.events === this.eventsFrom) return;
    this.eventsFrom = p.events;
    for (const ev of p.events) if (REPLAN_EVENTS.has(ev.type)) this.planAt = Number.NEGATIVE_INFINITY;
  }

  /** Bring the view and, when due, the plan up to this step (once per step for the whole team). */
  update(p: Perception, nav: Navigator): void {
    if (p.seen !== this.seenFrom) {
      this.seenFrom = p.seen;
      this.view.update(p);
    }
    if (p.time - this.planAt >= REPLAN) {
      this.plan = planJobs(p, this.view, nav);
      this.planAt = p.time;
    }
  }
}

const teams = new WeakMap<Uint8Array, Team>();

/**
 * The team of the match this perception comes from. `attention` (the bots'
 * difficulty) is taken from the first bot to ask: a match's escort bots
 * share one difficulty.
 */
export function teamOf(p: Perception, attention?: Attention): Team {
  let t = teams.get(p.tiles);
  if (!t) {
    t = new Team(attention);
    teams.set(p.tiles, t);
  }
  return t;
}
