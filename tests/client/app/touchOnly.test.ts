import { describe, expect, it } from 'vitest';
import { touchOnly } from '../../../client/src/ui/homeScreen.js';

const device = (matches: string[]) => (q: string) => matches.includes(q);

describe('a device without a keyboard', () => {
  it('a phone (coarse pointer, no hover) is told the game needs a keyboard', () => {
    expect(touchOnly(device(['(pointer: coarse)']))).toBe(true);
  });

  it('a computer, or a touch laptop with a mouse or trackpad, is not', () => {
    expect(touchOnly(device(['(pointer: fine)', '(hover: hover)']))).toBe(false);
    expect(touchOnly(device(['(pointer: coarse)', '(hover: hover)']))).toBe(false);
    expect(touchOnly(device(['(pointer: coarse)', '(pointer: fine)']))).toBe(false);
  });
});
