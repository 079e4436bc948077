import { afterEach, describe, expect, it, vi } from 'vitest';
import { Controls } from '../../../client/src/input/Controls.js';
import { bindInput } from '../../../client/src/input/keyboard.js';
import {
  actionOf,
  codesFor,
  DEFAULT_KEYMAP,
  effectiveKeymap,
  KEYMAP,
  keyFor,
  keyHelpRows,
  keyLabel,
  keysFor,
  rebind,
  unbind,
} from '../../../client/src/input/keymap.js';
import { settings } from '../../../client/src/settings/settings.js';
import { Button } from '../../../shared/sim/types.js';

afterEach(() => settings.set({ keys: {} }));

describe('rebinding keys (overrides over the defaults)', () => {
  it('no overrides: the defaults', () => {
    expect(effectiveKeymap({})).toEqual(DEFAULT_KEYMAP);
  });

  it('rebinding moves the action: the new key does it, the old one does nothing, the other default stays', () => {
    const o = rebind({}, 'up', 'KeyI', 'KeyW');
    const m = effectiveKeymap(o);
    expect(m.KeyI).toBe('up');
    expect(m.KeyW).toBeUndefined();
    expect(m.ArrowUp).toBe('up');
    expect(o).toEqual({ KeyI: 'up', KeyW: '' });
  });

  it('a key taken by another action is swapped: that action gets the replaced key', () => {
    // Move "interact" onto W, which "up" had: up takes E.
    const m = effectiveKeymap(rebind({}, 'interact', 'KeyW', 'KeyE'));
    expect(m.KeyW).toBe('interact');
    expect(m.KeyE).toBe('up');
    expect(codesFor('up', m)).toEqual(['KeyE', 'ArrowUp']);
    expect(codesFor('interact', m)).toEqual(['KeyW']);
  });

  it('adding a key that another action had takes it from that action (nothing to swap)', () => {
    const m = effectiveKeymap(rebind({}, 'sprint', 'KeyQ', null));
    expect(m.KeyQ).toBe('sprint');
    expect(codesFor('liquid', m)).toEqual([]);
    expect(codesFor('sprint', m).sort()).toEqual(['KeyQ', 'ShiftLeft', 'ShiftRight']);
  });

  it('binding a key back to its default leaves no override; unbinding removes one key', () => {
    const there = rebind({}, 'up', 'KeyI', 'KeyW');
    expect(rebind(there, 'up', 'KeyW', 'KeyI')).toEqual({});
    const o = unbind({}, 'KeyT');
    expect(effectiveKeymap(o).KeyT).toBeUndefined();
    expect(effectiveKeymap(o).Enter).toBe('chat');
  });

  it('Escape cannot be bound (it opens the menu), nor can unknown actions sneak in from storage', () => {
    expect(rebind({}, 'up', 'Escape', 'KeyW')).toEqual({});
    expect(effectiveKeymap({ Escape: 'up', KeyZ: 'fly' })).toEqual(DEFAULT_KEYMAP);
  });

  it('the live KEYMAP, actionOf and keyFor follow the settings', () => {
    expect(keyFor('up')).toBe('W');
    settings.set({ keys: rebind(settings.get().keys, 'up', 'KeyI', 'KeyW') });
    expect(KEYMAP.KeyI).toBe('up');
    expect(actionOf('KeyI')).toBe('up');
    expect(actionOf('KeyW')).toBeUndefined();
    // The rebound key is the one shown (the briefing, the HUD), the arrow still works.
    expect(keyFor('up')).toBe('I');
    expect(keysFor('up')).toEqual(['I', '⭡']);
    settings.set({ keys: unbind(settings.get().keys, 'ArrowUp') });
    expect(keysFor('up')).toEqual(['I']);
    settings.set({ keys: unbind(settings.get().keys, 'KeyI') });
    expect(keyFor('up')).toBe('unbound');
  });

  it('the key help shows the keys bound now', () => {
    const before = keyHelpRows().find((r) => r.what === 'liquid form (T-1000)');
    expect(before?.keys).toEqual(['Q']);
    settings.set({ keys: rebind({}, 'liquid', 'KeyG', 'KeyQ') });
    expect(keyHelpRows().find((r) => r.what === 'liquid form (T-1000)')?.keys).toEqual(['G']);
    settings.set({ keys: rebind({}, 'up', 'KeyI', 'KeyW') });
    expect(keyHelpRows()[0].keys).toEqual(['I A S D', 'arrows']);
  });

  it('key labels read like the keyboard', () => {
    expect(keyLabel('KeyW')).toBe('W');
    expect(keyLabel('Digit3')).toBe('3');
    expect(keyLabel('ShiftLeft')).toBe('Shift');
    expect(keyLabel('Space')).toBe('Space');
    expect(keyLabel('ArrowLeft')).toBe('⭠');
    expect(keyLabel('Numpad8')).toBe('Num 8');
    expect(keyLabel('F1')).toBe('F1');
  });
});

/** A window and a canvas as plain event targets: enough for bindInput in Node. */
function fakeDom() {
  const win = new EventTarget();
  const canvas = new EventTarget() as EventTarget & {
    getBoundingClientRect(): { left: number; top: number };
  };
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0 });
  vi.stubGlobal('window', win);
  const key = (type: 'keydown' | 'keyup', code: string) => {
    const e = new Event(type, { cancelable: true });
    Object.assign(e, { code, repeat: false, ctrlKey: false, metaKey: false, altKey: false });
    win.dispatchEvent(e);
  };
  return { canvas, key };
}

describe('the controls with a rebound key', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the rebound key moves the character, the old key no longer does', () => {
    const { canvas, key } = fakeDom();
    const controls = new Controls();
    const off = bindInput(
      canvas as unknown as HTMLElement,
      controls,
      { x: 0, y: 0, inside: false },
      () => {},
    );
    settings.set({ keys: rebind({}, 'up', 'KeyI', 'KeyW') });
    key('keydown', 'KeyW');
    expect(controls.take().moveY).toBe(0);
    key('keyup', 'KeyW');
    key('keydown', 'KeyI');
    const input = controls.take();
    expect(input.moveY).toBe(-1);
    expect(input.moveX).toBe(0);
    key('keyup', 'KeyI');
    expect(controls.take().moveY).toBe(0);
    off();
  });

  it('a swapped button key sets its new button', () => {
    const { canvas, key } = fakeDom();
    const controls = new Controls();
    const off = bindInput(
      canvas as unknown as HTMLElement,
      controls,
      { x: 0, y: 0, inside: false },
      () => {},
    );
    settings.set({ keys: rebind({}, 'liquid', 'KeyE', 'KeyQ') }); // liquid on E, interact takes Q
    key('keydown', 'KeyE');
    expect(controls.take().buttons).toBe(Button.Liquid);
    key('keyup', 'KeyE');
    key('keydown', 'KeyQ');
    expect(controls.take().buttons).toBe(Button.Interact);
    off();
  });

  it('a rebinding while a key is held lets go of it (its key-up would now mean another action)', () => {
    const { canvas, key } = fakeDom();
    const controls = new Controls();
    const off = bindInput(
      canvas as unknown as HTMLElement,
      controls,
      { x: 0, y: 0, inside: false },
      () => {},
    );
    key('keydown', 'KeyD');
    expect(controls.take().moveX).toBe(1);
    settings.set({ keys: rebind({}, 'left', 'KeyD', 'KeyA') }); // D now moves left, A right
    key('keyup', 'KeyD');
    expect(controls.move()).toEqual({ x: 0, y: 0 });
    off();
  });
});
