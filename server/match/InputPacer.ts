import type { PlayerInput } from '../../shared/sim/types.js';

/** The part of Colyseus' per-client input accessor the pacer reads. */
export interface InputQueue {
  readonly size: number;
  /** The oldest waiting input; when none waits, the idle frame (the last input again). */
  next(): PlayerInput | undefined;
  take(n: number): PlayerInput[];
}

/** Waiting inputs tolerated beyond the step's own and the ones owed (a small jitter buffer); older ones are acknowledged without moving. */
export const MAX_BACKLOG = 3;
/** A guessed step whose input has not arrived after this many steps is kept as it was. */
export const GUESS_MAX_AGE = 30;

/** Whether a late input asks for the move its guess made (same stick; buttons are OR-ed in anyway). */
const sameMove = (a: PlayerInput, b: PlayerInput): boolean => a.moveX === b.moveX && a.moveY === b.moveY;

/**
 * Paces one person's inputs into the fixed steps. **A character makes at
 * most two inputs' worth of movement in any step, and never more moves than
 * steps have passed**, whatever the client sends — a flood, a burst after a
 * gap, or nothing — so no client moves faster than its speed allows over
 * time, none jumps, and the server still moves it as the client predicts:
 *
 * - A step with no input waiting repeats the last one (a held key keeps
 *   moving through a network gap) and remembers that **guess**.
 * - When the late inputs arrive (a TCP retransmission releases them in one
 *   burst), each one that asks for the guessed move settles its guess and is
 *   acknowledged without moving: the guess already made its move. With a
 *   held key the server's position at the ack is the one the client
 *   predicted, to the bit.
 * - From the first late input that asks for another move (a key pressed or
 *   let go during the gap), the guesses left are **owed**: those inputs are
 *   played, in order, as one extra **catch-up** move per step before the
 *   step's own (`catchUp`), until none is owed. A key pressed during a gap
 *   so lands where the client drew it, without a pull back; a guessed move
 *   that was not wanted stays made and the client's reconciliation corrects it.
 * - A backlog beyond {@link MAX_BACKLOG} and what is owed (a client sending
 *   faster than 30 a second) is acknowledged without moving, so a flood
 *   neither speeds the character up nor builds up lag.
 *
 * Buttons of every input consumed without its own move are OR-ed into the
 * step's input, so no press is lost.
 */
export class InputPacer {
  /** The guessed steps not yet settled, oldest first (world ticks). */
  private readonly guessTick: number[] = [];
  /** What the guesses repeated. */
  private readonly guessed: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  /** Late inputs still to be played as catch-up moves. */
  private owed = 0;
  private readonly merged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  /** The catch-up move to make this step before the step's own input, if any (set by {@link next}). */
  catchUp: PlayerInput | undefined = undefined;

  /** The client's input stream restarted (reconnect, seat handed back): forget old guesses. */
  reset(): void {
    this.guessTick.length = 0;
    this.owed = 0;
    this.catchUp = undefined;
  }

  /** Guessed steps still waiting for their input (for tests). */
  get pendingGuesses(): number {
    return this.guessTick.length;
  }

  /** Late inputs still to be played as catch-up moves (for tests). */
  get owedMoves(): number {
    return this.owed;
  }

  /** The input for the step at world tick `tick`: the step's own move; {@link catchUp} is the extra one, if any. */
  next(queue: InputQueue, tick: number): PlayerInput | undefined {
    this.catchUp = undefined;
    while (this.guessTick.length > 0 && tick - this.guessTick[0] > GUESS_MAX_AGE) this.guessTick.shift();
    if (queue.size === 0) {
      this.owed = 0;
      const last = queue.next();
      if (last) {
        if (this.guessTick.length === 0) Object.assign(this.guessed, last);
        this.guessTick.push(tick);
      }
      return last;
    }
    let buttons = 0;
    // Late inputs, one for each guessed step (the newest waits for this step): the ones that ask
    // for the guessed move made it already; from the first that does not, the rest are owed.
    while (this.guessTick.length > 0 && queue.size > 1) {
      const late = queue.next()!;
      if (!sameMove(late, this.guessed)) {
        this.owed = this.guessTick.length;
        this.guessTick.length = 0;
        this.catchUp = late;
        this.owed--;
        break;
      }
      buttons |= late.buttons;
      this.guessTick.shift();
    }
    if (this.catchUp === undefined && this.owed > 0 && queue.size > 1) {
      this.catchUp = queue.next();
      this.owed--;
    }
    this.owed = Math.min(this.owed, queue.size - 1);
    if (this.catchUp) buttons |= this.catchUp.buttons;
    // Faster than real time: the excess is acknowledged without moving.
    const excess = queue.size - 1 - this.owed - MAX_BACKLOG;
    if (excess > 0) for (const x of queue.take(excess)) buttons |= x.buttons;
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
