import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GUESS_MAX_AGE,
  InputPacer,
  type InputQueue,
  MAX_BACKLOG,
  MoveQueue,
  movesOf,
} from '../../../server/match/InputPacer.js';
import { type InputFrame, InputState } from '../../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole } from '../../../shared/roles.js';
import { baseSpeed, speedFactor } from '../../../shared/sim/playerMove.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { DT } from '../../../shared/tuning.js';
import { asciiMap, ent, place, room, testWorld } from '../../shared/sim/fixtures.js';

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

/** Runs the pacer like the room does, counting the moves the server makes. */
class Server {
  readonly q = new Queue();
  readonly pacer = new InputPacer();
  tick = 0;
  moves = 0;
  buttons: number[] = [];
  /** The most moves made in one step. */
  most = 0;
  step(): void {
    const input = this.pacer.next(this.q, this.tick++);
    const n =
      (input && input.moveX !== 0 ? 1 : 0) + (this.pacer.catchUp && this.pacer.catchUp.moveX !== 0 ? 1 : 0);
    this.moves += n;
    this.most = Math.max(this.most, n);
    this.buttons.push(input?.buttons ?? 0);
  }
}

describe('InputPacer: one move a step, as the client predicts it', () => {
  it('inputs held back by a TCP retransmission settle the steps guessed while they were late', () => {
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

  it('a key pressed during a gap: the late inputs are played one extra a step, so the character ends where the client predicted, never two steps’ worth at once', () => {
    const s = new Server();
    const still: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    for (let i = 0; i < 10; i++) {
      s.q.push(still);
      s.step();
    }
    // Held back during eight steps (the server guessed "still"), then nine inputs with the key down at once.
    for (let i = 0; i < 8; i++) s.step();
    for (let i = 0; i < 9; i++) s.q.push(right());
    s.step();
    expect(s.moves).toBe(2);
    expect(s.pacer.owedMoves).toBe(7);
    // The client goes on sending one a step; the owed ones are played one extra a step.
    for (let i = 0; i < 20; i++) {
      s.q.push(right());
      s.step();
    }
    expect(s.pacer.owedMoves).toBe(0);
    expect(s.moves).toBe(s.q.consumed - 10);
    expect(s.q.size).toBe(0);
    expect(s.most).toBe(2);
  });

  it('a burst after standing still moves two steps’ worth at most, and never more than the steps that passed', () => {
    const s = new Server();
    const still: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    for (let i = 0; i < 10; i++) {
      s.q.push(still);
      s.step();
    }
    for (let i = 0; i < 8; i++) s.step();
    // A lag switch: eight steps withheld, then a hundred inputs.
    for (let i = 0; i < 100; i++) s.q.push(right());
    for (let i = 0; i < 40; i++) s.step();
    expect(s.most).toBe(2);
    // At most the 8 withheld steps and the 40 since, not 100 (the flood beyond the backlog is dropped).
    expect(s.moves).toBeLessThanOrEqual(48);
    expect(s.moves).toBeGreaterThan(40);
  });

  it('a client sending twice the step rate moves no faster than real time and builds no lag', () => {
    const s = new Server();
    for (let i = 0; i < 300; i++) {
      s.q.push(right());
      s.q.push(right());
      s.step();
      expect(s.q.size).toBeLessThanOrEqual(MAX_BACKLOG + 1);
    }
    expect(s.moves).toBe(300);
    expect(s.q.consumed).toBeGreaterThan(590 - MAX_BACKLOG - 1);
  });

  it('a button pressed in an input that settles a guess or is dropped from a backlog still reaches a step', () => {
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
    for (let i = 0; i < 8; i++) s.q.push(right(i === 0 ? 8 : 0));
    s.step();
    expect(s.buttons.at(-1)! & 8).toBe(8);
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

/** Arrivals per step: how many inputs reach the server before each step (0 = a gap, many = a burst or a flood). */
const arrivals = fc.array(
  fc.record({
    n: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 40 })),
    moveX: fc.oneof(fc.constantFrom(-1, 0, 1), fc.double({ min: -1, max: 1, noNaN: true })),
    moveY: fc.oneof(fc.constantFrom(-1, 0, 1), fc.double({ min: -1, max: 1, noNaN: true })),
    sprint: fc.boolean(),
  }),
  { minLength: 1, maxLength: 200 },
);

describe('whatever a client sends, a character never moves further in a step than its speed allows', () => {
  it('the pacer lets no backlog build past MAX_BACKLOG, so no burst is saved up for later (property)', () => {
    fc.assert(
      fc.property(arrivals, (plan) => {
        const q = new Queue();
        const pacer = new InputPacer();
        plan.forEach((a, tick) => {
          for (let i = 0; i < a.n; i++) q.push({ moveX: a.moveX, moveY: a.moveY, aim: 0, buttons: 0 });
          pacer.next(q, tick);
          expect(q.size).toBeLessThanOrEqual(MAX_BACKLOG + pacer.owedMoves);
          expect(pacer.owedMoves).toBeLessThanOrEqual(GUESS_MAX_AGE);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('in the simulation, per step, for every role, through gaps, bursts and floods (property)', () => {
    const map = asciiMap(room(40, 40));
    fc.assert(
      fc.property(fc.constantFrom<PlayerRole>(...PLAYER_ROLES), arrivals, (role, plan) => {
        const roles: PlayerRole[] =
          role === 'john' || role === 't1000' ? ['john', 't1000'] : ['john', 't1000', role];
        const w = testWorld(map, roles);
        for (const r of roles) place(w, r, r === role ? 20 : r === 'john' ? 3 : 37, r === role ? 20 : 37);
        const e = ent(w, role);
        const q = new Queue();
        const pacer = new InputPacer();
        for (const a of plan) {
          const buttons = a.sprint ? Button.Sprint : 0;
          for (let i = 0; i < a.n; i++) q.push({ moveX: a.moveX, moveY: a.moveY, aim: 0, buttons });
          const x0 = e.x;
          const y0 = e.y;
          const limit0 = baseSpeed(e) * speedFactor(e) * DT;
          const own = pacer.next(q, w.tick);
          step(w, { [role]: own }, pacer.catchUp && { [role]: pacer.catchUp });
          const limit = Math.max(limit0, baseSpeed(e) * speedFactor(e) * DT);
          // The step's own move and at most one catch-up move.
          expect(Math.hypot(e.x - x0, e.y - y0)).toBeLessThanOrEqual(2 * limit * (1 + 1e-9));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('a key pressed during a network gap', () => {
  it('leaves the character where the same inputs on time would have, once the late ones are played (what the client predicted)', () => {
    const map = asciiMap(room(40, 40));
    const onTime = testWorld(map, ['john', 't1000']);
    const late = testWorld(map, ['john', 't1000']);
    for (const w of [onTime, late]) {
      place(w, 'john', 3, 37);
      place(w, 't1000', 10, 20);
    }
    const q = new Queue();
    const pacer = new InputPacer();
    const still: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
    const inputs = [...Array.from({ length: 10 }, () => still), ...Array.from({ length: 40 }, () => right())];
    // The late world gets inputs 10..17 (the key going down) eight steps late, in one burst.
    let sent = 0;
    for (let tick = 0; tick < 70; tick++) {
      const i = tick < inputs.length ? inputs[tick] : still;
      step(onTime, { t1000: i });
      if (tick < 10 || tick >= 17) {
        while (sent <= Math.min(tick, inputs.length - 1)) q.push(inputs[sent++]);
        if (tick >= inputs.length) q.push(still);
      }
      const own = pacer.next(q, late.tick);
      step(late, { t1000: own }, pacer.catchUp && { t1000: pacer.catchUp });
    }
    expect(q.size).toBe(0);
    expect(ent(late, 't1000').x).toBe(ent(onTime, 't1000').x);
    expect(ent(late, 't1000').y).toBe(ent(onTime, 't1000').y);
    expect(ent(late, 't1000').x - 10).toBeGreaterThan(3);
  });
});

/** Colyseus' buffer of decoded frames: FIFO. */
class Frames {
  items: InputFrame[] = [];
  get size(): number {
    return this.items.length;
  }
  next(): InputFrame | undefined {
    return this.items.shift();
  }
  /** A frame of two moves (the game's client), or of one. */
  push(a: PlayerInput, b?: PlayerInput): void {
    this.items.push(b ? { ...a, second: { ...b } } : { ...a });
  }
}

describe('frames of two moves (15 a second), read as moves', () => {
  it('the schema copy of a frame of two carries the second move; a frame that never sets `moves` carries one', () => {
    const wire = new InputState() as unknown as Record<string, number> & { clone(): InputFrame };
    Object.assign(wire, { moveX: 1, moveY: 0, aim: 0.5, buttons: 1 });
    expect(wire.clone().second).toBeUndefined();
    Object.assign(wire, { moves: 2, moveX2: -1, moveY2: 0.5, aim2: 1, buttons2: 8 });
    expect(wire.clone()).toEqual({
      moveX: 1,
      moveY: 0,
      aim: 0.5,
      buttons: 1,
      second: { moveX: -1, moveY: 0.5, aim: 1, buttons: 8 },
    });
  });

  it('a MoveQueue gives the moves in order, counts them as consumed, and repeats the last one when none waits', () => {
    const f = new Frames();
    const q = new MoveQueue(f);
    expect(q.next()).toEqual({ moveX: 0, moveY: 0, aim: 0, buttons: 0 });
    expect(q.consumedCount).toBe(0);
    f.push(right(), right(2));
    f.push({ moveX: 0, moveY: 1, aim: 0, buttons: 0 });
    expect(q.size).toBe(3);
    expect(q.frameMoves).toBe(1);
    expect(q.next()).toMatchObject(right());
    expect(q.take(2).map((m) => [m.moveX, m.moveY, m.buttons])).toEqual([
      [1, 0, 2],
      [0, 1, 0],
    ]);
    expect(q.consumedCount).toBe(3);
    expect(q.next()).toMatchObject({ moveX: 0, moveY: 1 });
    expect(q.consumedCount).toBe(3);
  });

  it('the room’s input API gives one MoveQueue per connection: a new connection counts from 0', () => {
    const buffers = new Map<string, Frames>([['a', new Frames()]]);
    const api = movesOf({ get: (sid: string) => buffers.get(sid)!, tickRate: 30 });
    expect(api.tickRate).toBe(30);
    buffers.get('a')!.push(right(), right());
    const q = api.get('a') as unknown as MoveQueue;
    q.next();
    q.next();
    expect(api.get('a')).toBe(q);
    expect(q.consumedCount).toBe(2);
    buffers.set('a', new Frames());
    expect((api.get('a') as unknown as MoveQueue).consumedCount).toBe(0);
  });

  it('on time, the server plays them a step behind the client, one a step, none guessed', () => {
    const f = new Frames();
    const q = new MoveQueue(f);
    const pacer = new InputPacer();
    let moves = 0;
    for (let tick = 0; tick < 60; tick++) {
      // The client sends a frame every other step, with the move of the step before and its own.
      if (tick % 2 === 1) f.push(right(), right());
      const input = pacer.next(q, tick);
      if (input?.moveX === 1) moves++;
      expect(pacer.catchUp).toBeUndefined();
    }
    expect(moves).toBe(59);
    expect(q.consumedCount).toBe(59);
    expect(pacer.pendingGuesses).toBe(0);
  });

  it('a frame a step late: the step guessed is settled by the next frame, and the count of moves is the client’s', () => {
    const f = new Frames();
    const q = new MoveQueue(f);
    const pacer = new InputPacer();
    let moves = 0;
    for (let tick = 0; tick < 80; tick++) {
      // Frame 10 comes a step late, with frame 11 right behind it.
      if (tick % 2 === 1 && tick !== 21) f.push(right(), right());
      if (tick === 22) f.push(right(), right());
      const input = pacer.next(q, tick);
      moves += input?.moveX === 1 ? 1 : 0;
      moves += pacer.catchUp?.moveX === 1 ? 1 : 0;
    }
    expect(pacer.pendingGuesses).toBe(0);
    expect(moves).toBe(q.consumedCount);
  });

  it('whatever the frames, at most two moves a step, and never more of the client’s moves played than steps (property)', () => {
    const frames = fc.array(
      fc.record({
        n: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 20 })),
        two: fc.boolean(),
        moveX: fc.constantFrom(-1, 0, 1),
      }),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(frames, (plan) => {
        const f = new Frames();
        const q = new MoveQueue(f);
        const pacer = new InputPacer();
        let moved = 0;
        plan.forEach((a, tick) => {
          const m = { moveX: a.moveX, moveY: 0, aim: 0, buttons: 0 };
          for (let i = 0; i < a.n; i++) f.push(m, a.two ? m : undefined);
          const before = q.consumedCount;
          const own = pacer.next(q, tick);
          const guess = q.consumedCount === before;
          const ownMove = own && own.moveX !== 0 ? 1 : 0;
          const catchUp = pacer.catchUp && pacer.catchUp.moveX !== 0 ? 1 : 0;
          expect(ownMove + catchUp).toBeLessThanOrEqual(2);
          // Moves the client sent, played: a flood of frames buys no more than a move a step.
          moved += (guess ? 0 : ownMove) + catchUp;
          expect(moved).toBeLessThanOrEqual(tick + 1);
          // No backlog is saved up: what waits is the newest frame, MAX_BACKLOG and what is owed.
          expect(q.size).toBeLessThanOrEqual(2 + MAX_BACKLOG + pacer.owedMoves);
        });
      }),
      { numRuns: 300 },
    );
  });
});
