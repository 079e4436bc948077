import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP_FILE, mapFileFor } from '../../../client/src/net/mapLoader.js';

const index = [
  { file: 'la-1995.tmj', name: 'Los Angeles 1995' },
  { file: 'foundry.tmj', name: 'The Foundry' },
];

describe('which map file a room names', () => {
  it('by display name (what the room state carries) or by file name', () => {
    expect(mapFileFor(index, 'The Foundry')).toBe('foundry.tmj');
    expect(mapFileFor(index, 'foundry')).toBe('foundry.tmj');
    expect(mapFileFor(index, 'maps/foundry.tmj')).toBe('foundry.tmj');
  });

  it('the server default when the room names none', () => {
    expect(mapFileFor(index, '')).toBe(DEFAULT_MAP_FILE);
  });

  it('an unlisted name is tried as a file of that name', () => {
    expect(mapFileFor([], 'custom')).toBe('custom.tmj');
  });
});
