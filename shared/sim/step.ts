import { PLAYER_ROLES } from '../roles.js';
import { DT } from '../tuning.js';
import { stepActs } from './acts.js';
import { applyInput } from './controls.js';
import { stepNpcs } from './npcs.js';
import { stepMovement, stepTimers } from './physics.js';
import { catchUpMove, groundOf } from './playerMove.js';
import { spatial } from './runtime.js';
import type { StepInputs, World } from './types.js';

/**
 * Advance the world by one fixed step of {@link DT}. Deterministic: the same
 * world and inputs always give the same next world. Fills `world.events`.
 * A player's character moves by the movement kernel (playerMove.ts), whose
 * phases run here in their places: its clocks with everyone's timers, its
 * input with the player's turn, its move with everyone's. `catchUp` holds
 * late inputs a player's character plays as one extra walk before the step
 * (see {@link catchUpMove}); a recording keeps them with the step's inputs.
 */
export function step(world: World, inputs: StepInputs, catchUp?: StepInputs): void {
  world.events.length = 0;
  if (world.over) return;
  if (catchUp) catchUpMoves(world, catchUp);
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

function catchUpMoves(world: World, catchUp: StepInputs): void {
  const ground = groundOf(world);
  for (const role of PLAYER_ROLES) {
    const input = catchUp[role];
    const id = world.players[role];
    if (input === undefined || id === undefined) continue;
    const e = world.entities[id];
    const x0 = e.x;
    const y0 = e.y;
    catchUpMove(e, input, ground, DT);
    const st = world.stats[role];
    if (st && (e.x !== x0 || e.y !== y0)) st.distance += Math.hypot(e.x - x0, e.y - y0);
  }
}
