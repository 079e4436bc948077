import { describe, expect, it } from 'vitest';
import { EscortBot } from '../../../shared/bots/EscortBot.js';
import { escortLimits } from '../../../shared/bots/human.js';
import type { EscortRole } from '../../../shared/roles.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { Button, type World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, ent, place, room, run, testWorld } from '../sim/fixtures.js';

/** Decisions of the escort bots on small hand-made maps. */

const think = (w: World, role: EscortRole) => new EscortBot(role, 1).think(perceive(w, role));

/** One bot thinking over `seconds` of a world frozen in place (the clock runs, nobody moves). */
function watch(w: World, role: EscortRole, seconds: number) {
  const bot = new EscortBot(role, 1);
  const inputs = [];
  for (let i = 0; i <= Math.round(seconds * 30); i++) {
    w.tick = i;
    w.time = i / 30;
    refresh(w);
    inputs.push(bot.think(perceive(w, role)));
  }
  return inputs;
}

/** A room with a cell (door 0, kind cell) in its middle wall; Sarah spawns inside. */
function cellMap() {
  const rows = room(20, 10);
  rows[5] = '#######D############';
  return asciiMap(rows, { doorKinds: ['cell'], spawns: { sarah: { x: 7.5, y: 7.5 } } });
}

describe('EscortBot', () => {
  it('John at Sarah\u2019s locked cell in act 1 holds Interact to hack it', () => {
    const w = testWorld(cellMap(), ['t1000', 'john', 'sarah']);
    place(w, 't1000', 18, 1.5);
    place(w, 'john', 7.5, 4.6);
    expect(think(w, 'john').buttons & Button.Interact).toBeTruthy();
  });

  it('Sarah locked in picks her cell from inside, and John and Sarah open it together', () => {
    const w = testWorld(cellMap(), ['t1000', 'john', 'sarah']);
    place(w, 't1000', 18, 1.5);
    place(w, 'john', 2, 2);
    place(w, 'sarah', 7.5, 6.4);
    expect(think(w, 'sarah').buttons & Button.Interact).toBeTruthy();
    const john = new EscortBot('john', 1);
    const sarah = new EscortBot('sarah', 2);
    for (let i = 0; i < 30 * 12 && !w.doors[0].open; i++) {
      run(w, 1 / 30, { john: john.think(perceive(w, 'john')), sarah: sarah.think(perceive(w, 'sarah')) });
    }
    expect(w.doors[0].open).toBe(true);
    expect(w.objectives.sarahFreed).toBe(true);
  });

  it('Sarah shoots the T-1000 in range after a person\u2019s reaction time, aiming at it', () => {
    const w = testWorld(asciiMap(room(20, 8)), ['t1000', 'john', 'sarah']);
    place(w, 'john', 3, 4);
    place(w, 'sarah', 4, 4);
    place(w, 't1000', 10, 4);
    const { reaction, cadence } = escortLimits('normal');
    const inputs = watch(w, 'sarah', 1.5);
    const firstShot = inputs.findIndex((i) => (i.buttons & Button.Primary) !== 0);
    expect(firstShot).toBeGreaterThan(0);
    expect(firstShot / 30).toBeGreaterThanOrEqual(reaction.min + cadence.min - 1e-9);
    expect(firstShot / 30).toBeLessThan(reaction.min + reaction.spread + cadence.min + cadence.spread + 0.1);
    // Roughly east: within a few degrees of a still target 6 tiles away.
    expect(Math.cos(inputs[firstShot].aim)).toBeGreaterThan(0.97);
  });

  it('the T-800 keeps its shells when no hunter is in sight', () => {
    const w = testWorld(asciiMap(room(40, 8)), ['t1000', 'john', 't800']);
    place(w, 'john', 3, 4);
    place(w, 't800', 4, 4);
    place(w, 't1000', 38, 4);
    expect(think(w, 't800').buttons & Button.Primary).toBe(0);
  });

  it('John runs from a T-1000 winding up beside him, sprinting, and not into the steel', () => {
    const rows = room(20, 9);
    rows[3] = '#~~~~~~~~~~~~~~~~~~#';
    const w = testWorld(asciiMap(rows), ['t1000', 'john']);
    place(w, 'john', 8, 5);
    const t = place(w, 't1000', 9.2, 5);
    t.windup = 0.2;
    const { reaction } = escortLimits('normal');
    const inp = watch(w, 'john', reaction.min + reaction.spread + 0.05).at(-1);
    if (!inp) throw new Error('no input');
    expect(inp.moveX).toBeLessThan(0);
    expect(inp.buttons & Button.Sprint).toBeTruthy();
    // Straight up would be the steel: the way out is west or south, never north.
    expect(inp.moveY).toBeGreaterThanOrEqual(-0.1);
  });

  it('an escort revives a downed ally beside it', () => {
    const w = testWorld(asciiMap(room(20, 8)), ['t1000', 'john', 'sarah', 'dyson']);
    place(w, 't1000', 18, 1.5);
    place(w, 'john', 3, 4);
    place(w, 'sarah', 8, 4).life = 'downed';
    place(w, 'dyson', 8.8, 4);
    expect(think(w, 'dyson').buttons & Button.Interact).toBeTruthy();
  });

  it('the T-800 out of shells walks to a crate and refills there', () => {
    const w = testWorld(asciiMap(room(20, 8), { crates: [{ x: 15.5, y: 4.5 }] }), ['t1000', 'john', 't800']);
    place(w, 't1000', 18, 1.5);
    place(w, 'john', 3, 4);
    const t800 = place(w, 't800', 4, 4);
    t800.ammo = 0;
    const bot = new EscortBot('t800', 1);
    for (let i = 0; i < 30 * 6 && t800.ammo === 0; i++)
      run(w, 1 / 30, { t800: bot.think(perceive(w, 't800')) });
    expect(ent(w, 't800').ammo).toBe(8);
  });
});
