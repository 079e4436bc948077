import type { GameEventType, World } from './types.js';

/** Record an event of this step. */
export function emit(
  world: World,
  type: GameEventType,
  by: number,
  target: number,
  x: number,
  y: number,
  value = 0,
): void {
  world.events.push({ type, by, target, x, y, value });
}
