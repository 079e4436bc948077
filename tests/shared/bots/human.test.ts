import { describe, expect, it } from 'vitest';
import { BOT_DIFFICULTIES, type BotDifficulty } from '../../../shared/bots/difficulty.js';
import { EscortBot } from '../../../shared/bots/EscortBot.js';
import {
  aimSpread,
  escortLimits,
  humanAim,
  hunterLimits,
  Reaction,
  Trigger,
} from '../../../shared/bots/human.js';
import { seedState } from '../../../shared/sim/rng.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type PlayerInput, type World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, ent, place, room, testWorld } from '../sim/fixtures.js';

/** The bots' human limits: reaction, aim error, fire cadence, attention, per difficulty. */

const rngOf = (seed: number) => ({ rng: seedState(seed) });
const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
const meanAbsError = (draws: number, seed: number, f: (rng: ReturnType<typeof rngOf>) => number) => {
  const rng = rngOf(seed);
  let sum = 0;
  for (let i = 0; i < draws; i++) sum += Math.abs(wrap(f(rng)));
  return sum / draws;
};

/** Sarah (a bot at `difficulty`) with the clock running and nobody moving; `before(i)` may change the world at step i. */
function watchSarah(w: World, difficulty: BotDifficulty, seconds: number, before?: (i: number) => void) {
  const bot = new EscortBot('sarah', 1, difficulty);
  const inputs: PlayerInput[] = [];
  for (let i = 0; i <= Math.round(seconds * 30); i++) {
    w.tick = i;
    w.time = i / 30;
    before?.(i);
    refresh(w);
    inputs.push(bot.think(perceive(w, 'sarah')));
  }
  return inputs;
}

/**
 * Sarah's first shot, one trial per seed, at a T-1000 `dist` tiles east of
 * her, standing or running north-south across her line of fire; returns the
 * share of first shots that hit.
 */
function firstShotHits(difficulty: BotDifficulty, dist: number, running: boolean, trials: number): number {
  let hits = 0;
  let shots = 0;
  for (let seed = 1; seed <= trials; seed++) {
    const w = testWorld(asciiMap(room(24, 24)), ['t1000', 'john', 'sarah']);
    place(w, 'john', 2, 12);
    place(w, 'sarah', 3, 12);
    place(w, 't1000', 3 + dist, running ? 8 : 12);
    const bot = new EscortBot('sarah', seed, difficulty);
    const run: PlayerInput = { moveX: 0, moveY: running ? 1 : 0, aim: 0, buttons: 0 };
    for (let i = 0; i < 60; i++) {
      step(w, { sarah: bot.think(perceive(w, 'sarah')), t1000: run });
      const shot = w.events.find((e) => e.type === 'shot');
      if (shot) {
        shots++;
        if (w.events.some((e) => e.type === 'shot-hit')) hits++;
        break;
      }
    }
  }
  expect(shots).toBeGreaterThan(trials * 0.8);
  return hits / shots;
}

describe('bot human limits', () => {
  it('an escort holds fire for its reaction time after the T-1000 comes into sight', () => {
    const { reaction, cadence } = escortLimits('normal');
    const appear = 15;
    for (const seed of [1, 2, 3]) {
      const w = testWorld(asciiMap(room(44, 8)), ['t1000', 'john', 'sarah']);
      place(w, 'john', 3, 4);
      place(w, 'sarah', 4, 4);
      place(w, 't1000', 42, 4); // beyond the escorts' sight
      const bot = new EscortBot('sarah', seed, 'normal');
      const inputs: PlayerInput[] = [];
      for (let i = 0; i <= 45; i++) {
        w.tick = i;
        w.time = i / 30;
        if (i === appear) place(w, 't1000', 10, 4);
        refresh(w);
        inputs.push(bot.think(perceive(w, 'sarah')));
      }
      const first = inputs.findIndex((inp) => (inp.buttons & Button.Primary) !== 0);
      expect(first).toBeGreaterThan(appear);
      const waited = (first - appear) / 30;
      expect(waited).toBeGreaterThanOrEqual(reaction.min + cadence.min - 1e-9);
      expect(waited).toBeLessThanOrEqual(
        reaction.min + reaction.spread + cadence.min + cadence.spread + 2 / 30,
      );
    }
  });

  it('a reaction starts over for a new sighting (a broken disguise is a new look) and after a break', () => {
    const r = new Reaction(rngOf(1), { min: 0.3, spread: 0 });
    /** Watch `key` every step from `from` to `to` seconds; the first time it is ready, or -1. */
    const readyAt = (key: number, from: number, to: number) => {
      let at = -1;
      for (let i = Math.round(from * 30); i <= Math.round(to * 30); i++)
        if (r.ready(key, i / 30) && at < 0) at = i / 30;
      return at;
    };
    expect(readyAt(7, 0, 0.5)).toBeCloseTo(0.3, 5);
    // The same hunter in a new look: a new sighting.
    expect(readyAt(8, 0.6, 1.2)).toBeCloseTo(0.9, 5);
    // Lost from sight for a moment: it must be taken in again.
    expect(readyAt(8, 1.5, 2)).toBeCloseTo(1.8, 5);
  });

  it('the trigger is never pulled on the first frame the weapon is ready', () => {
    const span = escortLimits('normal').cadence;
    for (let seed = 1; seed <= 20; seed++) {
      const t = new Trigger(rngOf(seed), span);
      let at = -1;
      for (let i = 0; i < 60 && at < 0; i++) if (t.pull(i / 30)) at = i / 30;
      expect(at).toBeGreaterThanOrEqual(span.min - 1e-9);
      expect(at).toBeLessThanOrEqual(span.min + span.spread + 1 / 30);
    }
  });

  it('aim error grows with distance, with the target\u2019s movement across the line and with the shooter\u2019s own', () => {
    for (const d of BOT_DIFFICULTIES) {
      const { aim } = escortLimits(d);
      expect(aimSpread(aim, 8, 0, 0)).toBeGreaterThan(aimSpread(aim, 3, 0, 0));
      expect(aimSpread(aim, 5, 4, 0)).toBeGreaterThan(aimSpread(aim, 5, 0, 0));
      expect(aimSpread(aim, 5, 0, 4)).toBeGreaterThan(aimSpread(aim, 5, 0, 0));
    }
    const { aim } = escortLimits('normal');
    const shooter = { x: 0, y: 0, vx: 0, vy: 0 };
    const near = meanAbsError(2000, 1, (rng) => humanAim(rng, aim, shooter, { x: 3, y: 0, vx: 0, vy: 0 }));
    const far = meanAbsError(2000, 1, (rng) => humanAim(rng, aim, shooter, { x: 9, y: 0, vx: 0, vy: 0 }));
    expect(far).toBeGreaterThan(near * 1.5);
    // A target crossing the line of fire: the hand trails it, and shakes more.
    const crossing = meanAbsError(2000, 1, (rng) =>
      humanAim(rng, aim, shooter, { x: 9, y: 0, vx: 0, vy: 5 }),
    );
    expect(crossing).toBeGreaterThan(far * 1.3);
  });

  it('in the simulation, a running T-1000 at range is missed far more often than a still one near', () => {
    const near = firstShotHits('normal', 3, false, 30);
    const farRunning = firstShotHits('normal', 8, true, 30);
    expect(near).toBeGreaterThan(0.8);
    expect(farRunning).toBeLessThan(0.6);
    expect(farRunning).toBeLessThan(near - 0.3);
  });

  it('difficulties are ordered: easy reacts later, aims worse and misses more than hard', () => {
    const [easy, normal, hard] = (['easy', 'normal', 'hard'] as const).map(escortLimits);
    for (const [a, b] of [
      [easy, normal],
      [normal, hard],
    ]) {
      expect(a.reaction.min).toBeGreaterThan(b.reaction.min);
      expect(a.cadence.min).toBeGreaterThan(b.cadence.min);
      expect(aimSpread(a.aim, 6, 3, 1)).toBeGreaterThan(aimSpread(b.aim, 6, 3, 1));
      expect(a.attention.suspectAfter).toBeGreaterThan(b.attention.suspectAfter);
    }
    const [he, hn, hh] = (['easy', 'normal', 'hard'] as const).map(hunterLimits);
    expect(he.reaction.min).toBeGreaterThan(hn.reaction.min);
    expect(hn.reaction.min).toBeGreaterThan(hh.reaction.min);
    expect(he.aimError).toBeGreaterThan(hn.aimError);
    expect(hn.aimError).toBeGreaterThan(hh.aimError);
    const newcomer = hunterLimits('newcomer');
    expect(newcomer.reaction.min).toBeGreaterThan(hn.reaction.min);
    expect(newcomer.liquid).toBe(false);
    // In the simulation: the same shots, easy Sarah hits less often than hard Sarah.
    const easyHits = firstShotHits('easy', 7, true, 30);
    const hardHits = firstShotHits('hard', 7, true, 30);
    expect(easyHits).toBeLessThan(hardHits);
  });

  it('is deterministic: the same seed fires the same shots at the same moments, another seed does not', () => {
    const shots = (seed: number) => {
      const w = testWorld(asciiMap(room(24, 24)), ['t1000', 'john', 'sarah']);
      place(w, 'john', 2, 12);
      place(w, 'sarah', 3, 12);
      place(w, 't1000', 10, 6);
      const bot = new EscortBot('sarah', seed, 'normal');
      const out: string[] = [];
      for (let i = 0; i < 150; i++) {
        const t = ent(w, 't1000');
        const inp = bot.think(perceive(w, 'sarah'));
        // The T-1000 paces north and south across her line of fire.
        step(w, {
          sarah: inp,
          t1000: { moveX: 0, moveY: t.y < 9 ? 1 : t.y > 15 ? -1 : Math.sign(t.vy) || 1, aim: 0, buttons: 0 },
        });
        for (const e of w.events) if (e.type === 'shot') out.push(`${w.tick}:${e.value.toFixed(6)}`);
      }
      return out;
    };
    const a = shots(5);
    expect(a.length).toBeGreaterThan(2);
    expect(shots(5)).toEqual(a);
    expect(shots(6)).not.toEqual(a);
  });

  it('attention: a disguised T-1000 at John\u2019s side is not shot unless seen changing or striking (hard bots fire on suspicion)', () => {
    const setup = () => {
      const w = testWorld(asciiMap(room(20, 10)), ['t1000', 'john', 'sarah']);
      place(w, 'john', 5, 5);
      place(w, 'sarah', 7, 5);
      const t = place(w, 't1000', 5, 6.3);
      t.mimicRole = 'civilian';
      return w;
    };
    const fired = (inputs: PlayerInput[]) => inputs.some((i) => (i.buttons & Button.Primary) !== 0);
    expect(fired(watchSarah(setup(), 'normal', 2))).toBe(false);
    expect(fired(watchSarah(setup(), 'easy', 2))).toBe(false);
    expect(fired(watchSarah(setup(), 'hard', 2))).toBe(true);
    // The same T-1000 winding up its blade is seen for what it is.
    const w = setup();
    const inputs = watchSarah(w, 'normal', 2, (i) => {
      if (i === 10) ent(w, 't1000').windup = 0.4;
    });
    expect(fired(inputs)).toBe(true);
  });
});
