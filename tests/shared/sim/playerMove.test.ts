import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groundOf,
  playerMove,
  runDown,
  speedFactor,
  stepsLeft,
  timerEnd,
  timerFromEnd,
  timerOfSteps,
} from '../../../shared/sim/playerMove.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { DT, LIQUID, PISTOL, POLICE, SHOTGUN, SPRINT } from '../../../shared/tuning.js';
import { asciiMap, ent, place, room, testWorld } from './fixtures.js';

/** The movement kernel: one command moves a character as the simulation's step does, and its timers cross the wire exactly. */

describe('a whole command is the step, for a character nobody else touches', () => {
  it('playerMove on a copy gives the position, form and timers the step gives', () => {
    const map = asciiMap([
      ...room(30, 10).slice(0, 5),
      '#.....|||||.....DDDD.........#',
      ...room(30, 10).slice(6),
    ]);
    fc.assert(
      fc.property(
        fc.constantFrom('t1000', 'john', 'sarah', 't800', 'dyson' as const),
        fc.array(
          fc.record({
            moveX: fc.constantFrom(-1, 0, 0.6, 1),
            moveY: fc.constantFrom(-1, 0, 0.3, 1),
            aim: fc.constant(0),
            buttons: fc.constantFrom(0, Button.Sprint, Button.Liquid),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (role, inputs: PlayerInput[]) => {
          const w = testWorld(map, [role]);
          const other = role === 'john' ? 't1000' : 'john';
          place(w, other, 28.5, 8.5);
          const e = place(w, role, 3.5, 5.5);
          const copy = { ...e };
          for (const input of inputs) {
            step(w, { [role]: input });
            playerMove(copy, input, groundOf(w), DT);
            expect([copy.x, copy.y, copy.liquid, copy.morph, copy.sprintLeft, copy.sprintCooldown]).toEqual([
              e.x,
              e.y,
              e.liquid,
              e.morph,
              e.sprintLeft,
              e.sprintCooldown,
            ]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('speed', () => {
  it('the police slow is POLICE.slow of the speed, and stacks with a sprint', () => {
    expect(speedFactor({ sprintLeft: 0, slow: 1 })).toBe(POLICE.slow);
    expect(speedFactor({ sprintLeft: 1, slow: 1 })).toBe((1 + SPRINT.boost) * POLICE.slow);
  });

  it('a T-1000 walks at liquid speed from the melt’s start to the reform’s end', () => {
    const w = testWorld(asciiMap(room(60, 10)), ['t1000']);
    const t = place(w, 't1000', 3.5, 5.5);
    const speeds: number[] = [];
    for (let i = 0; i < 60; i++) {
      const x0 = t.x;
      step(w, { t1000: { moveX: 1, moveY: 0, aim: 0, buttons: i === 0 || i === 30 ? Button.Liquid : 0 } });
      speeds.push((t.x - x0) / DT);
    }
    expect(new Set(speeds.slice(0, 30 + stepsLeft(LIQUID.morph)).map((s) => s.toFixed(6)))).toEqual(
      new Set(['2.600000']),
    );
    expect(speeds[59]).toBeCloseTo(5.2, 6);
    expect(ent(w, 't1000').liquid).toBe(false);
  });
});

describe('timers across the wire', () => {
  it('a timer rebuilt from its step count runs out on the same step as the original', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 70, noNaN: true }), (v) => {
        const n = stepsLeft(v);
        let a = v;
        let b = timerOfSteps(n);
        expect(stepsLeft(b)).toBe(n);
        for (let i = 0; i <= n; i++) {
          expect(b > 0).toBe(a > 0);
          a = runDown(a, DT);
          b = runDown(b, DT);
        }
        expect(a).toBe(0);
      }),
    );
  });

  it('the game’s timers are whole steps or one more (float arithmetic), which is why counts are sent, not seconds', () => {
    for (const v of [
      SPRINT.duration,
      SPRINT.duration + SPRINT.recharge,
      PISTOL.stun,
      SHOTGUN.stun,
      LIQUID.morph,
    ]) {
      const n = stepsLeft(v);
      expect(n === Math.round(v / DT) || n === Math.round(v / DT) + 1).toBe(true);
    }
  });

  it('an end seq stays put while the timer runs down one step per input', () => {
    let v = SPRINT.duration + SPRINT.recharge;
    const end = timerEnd(v, 100);
    for (let seq = 101; v > 0; seq++) {
      v = runDown(v, DT);
      expect(timerEnd(v, seq)).toBe(v > 0 ? end : 0);
      expect(stepsLeft(timerFromEnd(end, seq))).toBe(stepsLeft(v));
    }
  });
});
