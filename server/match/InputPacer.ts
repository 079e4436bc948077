import type { PlayerInput } from '../../shared/sim/types.js';

/** The part of Colyseus' per-client input accessor the pacer reads. */
export interface InputQueue {
  readonly size: number;
  /** The oldest waiting input; when none waits, the idle frame (the last input again). */
  next(): PlayerInput | undefined;
  take(n: number): PlayerInput[];
}

/** Waiting inputs tolerated beyond the step's own (a small jitter buffer); older ones are acknowledged without moving. */
export const MAX_BACKLOG = 3;
/** A guessed step whose input has not arrived after this many steps is kept as it was. */
export const GUESS_MAX_AGE = 30;

/**
 * Paces one person's inputs into the fixed steps. **A character moves at
 * most one input's worth in any step**, whatever the client sends — a
 * flood, a burst after a gap, or nothing — so no client can move faster
 * than its speed allows, and the server still moves it as the client
 * predicts in the common cases:
 *
 * - A step with no input waiting repeats the last one (a held key keeps
 *   moving through a network gap) and remembers that **guess**.
 * - When the late inputs arrive (a TCP retransmission releases them in one
 *   burst), each settles one guess, oldest first, and is acknowledged
 *   without moving again: the guess already made its move. With a held key
 *   the server's position at the ack is the one the client predicted, to
 *   the bit; a key changed during the gap is corrected by the client's
 *   reconciliation.
 * - A backlog beyond {@link MAX_BACKLOG} left after that (a client sending
 *   faster than 30 a second) is acknowledged without moving, so a flood
 *   neither speeds the character up nor builds up lag.
 *
 * Buttons of every input consumed in a step are OR-ed into the step's input,
 * so no press is lost.
 */
export class InputPacer {
  /** The guessed steps not yet settled, oldest first (world ticks). */
  private readonly guessTick: number[] = [];
  private readonly merged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };

  /** The client's input stream restarted (reconnect, seat handed back): forget old guesses. */
  reset(): void {
    this.guessTick.length = 0;
  }

  /** Guessed steps still waiting for their input (for tests). */
  get pendingGuesses(): number {
    return this.guessTick.length;
  }

  /** The input for the step at world tick `tick`: the one move this step makes. */
  next(queue: InputQueue, tick: number): PlayerInput | undefined {
    while (this.guessTick.length > 0 && tick - this.guessTick[0] > GUESS_MAX_AGE) this.guessTick.shift();
    if (queue.size === 0) {
      const last = queue.next();
      if (last) this.guessTick.push(tick);
      return last;
    }
    let buttons = 0;
    // Late inputs, one for each guessed step (the newest waits for this step): their move was made.
    while (this.guessTick.length > 0 && queue.size > 1) {
      buttons |= queue.take(1)[0].buttons;
      this.guessTick.shift();
    }
    // Faster than real time: the excess is acknowledged without moving.
    if (queue.size - 1 > MAX_BACKLOG) {
      for (const x of queue.take(queue.size - 1 - MAX_BACKLOG)) buttons |= x.buttons;
    }
    const input = queue.next()!;
    if (buttons === 0) return input;
    const m = this.merged;
    m.moveX = input.moveX;
    m.moveY = input.moveY;
    m.aim = input.aim;
    m.buttons = input.buttons | buttons;
    return m;
  }
}
