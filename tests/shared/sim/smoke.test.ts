import { describe, expect, it } from 'vitest';
import { BLOCKS_LIQUID, BLOCKS_WALK } from '../../../shared/map/tiles.js';
import { Button } from '../../../shared/sim/types.js';
import { asciiMap, ent, input, place, room, run, testWorld } from './fixtures.js';

describe('movement', () => {
  it('John walks at 4.6 tiles per second on open floor', () => {
    const w = testWorld(asciiMap(room(30, 10)));
    place(w, 'john', 3, 5);
    run(w, 1, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').x).toBeCloseTo(3 + 4.6, 1);
  });
  it('a wall stops John', () => {
    const w = testWorld(asciiMap(['########', '#..#...#', '#..#...#', '########']));
    place(w, 'john', 1.5, 1.5);
    run(w, 2, { john: input({ moveX: 1 }) });
    expect(ent(w, 'john').x).toBeLessThanOrEqual(3 - 0.35 + 1e-6);
  });
  it('flags', () => {
    expect(BLOCKS_WALK).not.toBe(BLOCKS_LIQUID);
    expect(Button.Primary).toBe(1);
  });
});
