import type { PlayerRole } from '../roles.js';
import { fire, startWindup } from './combat.js';
import { isActive, isArmed, isFullySolid } from './entity.js';
import { toggleLiquid } from './hunter.js';
import { interact } from './interact.js';
import { scatterFrom } from './npcs.js';
import { newCommand, readCommand, steer } from './playerMove.js';
import { Button, type Entity, type PlayerInput, type World } from './types.js';

/**
 * A player's input becomes what its character does this step: abilities,
 * weapons, interactions, and — by the movement kernel (playerMove.ts) — its
 * form and the velocity the movement phase applies. Input is sanitised here
 * too, so a bot, a person or a recording can stand behind it.
 */

const finite = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

const cmd = newCommand();

export function applyInput(
  w: World,
  role: PlayerRole,
  e: Entity,
  input: PlayerInput | undefined,
  dt: number,
): void {
  const c = readCommand(e, input, cmd);
  if (isActive(e) && e.stun <= 0) {
    const aim = input ? finite(input.aim, e.facing) % (Math.PI * 2) : e.facing;
    e.facing = aim;
    if (role === 't1000') {
      toggleLiquid(w, e, c);
      if (c.buttons & Button.Primary && isFullySolid(e) && e.cooldown <= 0 && e.windup <= 0) {
        startWindup(w, e, aim);
      }
    } else if (c.buttons & Button.Primary && e.cooldown <= 0 && isArmed(e)) {
      fire(w, e, aim);
      scatterFrom(w, e.x, e.y);
    }
    interact(w, e, (c.buttons & Button.Interact) !== 0, (c.pressed & Button.Interact) !== 0, dt);
  } else if (isActive(e)) {
    // A stun breaks the channel.
    e.action = '';
  }
  steer(e, c);
}
