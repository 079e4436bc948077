import { describe, expect, it } from 'vitest';
import { InputPacer, type InputQueue, MAX_BACKLOG, MOVE_BANK } from '../../../server/match/InputPacer.js';
import type { PlayerInput } from '../../../shared/sim/types.js';

/** A client's input buffer as Colyseus keeps it: FIFO, the idle frame repeats the last input received. */
class Queue implements InputQueue {
  items: PlayerInput[] = [];
  consumed = 0;
  latest: PlayerInput | undefined;
  get size(): number {
    return this.items.length;
  }
  push(x: PlayerInput): void {
    this.items.push(x);
    this.latest = x;
  }
  next(): PlayerInput | undefined {
    const x = this.items.shift();
    if (!x) return this.latest;
    this.consumed++;
    return x;
  }
  take(n: number): PlayerInput[] {
    const out = this.items.splice(0, n);
    this.consumed += out.length;
    return out;
  }
}

const right = (buttons = 0): PlayerInput => ({ moveX: 1, moveY: 0, aim: 0, buttons });

/** Runs the pacer like the room does, counting the moves the server makes (the step's input and sub-moves). */
class Server {
  readonly q = new Queue();
  readonly pacer = new InputPacer();
  tick = 0;
  moves = 0;
  buttons: number[] = [];
  step(realSteps = 1): void {
    this.pacer.refill(realSteps);
    const sub: PlayerInput[] = [];
    const input = this.pacer.next(this.q, this.tick++, sub);
    this.moves += sub.length + (input && input.moveX !== 0 ? 1 : 0);
    this.buttons.push(input?.buttons ?? 0);
  }
}

describe('InputPacer: every input moves the character exactly once', () => {
  it('inputs held back by a TCP retransmission pay for the steps guessed while they were late', () => {
    const s = new Server();
    for (let i = 0; i < 10; i++) {
      s.q.push(right());
      s.step();
    }
    // A 250 ms retransmission: eight steps without input, then the eight inputs at once.
    for (let i = 0; i < 8; i++) s.step();
    expect(s.moves).toBe(s.q.consumed + 8);
    for (let i = 0; i < 9; i++) s.q.push(right());
    s.step();
    // Where the client predicted the character for the acknowledged input, to the step.
    expect(s.q.consumed).toBe(19);
    expect(s.moves).toBe(s.q.consumed);
    for (let i = 0; i < 30; i++) {
      s.q.push(right());
      s.step();
      expect(s.moves).toBe(s.q.consumed);
    }
    expect(s.pacer.pendingGuesses).toBe(0);
  });

  it('a key pressed while its inputs were held back moves as far as predicted', () => {
    const s = new Server();
    const still: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    for (let i = 0; i < 10; i++) {
      s.q.push(still);
      s.step();
    }
    // The first inputs with the key down are the ones held back: the server guessed "still" meanwhile.
    for (let i = 0; i < 8; i++) s.step();
    for (let i = 0; i < 9; i++) s.q.push(right());
    s.step();
    expect(s.q.consumed).toBe(19);
    expect(s.moves).toBe(9);
  });

  it('a backlog left by a server stall is caught up with sub-moves, none dropped', () => {
    const s = new Server();
    for (let i = 0; i < 10; i++) {
      s.q.push(right());
      s.step();
    }
    // 300 ms stall: nine inputs wait; the loop then runs five steps at once (the rest of the time is dropped).
    for (let i = 0; i < 9; i++) s.q.push(right());
    s.step(9);
    for (let i = 0; i < 4; i++) s.step(0);
    expect(s.q.consumed).toBe(19);
    expect(s.moves).toBe(19);
    expect(s.q.size).toBe(0);
  });

  it('a client sending twice the step rate moves no faster than real time and builds no lag', () => {
    const s = new Server();
    for (let i = 0; i < 300; i++) {
      s.q.push(right());
      s.q.push(right());
      s.step();
      expect(s.q.size).toBeLessThanOrEqual(MAX_BACKLOG + 1);
    }
    expect(s.moves).toBeLessThanOrEqual(300 + MOVE_BANK);
    expect(s.q.consumed).toBeGreaterThan(590 - MAX_BACKLOG - 1);
  });

  it('a button pressed in an input that is paid for or sub-moved still reaches a step', () => {
    const s = new Server();
    s.q.push(right());
    s.step();
    for (let i = 0; i < 3; i++) s.step();
    s.q.push(right());
    s.q.push(right(4));
    s.q.push(right());
    s.q.push(right());
    s.step();
    expect(s.buttons.at(-1)! & 4).toBe(4);
  });

  it('a guess whose input never comes is kept, and forgotten after a second', () => {
    const s = new Server();
    s.q.push(right());
    s.step();
    for (let i = 0; i < 5; i++) s.step();
    expect(s.pacer.pendingGuesses).toBe(5);
    for (let i = 0; i < 40; i++) {
      s.q.push(right());
      s.step();
    }
    expect(s.pacer.pendingGuesses).toBe(0);
  });
});
