import { BLOCKS_LIQUID, BLOCKS_WALK } from '../map/tiles.js';
import { SPEED, SPRINT } from '../tuning.js';
import { fire, startWindup, statsOf } from './combat.js';
import { isActive, isPresent } from './entity.js';
import { toggleLiquid } from './hunter.js';
import { interact } from './interact.js';
import { moveCircle } from './movement.js';
import { scatterFrom } from './npcs.js';
import type { PlayerRole } from './roles.js';
import { BUTTON_MASK, Button, type Entity, type PlayerInput, type World } from './types.js';

/**
 * A player's input becomes what its character does this step: abilities,
 * weapons, interactions, and the velocity the movement phase applies. Input
 * is sanitised here too, so a bot, a person or a recording can stand behind it.
 */

const finite = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
const clamp1 = (v: number) => (v < -1 ? -1 : Math.min(v, 1));

/** Base walking speed of a character in its current form. */
export function baseSpeed(e: Entity): number {
  if (e.life === 'downed') return SPEED.downedCrawl;
  if (e.role === 't1000') return e.liquid || e.morph > 0 ? SPEED.t1000Liquid : SPEED.t1000;
  return SPEED[e.role];
}

/** Speed multiplier from sprint and police slow. */
export function speedFactor(e: Entity): number {
  let f = 1;
  if (e.sprintLeft > 0) f *= 1 + SPRINT.boost;
  if (e.slow > 0) f *= 0.5;
  return f;
}

const move = { x: 0, y: 0 };

/** The input's movement, sanitised and no longer than 1, into `out`; returns its length before shortening. */
function moveOf(input: PlayerInput | undefined, out: { x: number; y: number }): number {
  let mx = input ? clamp1(finite(input.moveX, 0)) : 0;
  let my = input ? clamp1(finite(input.moveY, 0)) : 0;
  const len = Math.sqrt(mx * mx + my * my);
  if (len > 1) {
    mx /= len;
    my /= len;
  }
  out.x = mx;
  out.y = my;
  return len;
}

const pos = { x: 0, y: 0 };

/**
 * One extra step of a player's walking only, before the step proper: how a
 * server catches up a backlog of a person's inputs without dropping the
 * movement the person's client already predicted. Same speed rules and
 * collision as the step; buttons are left to the step itself.
 */
export function catchUpMove(w: World, e: Entity, input: PlayerInput, dt: number): void {
  if (!isPresent(e)) return;
  const downed = e.life === 'downed';
  if (!downed && (!isActive(e) || e.stun > 0 || e.action !== '')) return;
  if (moveOf(input, move) === 0) return;
  const speed = downed ? baseSpeed(e) : baseSpeed(e) * speedFactor(e);
  pos.x = e.x;
  pos.y = e.y;
  const mask = e.liquid && e.morph === 0 ? BLOCKS_LIQUID : BLOCKS_WALK;
  moveCircle(w.tiles, w.map.width, w.map.height, pos, move.x * speed * dt, move.y * speed * dt, mask);
  statsOf(w, e).distance += Math.hypot(pos.x - e.x, pos.y - e.y);
  e.x = pos.x;
  e.y = pos.y;
}

export function applyInput(
  w: World,
  role: PlayerRole,
  e: Entity,
  input: PlayerInput | undefined,
  dt: number,
): void {
  const buttons = input ? (input.buttons | 0) & BUTTON_MASK : 0;
  const pressed = buttons & ~e.prevButtons;
  e.prevButtons = buttons;
  e.vx = 0;
  e.vy = 0;
  if (!isPresent(e)) return;
  const len = moveOf(input, move);
  const mx = move.x;
  const my = move.y;
  const aim = input ? finite(input.aim, e.facing) % (Math.PI * 2) : e.facing;

  if (e.life === 'downed') {
    e.vx = mx * SPEED.downedCrawl;
    e.vy = my * SPEED.downedCrawl;
    return;
  }
  if (!isActive(e) || e.stun > 0) {
    e.action = '';
    return;
  }
  e.facing = aim;

  if (role === 't1000') {
    if (pressed & Button.Liquid) toggleLiquid(w, e);
    if (buttons & Button.Primary && !e.liquid && e.morph === 0 && e.cooldown <= 0 && e.windup <= 0) {
      startWindup(w, e, aim);
    }
  } else {
    if (buttons & Button.Sprint && e.sprintLeft <= 0 && e.sprintCooldown <= 0 && len > 0) {
      e.sprintLeft = SPRINT.duration;
      e.sprintCooldown = SPRINT.duration + SPRINT.recharge;
    }
    if (
      buttons & Button.Primary &&
      e.cooldown <= 0 &&
      (role === 'sarah' || (role === 't800' && e.ammo > 0))
    ) {
      fire(w, e, aim);
      scatterFrom(w, e.x, e.y);
    }
  }
  interact(w, e, (buttons & Button.Interact) !== 0, (pressed & Button.Interact) !== 0, dt);
  // Channelling holds the character still.
  if (e.action !== '') return;
  const speed = baseSpeed(e) * speedFactor(e);
  e.vx = mx * speed;
  e.vy = my * speed;
}
