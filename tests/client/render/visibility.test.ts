import { describe, expect, it } from 'vitest';
import { visibleTiles } from '../../../client/src/render/visibility.js';
import { asciiMap } from '../fixtures/asciiMap.js';

const map = asciiMap([
  '############',
  '#....#.....#',
  '#....#.....#',
  '#....D.....#',
  '#..........#',
  '############',
]);
const at = (out: Uint8Array, x: number, y: number) => out[y * map.width + x];

describe('fog of war', () => {
  it('lights what the eye sees and keeps the far side of a wall dark', () => {
    const out = visibleTiles(
      map.tiles,
      map.width,
      map.height,
      [{ x: 2.5, y: 2.5 }],
      10,
      new Uint8Array(map.tiles.length),
    );
    expect(at(out, 3, 2)).toBe(1);
    expect(at(out, 8, 1)).toBe(0);
    // A locked door blocks sight like a wall.
    expect(at(out, 7, 3)).toBe(0);
  });

  it('lights the face of a wall next to lit floor, not the wall behind it', () => {
    const out = visibleTiles(
      map.tiles,
      map.width,
      map.height,
      [{ x: 2.5, y: 2.5 }],
      10,
      new Uint8Array(map.tiles.length),
    );
    expect(at(out, 5, 2)).toBe(2);
    expect(at(out, 0, 0)).toBe(0);
  });

  it('stops at the vision radius', () => {
    const out = visibleTiles(
      map.tiles,
      map.width,
      map.height,
      [{ x: 1.5, y: 4.5 }],
      3,
      new Uint8Array(map.tiles.length),
    );
    expect(at(out, 3, 4)).toBe(1);
    expect(at(out, 6, 4)).toBe(0);
  });

  it('escorts share what any of them sees', () => {
    const out = visibleTiles(
      map.tiles,
      map.width,
      map.height,
      [
        { x: 2.5, y: 2.5 },
        { x: 8.5, y: 2.5 },
      ],
      10,
      new Uint8Array(map.tiles.length),
    );
    expect(at(out, 8, 1)).toBe(1);
    expect(at(out, 2, 1)).toBe(1);
  });
});
