import { InputEncoder } from '@colyseus/schema/input';
import fc from 'fast-check';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { checkFrame, type DoorPolicy, isInputFrame } from '../../../server/rooms/door.js';
import { InputState } from '../../../shared/protocol.js';

const MATCH: DoorPolicy = { input: true };
const LOBBY: DoorPolicy = { input: false };
const data = (type: string, payload?: unknown) =>
  Uint8Array.from([
    13,
    0xa0 | type.length,
    ...Buffer.from(type),
    ...(payload === undefined ? [] : pack(payload)),
  ]);

/** Every frame the SDK's reliable input encoder makes of the game's input, as it sends them. */
function sdkInputFrames(
  values: Array<Partial<Record<'moveX' | 'moveY' | 'aim' | 'buttons', number>>>,
): Uint8Array[] {
  const inst = new InputState();
  const enc = new InputEncoder(inst as never);
  return values.map((v) => {
    Object.assign(inst, v);
    return Uint8Array.from([19, ...enc.encode()]);
  });
}

describe('the door', () => {
  it('passes every input frame the SDK encoder makes, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              moveX: fc.float(),
              moveY: fc.float(),
              aim: fc.float(),
              buttons: fc.integer({ min: 0, max: 255 }),
            },
            { requiredKeys: [] },
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (values) => {
          for (const f of sdkInputFrames(values)) expect(checkFrame(f, MATCH)).toEqual({ kind: 'pass' });
        },
      ),
    );
  });

  it('drops input frames of any other shape: unknown fields, repeated fields, cut or padded values', () => {
    expect(isInputFrame(Uint8Array.of(19))).toBe(true);
    expect(isInputFrame(Uint8Array.of(19, 0x83, 7))).toBe(true);
    for (const bad of [
      [19, 0x89, 1],
      [19, 0x83, 1, 0x83, 1],
      [19, 0x80, 0, 0],
      [19, 0x83],
      [19, 0x03, 1],
      [19, 0x83, 1, 0],
      [19, 0xff, 0xff, 0xff],
    ]) {
      expect(checkFrame(Uint8Array.from(bad), MATCH)).toMatchObject({ kind: 'drop' });
    }
  });

  it('random bytes after the input code pass only when they are a legal input (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (body) => {
        const v = checkFrame(Uint8Array.from([19, ...body]), MATCH);
        if (v.kind === 'pass') expect(isInputFrame(Uint8Array.from([19, ...body]))).toBe(true);
        else expect(v.kind).toBe('drop');
      }),
    );
  });

  it('drops the unreliable input channel, requests, raw bytes, server codes, unknown codes and modifier bits', () => {
    for (let code = 0; code < 256; code++) {
      if (code === 10 || code === 12 || code === 13 || code === 18 || code === 19) continue;
      expect(checkFrame(Uint8Array.of(code, 0, 0, 0), MATCH)).toMatchObject({ kind: 'drop' });
    }
  });

  it('drops the "*" type, unreadable types and payloads msgpack cannot read; passes any other type on to the room', () => {
    expect(checkFrame(data('*', { toString: 1 }), MATCH)).toMatchObject({ kind: 'drop' });
    expect(checkFrame(Uint8Array.from([13, 0xa9, 0x41]), MATCH)).toMatchObject({ kind: 'drop' });
    expect(checkFrame(Uint8Array.from([13, 0xa4, ...Buffer.from('chat'), 0xa5, 0x41]), MATCH)).toMatchObject({
      kind: 'drop',
    });
    expect(
      checkFrame(Uint8Array.from([13, 0xa4, ...Buffer.from('chat'), 0xdd, 0xff, 0xff, 0xff, 0xff]), MATCH),
    ).toMatchObject({ kind: 'drop' });
    // The room answers a type it has no handler for (`rejected`; tests/server/badInput.test.ts).
    expect(checkFrame(data('teleport', { x: 1 }), MATCH)).toEqual({ kind: 'pass' });
    expect(checkFrame(data('chat', { text: 'hi' }), MATCH)).toEqual({ kind: 'pass' });
    expect(checkFrame(Uint8Array.from([13, 7, ...pack({ x: 1 })]), MATCH)).toEqual({ kind: 'pass' });
  });

  it('a room without input (the listing) drops input frames; a spectator’s input is ignored, not decoded', () => {
    expect(checkFrame(Uint8Array.of(19, 0x83, 1), LOBBY)).toMatchObject({ kind: 'drop' });
    expect(checkFrame(Uint8Array.of(19, 0x83, 1), MATCH, true)).toEqual({ kind: 'ignore' });
  });

  it('control codes pass alone and are dropped with trailing bytes', () => {
    for (const code of [10, 12, 18]) {
      expect(checkFrame(Uint8Array.of(code), MATCH)).toEqual({ kind: 'pass' });
      expect(checkFrame(Uint8Array.of(code, 1), MATCH)).toMatchObject({ kind: 'drop' });
    }
    expect(checkFrame(new Uint8Array(0), MATCH)).toMatchObject({ kind: 'drop' });
  });
});
