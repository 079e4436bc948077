import { BLOCKS_WALK } from '../map/tiles.js';
import type { Role } from '../roles.js';
import { DT, LIQUID, POLICE, SPEED, SPRINT } from '../tuning.js';
import { blockMaskOf, isActive, isFullySolid, isPresent } from './entity.js';
import { moveCircle, overlapsBlocked } from './movement.js';
import { BUTTON_MASK, Button, type Life, type PlayerInput, type World } from './types.js';

/**
 * How a player's input moves its character — the one copy of that rule, run
 * by the server's simulation and by the client's prediction alike (the Source
 * engine's `gamemovement`): speed by role and form, sprint and its timers,
 * the holds of stun and channelling, the downed crawl, melting and reforming,
 * bars and doors, sliding along walls.
 *
 * A command runs in phases, which {@link playerMove} runs in a row. The
 * simulation runs the same phases at their places in its step, between the
 * other characters' turns, so that a shot or a police officer sees the world
 * as the rules have always had it: the clocks run down with everyone's
 * ({@link runDownMoveTimers}), the input is read and the form changes before
 * the character's abilities ({@link readCommand}, {@link changeForm}), its
 * velocity is set after them ({@link steer}), and everyone moves together
 * ({@link glide}). What happens between the phases is other characters'
 * doing, which the client learns from the server.
 */

/** The part of a character that movement reads and writes; an `Entity` is one. */
export interface Mover {
  readonly role: Role;
  /** Decided elsewhere: health (a downed escort crawls) and the action channelled, '' for none (it holds still). */
  readonly life: Life;
  readonly action: string;
  x: number;
  y: number;
  /** Velocity: the intended one after {@link steer}, the one moved after {@link glide} (tiles/s). */
  vx: number;
  vy: number;
  /** Knockback velocity and seconds left (set by a shot; the server's alone). */
  pushX: number;
  pushY: number;
  pushTime: number;
  /** Seconds left; each runs down by the step with {@link runDown}. */
  stun: number;
  slow: number;
  morph: number;
  sprintLeft: number;
  sprintCooldown: number;
  /** T-1000: liquid form (true from the melt's start; false from the reform's). */
  liquid: boolean;
  /** Buttons of the last input, to tell a press from a hold. */
  prevButtons: number;
}

/** The tiles a character moves over, as they are now (doors open). */
export interface Ground {
  readonly tiles: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The world's ground. */
export const groundOf = (w: World): Ground => ({ tiles: w.tiles, width: w.map.width, height: w.map.height });

/** One input as movement reads it: sanitised and with its presses found. */
export interface Command {
  /** Direction, no longer than 1, and its length before shortening. */
  moveX: number;
  moveY: number;
  len: number;
  /** Buttons held, and those pressed since the last input. */
  buttons: number;
  pressed: number;
}

export const newCommand = (): Command => ({ moveX: 0, moveY: 0, len: 0, buttons: 0, pressed: 0 });

/** A timer one step further down: what every clock of the simulation does each step. */
export const runDown = (v: number, dt: number): number => (v > dt ? v - dt : 0);

/**
 * Steps until a timer at `v` reaches zero, run down by {@link DT} a step:
 * the exact count that the float's arithmetic gives, which a rounded number
 * of seconds does not (a timer of 2.5 s is not exactly 75 steps of 1/30).
 */
export function stepsLeft(v: number): number {
  let n = 0;
  for (let t = v; t > 0; t = runDown(t, DT)) n++;
  return n;
}

/** A timer value that reaches zero after exactly `n` steps, as every timer with {@link stepsLeft} `n` does. */
export const timerOfSteps = (n: number): number => (n > 0 ? (n - 0.5) * DT : 0);

/**
 * A movement timer as its player's client is sent it, exactly and cheaply:
 * the input seq on whose step the timer at `v` (after input `seq`) runs out,
 * or 0 when it is not running. While inputs arrive one a step it stays the
 * same until the timer is set again.
 */
export const timerEnd = (v: number, seq: number): number => {
  const n = stepsLeft(v);
  return n > 0 ? seq + n : 0;
};

/** The timer after input `seq` from its {@link timerEnd}: it runs out on the same step as the server's. */
export const timerFromEnd = (end: number, seq: number): number => timerOfSteps(end > seq ? end - seq : 0);

const finite = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
const clamp1 = (v: number) => (v < -1 ? -1 : Math.min(v, 1));

/**
 * Read `input` into `c` and remember its buttons on the character. A
 * missing input is standing still with nothing held.
 */
export function readCommand(m: Mover, input: PlayerInput | undefined, c: Command): Command {
  const buttons = input ? (input.buttons | 0) & BUTTON_MASK : 0;
  c.pressed = buttons & ~m.prevButtons;
  c.buttons = buttons;
  m.prevButtons = buttons;
  let mx = input ? clamp1(finite(input.moveX, 0)) : 0;
  let my = input ? clamp1(finite(input.moveY, 0)) : 0;
  const len = Math.sqrt(mx * mx + my * my);
  if (len > 1) {
    mx /= len;
    my /= len;
  }
  c.moveX = mx;
  c.moveY = my;
  c.len = len;
  return c;
}

/** Run down the clocks movement reads: sprint and its recharge, stun, police slow, melt or reform. */
export function runDownMoveTimers(m: Mover, dt: number): void {
  m.sprintLeft = runDown(m.sprintLeft, dt);
  m.sprintCooldown = runDown(m.sprintCooldown, dt);
  m.stun = runDown(m.stun, dt);
  m.slow = runDown(m.slow, dt);
  m.morph = runDown(m.morph, dt);
}

/**
 * A T-1000 that presses Liquid and can act: melts when solid, reforms when
 * liquid — not while it changes form already, and not while inside bars or a
 * door it slid under. Returns the change (the caller adds what goes with it:
 * the disguise ends, the swing stops, everyone near hears it).
 */
export function changeForm(m: Mover, c: Command, ground: Ground): 'melt' | 'reform' | '' {
  if (m.role !== 't1000' || (c.pressed & Button.Liquid) === 0) return '';
  if (!isActive(m) || m.stun > 0 || m.morph > 0) return '';
  if (!m.liquid) {
    m.liquid = true;
    m.morph = LIQUID.morph;
    return 'melt';
  }
  if (overlapsBlocked(ground.tiles, ground.width, ground.height, m.x, m.y, BLOCKS_WALK)) return '';
  m.liquid = false;
  m.morph = LIQUID.morph;
  return 'reform';
}

/** Walking speed in the character's current form (tiles/s): the T-1000 is slow from the melt's start to the reform's end. */
export function baseSpeed(m: Pick<Mover, 'role' | 'life' | 'liquid' | 'morph'>): number {
  if (m.life === 'downed') return SPEED.downedCrawl;
  if (m.role === 't1000') return isFullySolid(m) ? SPEED.t1000 : SPEED.t1000Liquid;
  return SPEED[m.role];
}

/** Speed multiplier from sprint and police slow. */
export function speedFactor(m: Pick<Mover, 'sprintLeft' | 'slow'>): number {
  let f = 1;
  if (m.sprintLeft > 0) f *= 1 + SPRINT.boost;
  if (m.slow > 0) f *= POLICE.slow;
  return f;
}

/**
 * The velocity the command asks for, or none: a downed escort crawls whatever
 * holds it; otherwise one out of play, stunned or channelling stands still.
 * An escort holding Sprint while moving starts a sprint when it is ready.
 * A channel holds only while Interact is held: letting go ends it this very
 * step (the simulation's interact has cleared it by now; a client, which
 * does not run interact, learns it here).
 */
export function steer(m: Mover, c: Command): void {
  m.vx = 0;
  m.vy = 0;
  if (!isPresent(m)) return;
  if (m.life === 'downed') {
    m.vx = c.moveX * SPEED.downedCrawl;
    m.vy = c.moveY * SPEED.downedCrawl;
    return;
  }
  if (!isActive(m) || m.stun > 0) return;
  if (
    m.role !== 't1000' &&
    c.buttons & Button.Sprint &&
    m.sprintLeft <= 0 &&
    m.sprintCooldown <= 0 &&
    c.len > 0
  ) {
    m.sprintLeft = SPRINT.duration;
    m.sprintCooldown = SPRINT.duration + SPRINT.recharge;
  }
  if (m.action !== '' && c.buttons & Button.Interact) return;
  const speed = baseSpeed(m) * speedFactor(m);
  m.vx = c.moveX * speed;
  m.vy = c.moveY * speed;
}

/**
 * Move by the knockback, then by the velocity, against the tiles that stop
 * this character (only a fully liquid T-1000 slips through bars and under
 * locked doors), sliding along them; the velocity becomes the one moved.
 * Every character moves this way, players and NPCs.
 */
export function glide(m: Mover, ground: Ground, dt: number): void {
  if ((m.vx === 0 && m.vy === 0 && m.pushTime <= 0) || !isPresent(m)) return;
  const x0 = m.x;
  const y0 = m.y;
  const mask = blockMaskOf(m);
  pos.x = m.x;
  pos.y = m.y;
  const { tiles, width, height } = ground;
  if (m.pushTime > 0) {
    const t = Math.min(dt, m.pushTime);
    moveCircle(tiles, width, height, pos, m.pushX * t, m.pushY * t, mask);
    m.pushTime = runDown(m.pushTime, dt);
  }
  moveCircle(tiles, width, height, pos, m.vx * dt, m.vy * dt, mask);
  m.x = pos.x;
  m.y = pos.y;
  m.vx = (m.x - x0) / dt;
  m.vy = (m.y - y0) / dt;
}

const pos = { x: 0, y: 0 };
const cmd = newCommand();

/**
 * A late input played as an extra move (the server's catch-up after a
 * network gap, see server/match/InputPacer.ts): the walk it asks for and
 * nothing else. The clocks already ran in the step that waited for it, the
 * knockback slid then, and its buttons reach the step's own input, so
 * neither a form change nor a press is made twice.
 */
export function catchUpMove(m: Mover, input: PlayerInput, ground: Ground, dt: number): void {
  const prev = m.prevButtons;
  readCommand(m, input, cmd);
  m.prevButtons = prev;
  steer(m, cmd);
  const push = m.pushTime;
  m.pushTime = 0;
  glide(m, ground, dt);
  m.pushTime = push;
}

/**
 * One whole command: what the simulation does to a player's character in a
 * step, less what other characters do to it in between. Client prediction
 * runs exactly this.
 */
export function playerMove(m: Mover, input: PlayerInput | undefined, ground: Ground, dt: number): void {
  runDownMoveTimers(m, dt);
  readCommand(m, input, cmd);
  changeForm(m, cmd, ground);
  steer(m, cmd);
  glide(m, ground, dt);
}
