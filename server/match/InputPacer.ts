import type { PlayerInput } from '../../shared/sim/types.js';

/** The part of Colyseus' per-client input accessor the pacer reads. */
export interface InputQueue {
  readonly size: number;
  /** The oldest waiting input; when none waits, the idle frame (the last input again). */
  next(): PlayerInput | undefined;
  take(n: number): PlayerInput[];
}

/** Waiting inputs tolerated before the extra ones are applied as sub-moves (a small jitter buffer). */
export const MAX_BACKLOG = 3;
/** Most sub-moves added to one step: a backlog drains at up to 1 + this many inputs a step. */
export const MAX_SUB_MOVES = 2;
/** Most moves (in steps) banked beyond real time: the largest burst of catch-up movement. */
export const MOVE_BANK = 10;
/** A guessed step whose input has not arrived after this many steps is kept as it was. */
export const GUESS_MAX_AGE = 30;

const moves = (x: PlayerInput): boolean => x.moveX !== 0 || x.moveY !== 0;

/**
 * Paces one person's inputs into the fixed steps so that the server moves
 * the character exactly as the client predicts it — every input's movement
 * applied once — while the ack keeps up and no client can move faster than
 * real time allows.
 *
 * - A step with no input waiting repeats the last one (a held key keeps
 *   moving through a network gap) and remembers that **guess**.
 * - When the late inputs arrive (a TCP retransmission releases them in one
 *   burst), each settles one guess, oldest first: one that asked for the
 *   guessed movement is acknowledged without moving again (the guess already
 *   made its move); one that asked for another is applied as an extra
 *   sub-move. With a held key the server's position at the ack is then the
 *   one the client predicted, to the bit; a key pressed during the gap loses
 *   nothing.
 * - A backlog beyond {@link MAX_BACKLOG} left after that (the server fell
 *   behind, e.g. a stalled event loop) is caught up with sub-moves, at most
 *   {@link MAX_SUB_MOVES} a step.
 * - Every move is paid from a bank that real time fills (one a step, at most
 *   {@link MOVE_BANK}). Past it (a client sending faster than 30 a second)
 *   the excess is acknowledged without moving, so a flood neither speeds the
 *   character up nor builds up lag.
 *
 * Buttons of every input consumed in a step are OR-ed into the step's input,
 * so no press is lost.
 */
export class InputPacer {
  /** The guessed steps not yet settled, oldest first: world tick and the axes the guess moved by. */
  private readonly guessTick: number[] = [];
  private readonly guessX: number[] = [];
  private readonly guessY: number[] = [];
  private bank = MOVE_BANK;
  private readonly merged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };

  /** Real time passed, in simulation steps (may be fractional). */
  refill(steps: number): void {
    this.bank = Math.min(MOVE_BANK, this.bank + steps);
  }

  /** The client's input stream restarted (reconnect, seat handed back): forget old guesses. */
  reset(): void {
    this.guessTick.length = 0;
    this.guessX.length = 0;
    this.guessY.length = 0;
  }

  /** Guessed steps still waiting for their input (for tests). */
  get pendingGuesses(): number {
    return this.guessTick.length;
  }

  private dropGuess(): void {
    this.guessTick.shift();
    this.guessX.shift();
    this.guessY.shift();
  }

  /**
   * The input for the step at world tick `tick`. Older inputs to apply as
   * sub-moves before the step are appended to `subMoves`, oldest first.
   */
  next(queue: InputQueue, tick: number, subMoves: PlayerInput[]): PlayerInput | undefined {
    while (this.guessTick.length > 0 && tick - this.guessTick[0] > GUESS_MAX_AGE) this.dropGuess();
    if (queue.size === 0) return this.guess(queue, tick);
    let buttons = 0;
    // Late inputs, one for each guessed step (the newest waits for this step).
    while (this.guessTick.length > 0 && queue.size > 1) {
      const [x] = queue.take(1);
      buttons |= x.buttons;
      const same = x.moveX === this.guessX[0] && x.moveY === this.guessY[0];
      this.dropGuess();
      if (!same && moves(x) && this.bank >= 2) {
        subMoves.push(x);
        this.bank -= 1;
      }
    }
    // A backlog the guesses do not explain: catch up with sub-moves while real time allows.
    let caughtUp = 0;
    while (queue.size - 1 > MAX_BACKLOG && caughtUp < MAX_SUB_MOVES && this.bank >= 2) {
      const [x] = queue.take(1);
      buttons |= x.buttons;
      if (!moves(x)) continue;
      subMoves.push(x);
      this.bank -= 1;
      caughtUp++;
    }
    // Faster than real time: the excess is acknowledged without moving.
    if (queue.size - 1 > MAX_BACKLOG && this.bank < 2) {
      for (const x of queue.take(queue.size - 1 - MAX_BACKLOG)) buttons |= x.buttons;
    }
    const input = queue.next()!;
    if (moves(input)) this.bank = Math.max(0, this.bank - 1);
    if (buttons === 0) return input;
    const m = this.merged;
    m.moveX = input.moveX;
    m.moveY = input.moveY;
    m.aim = input.aim;
    m.buttons = input.buttons | buttons;
    return m;
  }

  /** No input waiting: repeat the last one, if real time allows its move, and remember the guess. */
  private guess(queue: InputQueue, tick: number): PlayerInput | undefined {
    const last = queue.next();
    if (!last) return undefined;
    if (moves(last)) {
      if (this.bank < 1) {
        // No movement left in this second: hold still, keep aim and buttons.
        const m = this.merged;
        m.moveX = 0;
        m.moveY = 0;
        m.aim = last.aim;
        m.buttons = last.buttons;
        return m;
      }
      this.bank -= 1;
    }
    this.guessTick.push(tick);
    this.guessX.push(last.moveX);
    this.guessY.push(last.moveY);
    return last;
  }
}
