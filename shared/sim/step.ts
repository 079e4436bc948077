import { PLAYER_ROLES } from '../roles.js';
import { DT } from '../tuning.js';
import { stepActs } from './acts.js';
import { applyInput } from './controls.js';
import { stepNpcs } from './npcs.js';
import { stepMovement, stepTimers } from './physics.js';
import { spatial } from './runtime.js';
import type { StepInputs, World } from './types.js';

/**
 * Advance the world by one fixed step of {@link DT}. Deterministic: the same
 * world and inputs always give the same next world. Fills `world.events`.
 * A player's character moves by the movement kernel (playerMove.ts), whose
 * phases run here in their places: its clocks with everyone's timers, its
 * input with the player's turn, its move with everyone's.
 */
export function step(world: World, inputs: StepInputs): void {
  world.events.length = 0;
  if (world.over) return;
  spatial(world);
  stepTimers(world, DT);
  for (const role of PLAYER_ROLES) {
    const id = world.players[role];
    if (id !== undefined) applyInput(world, role, world.entities[id], inputs[role], DT);
  }
  stepNpcs(world, DT);
  stepMovement(world, DT);
  world.tick++;
  world.time = world.tick * DT;
  stepActs(world, DT);
}
