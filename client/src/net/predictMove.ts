import { BLOCKS_LIQUID, BLOCKS_WALK } from '../../../shared/map/tiles.js';
import { makeEntity } from '../../../shared/sim/entity.js';
import { moveCircle, type Point } from '../../../shared/sim/movement.js';
import { baseSpeed, speedFactor } from '../../../shared/sim/playerMove.js';
import type { PlayerRole } from '../../../shared/sim/roles.js';
import { Button, type Life, type PlayerInput } from '../../../shared/sim/types.js';
import { SPRINT } from '../../../shared/tuning.js';
import type { SprintTimeline } from './SprintTimeline.js';

/**
 * What the own character's movement depends on besides its input: the live
 * tiles and the latest server word on its condition. Updated as patches
 * arrive; read by every predicted and replayed step.
 */
export interface MoveEnv {
  tiles: Uint8Array;
  width: number;
  height: number;
  role: PlayerRole;
  life: Life;
  liquid: boolean;
  morph: number;
  stun: number;
  slow: number;
  /** Channelling an action holds the character still. */
  channelling: boolean;
}

const scratch = makeEntity(0, 0, 'john', '', 0, 0, 0);
const p: Point = { x: 0, y: 0 };

/** Whether this step's input starts a sprint, by the server's rule (Sprint held while moving, sprint ready). */
export function startsSprint(env: MoveEnv, cmd: PlayerInput, seq: number, sprint: SprintTimeline): boolean {
  if (env.role === 't1000' || env.life === 'downed' || env.stun > 0) return false;
  if ((cmd.buttons & Button.Sprint) === 0 || (cmd.moveX === 0 && cmd.moveY === 0)) return false;
  return sprint.ready(seq) && !sprint.boosted(seq);
}

/**
 * One step of the own character's movement: the shared simulation's speed
 * rules and circle-against-tile movement, applied to `state` in place. This
 * is the `step` the SDK's reconciler replays over unacknowledged inputs.
 * Shoves from other characters and knockback are left to the server (the
 * reconciler folds its corrections in smoothly).
 */
export function predictMove(
  env: MoveEnv,
  state: { x: number; y: number },
  cmd: PlayerInput,
  dt: number,
  boosted: boolean,
): void {
  const downed = env.life === 'downed';
  const active = env.life === 'healthy' || env.life === 'injured';
  // As the server: a downed escort crawls whatever else holds it; otherwise stun and channelling hold still.
  if (!downed && (!active || env.stun > 0 || env.channelling)) return;
  let mx = Number.isFinite(cmd.moveX) ? Math.max(-1, Math.min(1, cmd.moveX)) : 0;
  let my = Number.isFinite(cmd.moveY) ? Math.max(-1, Math.min(1, cmd.moveY)) : 0;
  const len = Math.sqrt(mx * mx + my * my);
  if (len === 0) return;
  if (len > 1) {
    mx /= len;
    my /= len;
  }
  scratch.role = env.role;
  scratch.life = env.life;
  scratch.liquid = env.liquid;
  scratch.morph = env.morph;
  scratch.slow = env.slow;
  scratch.sprintLeft = boosted && !downed ? SPRINT.duration : 0;
  const speed = downed ? baseSpeed(scratch) : baseSpeed(scratch) * speedFactor(scratch);
  p.x = state.x;
  p.y = state.y;
  moveCircle(
    env.tiles,
    env.width,
    env.height,
    p,
    mx * speed * dt,
    my * speed * dt,
    env.liquid ? BLOCKS_LIQUID : BLOCKS_WALK,
  );
  state.x = p.x;
  state.y = p.y;
}
