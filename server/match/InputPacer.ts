import type { InputFrame } from '../../shared/protocol.js';
import type { PlayerInput } from '../../shared/sim/types.js';

/** The part of Colyseus' per-client input accessor the pacer reads. */
export interface InputQueue {
  readonly size: number;
  /** The oldest waiting input; when none waits, the idle frame (the last input again). */
  next(): PlayerInput | undefined;
  take(n: number): PlayerInput[];
  /**
   * Moves the newest frame received carried (1 when absent): they arrived
   * together, so they are this step's and the next ones', not late.
   */
  readonly frameMoves?: number;
}

/** Waiting inputs tolerated beyond the step's own and the ones owed (a small jitter buffer); older ones are acknowledged without moving. */
export const MAX_BACKLOG = 3;
/** A guessed step whose input has not arrived after this many steps is kept as it was. */
export const GUESS_MAX_AGE = 30;

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
  /** What each guess repeated (the move), parallel to {@link guessTick}. */
  private readonly guessX: number[] = [];
  private readonly guessY: number[] = [];
  /** An input has come since the stream began: before it, a step without one is idle, not a guess. */
  private started = false;
  /** Late inputs still to be played as catch-up moves. */
  private owed = 0;
  private readonly merged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  /** The catch-up move to make this step before the step's own input, if any (set by {@link next}). */
  catchUp: PlayerInput | undefined = undefined;

  /** The client's input stream restarted (reconnect, seat handed back): forget old guesses. */
  reset(): void {
    this.forget(this.guessTick.length);
    this.started = false;
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
    while (this.guessTick.length > 0 && tick - this.guessTick[0] > GUESS_MAX_AGE) this.forget(1);
    if (queue.size === 0) {
      this.owed = 0;
      const last = queue.next();
      if (last && this.started) {
        this.guessTick.push(tick);
        this.guessX.push(last.moveX);
        this.guessY.push(last.moveY);
      }
      return last;
    }
    this.started = true;
    let buttons = 0;
    // The moves of the newest frame are on time (a frame of two holds the next step's move too).
    const onTime = queue.frameMoves ?? 1;
    // Late inputs, one for each guessed step (the newest frame's wait for this step): the ones that ask
    // for the guessed move made it already; from the first that does not, the rest are owed.
    while (this.guessTick.length > 0 && queue.size > onTime) {
      const late = queue.next()!;
      if (late.moveX !== this.guessX[0] || late.moveY !== this.guessY[0]) {
        this.owed = this.guessTick.length;
        this.forget(this.guessTick.length);
        this.catchUp = late;
        this.owed--;
        break;
      }
      buttons |= late.buttons;
      this.forget(1);
    }
    if (this.catchUp === undefined && this.owed > 0 && queue.size > onTime) {
      this.catchUp = queue.next();
      this.owed--;
    }
    this.owed = Math.max(0, Math.min(this.owed, queue.size - onTime));
    if (this.catchUp) buttons |= this.catchUp.buttons;
    // Faster than real time: the excess is acknowledged without moving.
    const excess = queue.size - onTime - this.owed - MAX_BACKLOG;
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

  /** Drop the `n` oldest guesses. */
  private forget(n: number): void {
    this.guessTick.splice(0, n);
    this.guessX.splice(0, n);
    this.guessY.splice(0, n);
  }
}

/** The part of Colyseus' per-client input accessor a {@link MoveQueue} reads: the decoded frames, oldest first. */
export interface FrameQueue {
  readonly size: number;
  next(): InputFrame | undefined;
}

/** Moves a {@link MoveQueue} keeps waiting at most (a flood's older moves are acknowledged without moving). */
export const MAX_WAITING_MOVES = 64;

/**
 * One client's input frames unpacked into moves, one per step: the queue the
 * {@link InputPacer} reads. A frame carries one move, or two (`second`, the
 * game's client: 15 frames a second); every frame received is unpacked at
 * once, so the pacer sees each move as it would a frame of its own.
 * `consumedCount` counts **moves** — the acknowledgement the client's
 * prediction numbers its steps by (`Private.ack`). The SDK's own ack (the
 * TIMED prefix of a patch) counts the frames taken in.
 */
export class MoveQueue implements InputQueue {
  private items: PlayerInput[] = [];
  private head = 0;
  /** The last move consumed: what a step with no move waiting repeats. */
  private last: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  /** Moves consumed since the client's stream began (played, settled or dropped). */
  consumedCount = 0;
  /** Moves of the newest frame received (see {@link InputQueue.frameMoves}). */
  frameMoves = 1;

  constructor(private readonly frames: FrameQueue) {}

  get size(): number {
    this.pull();
    return this.items.length - this.head;
  }

  /** The oldest waiting move; when none waits, the last one again (not consumed). */
  next(): PlayerInput | undefined {
    this.pull();
    if (this.head >= this.items.length) return this.last;
    const m = this.items[this.head++];
    this.consumedCount++;
    this.last = m;
    this.compact();
    return m;
  }

  take(n: number): PlayerInput[] {
    this.pull();
    const count = Math.max(0, Math.min(n, this.items.length - this.head));
    if (count === 0) return [];
    const out = this.items.slice(this.head, this.head + count);
    this.head += count;
    this.consumedCount += count;
    this.last = out[count - 1];
    this.compact();
    return out;
  }

  private pull(): void {
    const f = this.frames;
    if (f.size === 0) return;
    while (f.size > 0) {
      const frame = f.next();
      if (!frame) break;
      this.items.push(frame);
      if (frame.second) this.items.push(frame.second);
      this.frameMoves = frame.second ? 2 : 1;
    }
    const excess = this.items.length - this.head - MAX_WAITING_MOVES;
    if (excess > 0) this.take(excess);
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 32) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * The room's input API (`this.defineInput(...)`) with each client's frames
 * read as moves: `get(sessionId)` is that client's {@link MoveQueue} (a new
 * one with each new connection, as Colyseus makes a new buffer), and its
 * `consumedCount` the moves consumed. Everything else is the API as it was.
 */
export function movesOf<A extends { get(sessionId: string): unknown }>(api: A): A {
  const queues = new WeakMap<object, MoveQueue>();
  const get = (sessionId: string): MoveQueue => {
    const frames = api.get(sessionId) as FrameQueue & object;
    let q = queues.get(frames);
    if (!q) {
      q = new MoveQueue(frames);
      queues.set(frames, q);
    }
    return q;
  };
  return Object.create(api, { get: { value: get } }) as A;
}
