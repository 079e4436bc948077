// Tests of shared/protocol.ts (the server's wire contract; kept with the server's tests).
import { describe, expect, it } from 'vitest';
import {
  cleanName,
  InputState,
  sanitizeInput,
  validateChat,
  validateHostOptions,
  validateJoin,
  validateProfile,
  validateReady,
  wrapAngle,
} from '../../shared/protocol.js';
import { BUTTON_MASK, Button, type PlayerInput } from '../../shared/sim/types.js';

const sane = (i: Partial<Record<keyof PlayerInput, unknown>>): PlayerInput => {
  const input = { moveX: 0, moveY: 0, aim: 0, buttons: 0, ...i } as PlayerInput;
  sanitizeInput(input);
  return input;
};

describe('input schema', () => {
  it('the copy the room buffers holds the same four numbers, as a plain object', () => {
    const input = new InputState();
    input.moveX = 0.5;
    input.moveY = -1;
    input.aim = 2;
    input.buttons = Button.Interact;
    const copy = input.clone() as unknown as PlayerInput;
    expect(copy).toEqual({ moveX: 0.5, moveY: -1, aim: 2, buttons: Button.Interact });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    input.moveX = -0.25;
    expect(copy.moveX).toBe(0.5);
  });
});

describe('input sanitiser', () => {
  it('keeps a legal input as it is', () => {
    expect(sane({ moveX: 0.5, moveY: -1, aim: 1, buttons: Button.Primary | Button.Sprint })).toEqual({
      moveX: 0.5,
      moveY: -1,
      aim: 1,
      buttons: 9,
    });
  });

  it('clamps movement axes to [-1, 1], huge numbers included', () => {
    expect(sane({ moveX: 3, moveY: -1e38 })).toMatchObject({ moveX: 1, moveY: -1 });
  });

  it('turns NaN and ±Infinity into neutral values', () => {
    expect(
      sane({ moveX: Number.NaN, moveY: Number.POSITIVE_INFINITY, aim: Number.NEGATIVE_INFINITY }),
    ).toEqual({
      moveX: 0,
      moveY: 0,
      aim: 0,
      buttons: 0,
    });
  });

  it('wraps the aim into [-π, π), however far it has turned', () => {
    expect(wrapAngle(Math.PI)).toBeCloseTo(-Math.PI);
    expect(wrapAngle(7 * Math.PI + 0.25)).toBeCloseTo(-Math.PI + 0.25);
    const a = sane({ aim: 3e38 }).aim;
    expect(a).toBeGreaterThanOrEqual(-Math.PI);
    expect(a).toBeLessThan(Math.PI);
  });

  it('masks unknown button bits and refuses non-integer buttons', () => {
    expect(sane({ buttons: 0xff }).buttons).toBe(BUTTON_MASK);
    expect(sane({ buttons: 2.5 }).buttons).toBe(0);
    expect(sane({ buttons: 'x' }).buttons).toBe(0);
  });

  it('turns values of the wrong type into neutral ones', () => {
    expect(sane({ moveX: '1', aim: {} })).toMatchObject({ moveX: 0, aim: 0 });
  });
});

describe('payload validators', () => {
  it('a name is trimmed, stripped of control characters and at most 20 characters', () => {
    expect(cleanName('  Kyle\u0000 Reese ')).toEqual({ ok: true, value: 'Kyle Reese' });
    expect(cleanName('x'.repeat(21)).ok).toBe(false);
    expect(cleanName('   ').ok).toBe(false);
    expect(cleanName(42).ok).toBe(false);
  });

  it('join options default to "any" and a player; wrong types are refused', () => {
    expect(validateJoin(undefined, 'P')).toEqual({
      ok: true,
      value: { name: 'P', pref: 'any', spectator: false },
    });
    expect(validateJoin({ pref: 'sniper' }, 'P').ok).toBe(false);
    expect(validateJoin({ spectator: 'yes' }, 'P').ok).toBe(false);
    expect(validateJoin({ name: ['a'] }, 'P').ok).toBe(false);
  });

  it('profile, ready, chat and host options refuse wrong shapes', () => {
    expect(validateProfile({ pref: 'hunter' })).toEqual({ ok: true, value: { pref: 'hunter' } });
    expect(validateProfile('hunter').ok).toBe(false);
    expect(validateReady({ ready: 1 }).ok).toBe(false);
    expect(validateReady({ ready: true })).toEqual({ ok: true, value: true });
    expect(validateChat({ text: 'x'.repeat(201) }).ok).toBe(false);
    expect(validateChat({ text: 'hi', team: true })).toEqual({ ok: true, value: { text: 'hi', team: true } });
    expect(validateHostOptions({ matchSeconds: Number.NaN }).ok).toBe(false);
    expect(validateHostOptions({ police: 1e9 }).ok).toBe(false);
    expect(validateHostOptions({ bots: 'no' }).ok).toBe(false);
    expect(validateHostOptions({ matchSeconds: 60, civilians: 10.4 })).toEqual({
      ok: true,
      value: { matchSeconds: 60, civilians: 10 },
    });
  });
});
