// Tests of shared/protocol.ts (the server's wire contract; kept with the server's tests).
import fc from 'fast-check';
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
  it('names stay text: invisible, direction and control characters go; no look-alike of "(bot)"; marks cannot stack', () => {
    // zero-width joiner and space, a right-to-left override, a soft hyphen, a BOM
    expect(cleanName('Ky\u200dle\u200b \u202eesseR\u00ad\ufeff')).toEqual({ ok: true, value: 'Kyle esseR' });
    expect(cleanName('Sarah (bot)')).toEqual({ ok: true, value: 'Sarah bot' });
    // full-width brackets fold to ASCII ones (NFKC), which names may not have
    expect(cleanName('Sarah \uff08bot\uff09')).toEqual({ ok: true, value: 'Sarah bot' });
    expect(cleanName('[admin] <b>x</b>')).toEqual({ ok: true, value: 'admin bxb' });
    const zalgo = cleanName(`x${'\u0336'.repeat(60)}y`);
    expect(zalgo).toEqual({ ok: true, value: 'x\u0336\u0336y' });
    expect(cleanName('\u200b\u200b').ok).toBe(false);
    expect(cleanName('\u0301\u0301').ok).toBe(false);
    expect(cleanName('x'.repeat(10_000)).ok).toBe(false);
    expect(cleanName('Джон Коннор').ok).toBe(true);
    expect(cleanName('ジョン').ok).toBe(true);
  });

  it('chat stays text: control, format and direction characters become spaces', () => {
    expect(validateChat({ text: 'go\u202e left\u0000now' })).toEqual({
      ok: true,
      value: { text: 'go  left now', team: false },
    });
    expect(validateChat({ text: 'x'.repeat(100_000) }).ok).toBe(false);
  });

  it('a name is trimmed, stripped of control characters and at most 20 characters', () => {
    expect(cleanName('  Kyle\u0000 Reese ')).toEqual({ ok: true, value: 'Kyle Reese' });
    expect(cleanName('x'.repeat(21)).ok).toBe(false);
    expect(cleanName('   ').ok).toBe(false);
    expect(cleanName(42).ok).toBe(false);
  });

  it('join options default to "any" and a player; wrong types are refused', () => {
    expect(validateJoin(undefined, 'P')).toEqual({
      ok: true,
      value: { name: 'P', pref: 'any', spectator: false, resume: null, device: null },
    });
    expect(validateJoin({ pref: 'sniper' }, 'P').ok).toBe(false);
    // A seat ticket is base64url of a sane length, nothing else.
    const ticket = 'A'.repeat(32);
    expect(validateJoin({ resume: ticket }, 'P')).toMatchObject({ ok: true, value: { resume: ticket } });
    for (const bad of [
      1,
      '',
      'short',
      'x'.repeat(65),
      'has space in it......',
      { $ne: null },
      ['a'.repeat(20)],
    ])
      expect(validateJoin({ resume: bad }, 'P').ok).toBe(false);
    // So is a browser's key.
    expect(validateJoin({ device: ticket }, 'P')).toMatchObject({ ok: true, value: { device: ticket } });
    for (const bad of [1, '', 'short', 'x'.repeat(65), 'has space in it......', null, { k: 1 }])
      expect(validateJoin({ device: bad }, 'P')).toMatchObject({ ok: false });
    expect(validateJoin({ spectator: 'yes' }, 'P').ok).toBe(false);
    expect(validateJoin({ name: ['a'] }, 'P').ok).toBe(false);
  });

  it('join options of any shape: never a throw; refused with a reason, or clean fields (property)', () => {
    const field = fc.oneof(fc.anything(), fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 80 }));
    fc.assert(
      fc.property(
        fc.record(
          { name: field, pref: field, spectator: field, resume: field, device: field },
          { requiredKeys: [] },
        ),
        (o) => {
          const r = validateJoin(o, 'P');
          if (!r.ok) return typeof r.reason === 'string' && r.reason.length > 0 && !r.reason.includes('\n');
          const { resume, device } = r.value;
          return [resume, device].every((k) => k === null || /^[A-Za-z0-9_-]{16,64}$/.test(k));
        },
      ),
      { numRuns: 2000 },
    );
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
