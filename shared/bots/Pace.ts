import type { Perception } from '../sim/perception.js';
import type { PlayerInput } from '../sim/types.js';
import { TICK_HZ } from '../tuning.js';

/**
 * How often a bot thinks. Walking somewhere needs a decision only a few
 * times a second (a person's reactions are slower still), so a calm bot
 * thinks every third step, on its own phase so a team's bots spread over
 * the steps, and repeats its last input in between. Repeating is safe for
 * every button: held ones stay held, and a press held over three steps is
 * still one press. A bot in a fight thinks every step.
 */
export const THINK_EVERY = 3;

export class Pace {
  private readonly phase: number;
  private last: PlayerInput | null = null;

  constructor(seed: number) {
    this.phase = ((seed % THINK_EVERY) + THINK_EVERY) % THINK_EVERY;
  }

  /** Whether to skip thinking this step (and {@link repeat} instead). */
  skip(p: Perception, urgent: boolean): boolean {
    if (urgent || !this.last) return false;
    const tick = Math.round(p.time * TICK_HZ);
    return (tick + this.phase) % THINK_EVERY !== 0;
  }

  /** Keep the input a full think produced, to repeat it. */
  remember(input: PlayerInput): void {
    this.last = input;
  }

  /** A copy of the last input (callers may keep or change what they are given). */
  repeat(): PlayerInput {
    const l = this.last as PlayerInput;
    return { moveX: l.moveX, moveY: l.moveY, aim: l.aim, buttons: l.buttons };
  }
}
