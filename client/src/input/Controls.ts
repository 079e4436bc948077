import type { PlayerInput } from '../../../shared/sim/types.js';
import { ACTION_BUTTON, type KeyAction } from './keymap.js';

const MOVE_ACTIONS = new Set<KeyAction>(['up', 'down', 'left', 'right']);

/**
 * What the player is holding, turned into the {@link PlayerInput} sent each
 * step. A key pressed and released between two sends still counts for one
 * send (it is latched), so a quick tap of Q or a click is never lost to the
 * 30 Hz input rate. Pure: the DOM wiring lives in keyboard.ts.
 */
export class Controls {
  /** Sources holding each action (a key and a mouse button may hold the same one). */
  private readonly held = new Map<KeyAction, Set<string>>();
  /** Buttons pressed since the last {@link take}, kept even if released. */
  private latched = 0;
  /** Aim in radians, world space (0 = +x, π/2 = +y). */
  aim = 0;

  /** A key or mouse button went down. `source` tells two keys of one action apart. */
  press(action: KeyAction, source: string): void {
    let set = this.held.get(action);
    if (!set) {
      set = new Set();
      this.held.set(action, set);
    }
    set.add(source);
    this.latched |= ACTION_BUTTON[action] ?? 0;
  }

  release(action: KeyAction, source: string): void {
    this.held.get(action)?.delete(source);
  }

  /** Everything up (the window lost focus: keys released elsewhere never reach us). */
  releaseAll(): void {
    this.held.clear();
  }

  isHeld(action: KeyAction): boolean {
    const set = this.held.get(action);
    return set !== undefined && set.size > 0;
  }

  /** Movement from the held direction keys; diagonals are normalised to length 1. */
  move(): { x: number; y: number } {
    let x = 0;
    let y = 0;
    if (this.isHeld('left')) x -= 1;
    if (this.isHeld('right')) x += 1;
    if (this.isHeld('up')) y -= 1;
    if (this.isHeld('down')) y += 1;
    if (x !== 0 && y !== 0) {
      x *= Math.SQRT1_2;
      y *= Math.SQRT1_2;
    }
    return { x, y };
  }

  /** The held buttons as a bitmask, without consuming latches. */
  buttons(): number {
    let b = this.latched;
    for (const [action, set] of this.held) {
      if (set.size > 0 && !MOVE_ACTIONS.has(action)) b |= ACTION_BUTTON[action] ?? 0;
    }
    return b;
  }

  /** The input for the next send; consumes the latched presses. */
  take(out: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 }): PlayerInput {
    const m = this.move();
    out.moveX = m.x;
    out.moveY = m.y;
    out.aim = this.aim;
    out.buttons = this.buttons();
    this.latched = 0;
    return out;
  }
}

/** Aim from the character's screen position to the pointer's, in radians (screen y grows down, as world y). */
export function aimAt(fromX: number, fromY: number, toX: number, toY: number, fallback: number): number {
  const dx = toX - fromX;
  const dy = toY - fromY;
  if (dx * dx + dy * dy < 1e-6) return fallback;
  return Math.atan2(dy, dx);
}
