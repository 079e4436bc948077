import { DT, SPRINT } from '../../../shared/tuning.js';

/** Steps a timer set to `seconds` stays above zero when the server runs it down by DT each step. */
export function stepsAbove(seconds: number): number {
  // The same arithmetic as the simulation's timers (v > dt ? v - dt : 0), so the count is exact.
  let v = seconds;
  let n = 0;
  while (v > 0) {
    v = v > DT ? v - DT : 0;
    n++;
  }
  return n;
}

/** Steps the boost lasts: it applies on the step that starts it and while the timer is above zero. */
export const SPRINT_STEPS = stepsAbove(SPRINT.duration);
/** Steps from a start until the next sprint may start. */
export const SPRINT_COOLDOWN_STEPS = stepsAbove(SPRINT.duration + SPRINT.recharge);

/**
 * The own escort's sprint, predicted by input sequence number: the step
 * whose input starts a sprint is remembered, so a replayed input gives the
 * same boost, and the server's timers (arriving with each acknowledgement)
 * correct the prediction when the server decided otherwise.
 */
export class SprintTimeline {
  /** Input seq of the step the current or last sprint started on. */
  private start = Number.NEGATIVE_INFINITY;

  /** Whether the step of input `seq` moves with the sprint boost. */
  boosted(seq: number): boolean {
    return seq >= this.start && seq - this.start < SPRINT_STEPS;
  }

  /** Whether a sprint may start on the step of input `seq`. */
  ready(seq: number): boolean {
    return seq - this.start >= SPRINT_COOLDOWN_STEPS;
  }

  /** A live (not replayed) step of input `seq` started a sprint. */
  started(seq: number): void {
    this.start = seq;
  }

  /**
   * The server's view after it applied input `ack`: seconds of sprint and of
   * cooldown left (sent in quarter seconds). Adopts it where the prediction
   * is clearly wrong — a sprint the server refused or one the client missed.
   */
  correct(ack: number, sprintLeft: number, sprintCooldown: number): void {
    const predictedLeft = this.boosted(ack) ? (SPRINT_STEPS - (ack - this.start) - 1) * DT : 0;
    if (sprintLeft === 0 && sprintCooldown === 0 && predictedLeft > 0.25) {
      this.start = Number.NEGATIVE_INFINITY;
    } else if (sprintLeft > 0.25 && predictedLeft === 0) {
      this.start = ack - Math.round((SPRINT.duration - sprintLeft) / DT);
    } else if (sprintLeft === 0 && sprintCooldown === 0 && !this.ready(ack)) {
      // The server says a sprint is ready: trust it (the client missed a reset).
      this.start = Number.NEGATIVE_INFINITY;
    }
  }
}
