import { settings } from '../settings/settings.js';
import type { Controls } from './Controls.js';
import { actionOf, type KeyAction, mouseActionOf } from './keymap.js';

/** Actions the client handles itself (not sent to the server), fired once per press. */
export type LocalAction = Extract<
  KeyAction,
  'help' | 'chat' | 'nextTarget' | 'freeCamera' | 'sideView' | 'overview'
>;
const LOCAL = new Set<KeyAction>(['help', 'chat', 'nextTarget', 'freeCamera', 'sideView', 'overview']);

export interface PointerState {
  /** Pointer position in CSS pixels relative to the canvas. */
  x: number;
  y: number;
  inside: boolean;
}

/**
 * Wires the window's keyboard and the canvas's mouse into an {@link Controls}.
 * Keys typed into a text field (chat, the name box) are left alone. Returns a
 * function that removes every listener.
 */
export function bindInput(
  target: HTMLElement,
  state: Controls,
  pointer: PointerState,
  onLocal: (action: LocalAction) => void,
): () => void {
  const typing = (e: Event): boolean => {
    const el = e.target as HTMLElement | null;
    return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
  };
  const keydown = (e: KeyboardEvent): void => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    const action = actionOf(e.code);
    if (!action) return;
    e.preventDefault();
    if (LOCAL.has(action)) {
      if (!e.repeat) onLocal(action as LocalAction);
      return;
    }
    if (!e.repeat) state.press(action, e.code);
  };
  const keyup = (e: KeyboardEvent): void => {
    const action = actionOf(e.code);
    if (action) state.release(action, e.code);
  };
  const mousedown = (e: MouseEvent): void => {
    const action = mouseActionOf(e.button);
    if (action) {
      e.preventDefault();
      state.press(action, `mouse${e.button}`);
    }
  };
  const mouseup = (e: MouseEvent): void => {
    const action = mouseActionOf(e.button);
    if (action) state.release(action, `mouse${e.button}`);
  };
  const mousemove = (e: MouseEvent): void => {
    const r = target.getBoundingClientRect();
    pointer.x = e.clientX - r.left;
    pointer.y = e.clientY - r.top;
    pointer.inside = true;
  };
  const leave = (): void => {
    pointer.inside = false;
  };
  const blur = (): void => state.releaseAll();
  const menu = (e: Event): void => e.preventDefault();
  // A rebinding while a key is held would leave its old action held forever (its key-up now means another action).
  let keys = settings.get().keys;
  const unsubscribe = settings.subscribe((s) => {
    if (s.keys === keys) return;
    keys = s.keys;
    state.releaseAll();
  });

  window.addEventListener('keydown', keydown);
  window.addEventListener('keyup', keyup);
  window.addEventListener('mouseup', mouseup);
  window.addEventListener('blur', blur);
  target.addEventListener('mousedown', mousedown);
  target.addEventListener('mousemove', mousemove);
  target.addEventListener('mouseleave', leave);
  target.addEventListener('contextmenu', menu);
  return () => {
    unsubscribe();
    window.removeEventListener('keydown', keydown);
    window.removeEventListener('keyup', keyup);
    window.removeEventListener('mouseup', mouseup);
    window.removeEventListener('blur', blur);
    target.removeEventListener('mousedown', mousedown);
    target.removeEventListener('mousemove', mousemove);
    target.removeEventListener('mouseleave', leave);
    target.removeEventListener('contextmenu', menu);
  };
}
