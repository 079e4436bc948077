import { describe, expect, it } from 'vitest';
import { aimAt, Controls } from '../../../client/src/input/Controls.js';
import { actionOf, mouseActionOf } from '../../../client/src/input/keymap.js';
import { Button } from '../../../shared/sim/types.js';

describe('key mapping', () => {
  it('WASD and the arrows both move', () => {
    expect([actionOf('KeyW'), actionOf('KeyA'), actionOf('KeyS'), actionOf('KeyD')]).toEqual([
      'up',
      'left',
      'down',
      'right',
    ]);
    expect([
      actionOf('ArrowUp'),
      actionOf('ArrowLeft'),
      actionOf('ArrowDown'),
      actionOf('ArrowRight'),
    ]).toEqual(['up', 'left', 'down', 'right']);
  });

  it('E interacts or mimics, Q melts, Shift sprints, a click strikes or shoots', () => {
    expect(actionOf('KeyE')).toBe('interact');
    expect(actionOf('KeyQ')).toBe('liquid');
    expect(actionOf('ShiftLeft')).toBe('sprint');
    expect(actionOf('ShiftRight')).toBe('sprint');
    expect(mouseActionOf(0)).toBe('primary');
    expect(mouseActionOf(2)).toBe('interact');
    expect(mouseActionOf(1)).toBeUndefined();
  });

  it('keys the game does not use are left to the browser', () => {
    expect(actionOf('KeyZ')).toBeUndefined();
    expect(actionOf('toString')).toBeUndefined();
  });
});

describe('Controls', () => {
  it('a diagonal is as fast as a straight line', () => {
    const s = new Controls();
    s.press('up', 'KeyW');
    s.press('right', 'KeyD');
    const i = s.take();
    expect(Math.hypot(i.moveX, i.moveY)).toBeCloseTo(1, 9);
    expect(i.moveX).toBeGreaterThan(0);
    expect(i.moveY).toBeLessThan(0);
  });

  it('opposite keys cancel', () => {
    const s = new Controls();
    s.press('left', 'KeyA');
    s.press('right', 'ArrowRight');
    expect(s.take()).toMatchObject({ moveX: 0, moveY: 0 });
  });

  it('held buttons map to the input bitmask', () => {
    const s = new Controls();
    s.press('primary', 'mouse0');
    s.press('sprint', 'ShiftLeft');
    expect(s.take().buttons).toBe(Button.Primary | Button.Sprint);
    s.release('primary', 'mouse0');
    expect(s.take().buttons).toBe(Button.Sprint);
  });

  it('a tap shorter than one input step still reaches one input, and only one', () => {
    const s = new Controls();
    s.press('liquid', 'KeyQ');
    s.release('liquid', 'KeyQ');
    expect(s.take().buttons).toBe(Button.Liquid);
    expect(s.take().buttons).toBe(0);
  });

  it('an action held by two sources stays held until both let go', () => {
    const s = new Controls();
    s.press('interact', 'KeyE');
    s.press('interact', 'mouse2');
    s.release('interact', 'KeyE');
    expect(s.isHeld('interact')).toBe(true);
    s.release('interact', 'mouse2');
    expect(s.isHeld('interact')).toBe(false);
  });

  it('losing focus releases everything, so no key sticks', () => {
    const s = new Controls();
    s.press('up', 'KeyW');
    s.press('sprint', 'ShiftLeft');
    s.take();
    s.releaseAll();
    expect(s.take()).toMatchObject({ moveX: 0, moveY: 0, buttons: 0 });
  });

  it('the aim is carried into the input', () => {
    const s = new Controls();
    s.aim = 1.25;
    expect(s.take().aim).toBe(1.25);
  });
});

describe('aimAt', () => {
  it('points from the character to the pointer, y down', () => {
    expect(aimAt(0, 0, 10, 0, 9)).toBeCloseTo(0);
    expect(aimAt(0, 0, 0, 10, 9)).toBeCloseTo(Math.PI / 2);
    expect(aimAt(5, 5, 0, 5, 9)).toBeCloseTo(Math.PI);
  });

  it('keeps the previous aim when the pointer is on the character', () => {
    expect(aimAt(3, 3, 3, 3, 0.7)).toBe(0.7);
  });
});
