import { DT } from '../tuning.js';
import { stepActs } from './acts.js';
import { applyInput, catchUpMove } from './controls.js';
import { stepNpcs } from './npcs.js';
import { stepMovement, stepTimers } from './physics.js';
import { PLAYER_ROLES } from './roles.js';
import { spatial } from './runtime.js';
import type { CatchUpMoves, StepInputs, World } from './types.js';

/**
 * Advance the world by one fixed step of {@link DT}. Deterministic: the same
 * world and inputs always give the same next world. Fills `world.events`.
 * `catchUp` holds older inputs of a role whose movement is applied first
 * (a server catching up a person's backlog); a recording keeps them with the
 * step's inputs.
 */
export function step(world: World, inputs: StepInputs, catchUp?: CatchUpMoves): void {
  world.events.length = 0;
  if (world.over) return;
  if (catchUp) {
    for (const role of PLAYER_ROLES) {
      const id = world.players[role];
      const moves = catchUp[role];
      if (id !== undefined && moves) for (const m of moves) catchUpMove(world, world.entities[id], m, DT);
    }
  }
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
