import { Button } from '../../../shared/sim/types.js';

/** What a key does in a match. Movement and buttons feed the input; the rest are client-side. */
export type KeyAction =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'primary'
  | 'interact'
  | 'liquid'
  | 'sprint'
  | 'help'
  | 'chat'
  | 'nextTarget'
  | 'freeCamera';

/**
 * Physical keys (KeyboardEvent.code, so the layout does not matter: WASD is
 * ZQSD's place on an AZERTY keyboard) to actions.
 */
export const KEYMAP: Readonly<Record<string, KeyAction>> = {
  KeyW: 'up',
  ArrowUp: 'up',
  KeyS: 'down',
  ArrowDown: 'down',
  KeyA: 'left',
  ArrowLeft: 'left',
  KeyD: 'right',
  ArrowRight: 'right',
  Space: 'primary',
  KeyE: 'interact',
  KeyQ: 'liquid',
  ShiftLeft: 'sprint',
  ShiftRight: 'sprint',
  KeyH: 'help',
  F1: 'help',
  Slash: 'help',
  Enter: 'chat',
  KeyT: 'chat',
  KeyF: 'nextTarget',
  KeyC: 'freeCamera',
};

/** The input button each held action sets. */
export const ACTION_BUTTON: Readonly<Partial<Record<KeyAction, number>>> = {
  primary: Button.Primary,
  interact: Button.Interact,
  liquid: Button.Liquid,
  sprint: Button.Sprint,
};

/** The action of a key, or undefined for keys the game leaves to the browser. */
export function actionOf(code: string): KeyAction | undefined {
  return Object.hasOwn(KEYMAP, code) ? KEYMAP[code] : undefined;
}

/** Mouse buttons (MouseEvent.button) to actions: left strikes or shoots, right interacts. */
export function mouseActionOf(button: number): KeyAction | undefined {
  if (button === 0) return 'primary';
  if (button === 2) return 'interact';
  return undefined;
}

/** Rows of the key-help overlay: keys as shown, and what they do. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['W A S D / arrows', 'move'],
  ['mouse', 'aim'],
  ['click / Space', 'strike (T-1000) · shoot (Sarah, T-800)'],
  ['E / right click', 'interact: hack, pick, plant, wipe, revive · mimic (T-1000)'],
  ['Q', 'liquid form (T-1000)'],
  ['Shift', 'sprint (escorts)'],
  ['Enter', 'chat · Tab switches all / team'],
  ['H', 'this help'],
  ['spectating: F / click', 'follow next player · C free camera, drag or WASD to pan'],
];
