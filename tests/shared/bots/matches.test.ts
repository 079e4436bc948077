import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { type Bot, createBot } from '../../../shared/bots/index.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { worldHash } from '../../../shared/sim/serialize.js';
import { step } from '../../../shared/sim/step.js';
import { NEUTRAL_INPUT, type StepInputs, type World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';

/** Whole bot matches on the default map, with some roles standing still (neutral input). */

const map = resolveMap();

interface Played {
  world: World;
  acts: number[];
  escortsInSteel: number;
}

function play(seed: number, roles: PlayerRole[], passive: PlayerRole[], maxSeconds: number): Played {
  // The clock is not what these tests are about: give every match the time it asks for.
  const world = createWorld({ map, seed, roles, options: { judgmentDaySeconds: maxSeconds } });
  const active = roles.filter((r) => !passive.includes(r));
  const bots: Bot[] = active.map((r, i) => createBot(r, seed * 31 + i));
  const inputs: StepInputs = {};
  for (const r of passive) inputs[r] = { ...NEUTRAL_INPUT };
  const acts: number[] = [];
  let escortsInSteel = 0;
  for (let i = 0; i < maxSeconds * 30 && !world.over; i++) {
    for (let b = 0; b < bots.length; b++) inputs[active[b]] = bots[b].think(perceive(world, active[b]));
    step(world, inputs);
    for (const ev of world.events) {
      if (ev.type === 'act') acts.push(ev.value);
      if (ev.type === 'destroyed' && world.entities[ev.target].role !== 't1000') escortsInSteel++;
    }
  }
  return { world, acts, escortsInSteel };
}

const ALL: PlayerRole[] = ['t1000', 'john', 'sarah', 't800', 'dyson'];

describe('bot matches on the default map', () => {
  it('escort bots complete every act against a passive hunter and win by extraction', () => {
    const { world, acts, escortsInSteel } = play(1, ALL, ['t1000'], 15 * 60);
    expect(acts).toEqual([2, 3]);
    expect(world.objectives.sarahFreed).toBe(true);
    expect(world.objectives.chipDestroyed).toBe(true);
    expect(world.objectives.terminalsWiped).toEqual([true, true, true]);
    expect(world.result).toMatchObject({ winner: 'escort', reason: 'extraction' });
    expect(escortsInSteel).toBe(0);
  });

  it('John alone completes every act (hacking what Dyson would open) against a passive hunter', () => {
    // Alone, John does every channel himself: allow him more than one Judgment Day clock.
    const { world, acts } = play(2, ['t1000', 'john'], ['t1000'], 30 * 60);
    expect(acts).toEqual([2, 3]);
    expect(world.result).toMatchObject({ winner: 'escort', reason: 'extraction' });
  });

  it('the T-1000 bot catches a passive John and terminates him', () => {
    const { world } = play(3, ['t1000', 'john'], ['john'], 5 * 60);
    expect(world.result).toMatchObject({ winner: 'hunter', reason: 'terminated' });
  });

  it('a bot match is deterministic: same seed, same world after a minute', () => {
    const a = play(7, ALL, [], 60).world;
    const b = play(7, ALL, [], 60).world;
    expect(worldHash(a)).toBe(worldHash(b));
  });
});
