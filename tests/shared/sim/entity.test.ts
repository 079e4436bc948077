import { describe, expect, it } from 'vitest';
import { BLOCKS_LIQUID, BLOCKS_WALK } from '../../../shared/map/tiles.js';
import {
  blockMaskOf,
  isActive,
  isArmed,
  isFullyLiquid,
  isFullySolid,
  isPresent,
  makeEntity,
} from '../../../shared/sim/entity.js';
import type { Life } from '../../../shared/sim/types.js';

/** The predicates every rule and reader asks of a character. */

const LIVES: Life[] = ['healthy', 'injured', 'downed', 'eliminated', 'destroyed'];

describe('entity predicates', () => {
  it('active: healthy or injured (a downed or out character cannot act)', () => {
    expect(LIVES.filter((life) => isActive({ life }))).toEqual(['healthy', 'injured']);
  });

  it('present: everyone but the eliminated and the destroyed', () => {
    expect(LIVES.filter((life) => isPresent({ life }))).toEqual(['healthy', 'injured', 'downed']);
  });

  it('a melting or reforming T-1000 is neither fully liquid nor fully solid', () => {
    expect(isFullyLiquid({ liquid: true, morph: 0 })).toBe(true);
    expect(isFullySolid({ liquid: false, morph: 0 })).toBe(true);
    for (const changing of [
      { liquid: true, morph: 0.3 },
      { liquid: false, morph: 0.3 },
    ]) {
      expect(isFullyLiquid(changing)).toBe(false);
      expect(isFullySolid(changing)).toBe(false);
    }
  });

  it('only a fully liquid T-1000 passes bars and locked doors', () => {
    const t = makeEntity(0, 1, 't1000', 'T-1000', 0, 1, 1);
    expect(blockMaskOf(t)).toBe(BLOCKS_WALK);
    t.liquid = true;
    t.morph = 0.6;
    expect(blockMaskOf(t)).toBe(BLOCKS_WALK);
    t.morph = 0;
    expect(blockMaskOf(t)).toBe(BLOCKS_LIQUID);
    t.liquid = false;
    t.morph = 0.6;
    expect(blockMaskOf(t)).toBe(BLOCKS_WALK);
    expect(blockMaskOf(makeEntity(1, 2, 'john', 'John', 0, 1, 1))).toBe(BLOCKS_WALK);
  });

  it('armed: Sarah always, the T-800 while it has shells, nobody else', () => {
    expect(isArmed({ role: 'sarah', ammo: 0 })).toBe(true);
    expect(isArmed({ role: 't800', ammo: 1 })).toBe(true);
    expect(isArmed({ role: 't800', ammo: 0 })).toBe(false);
    expect(isArmed({ role: 'john', ammo: 5 })).toBe(false);
    expect(isArmed({ role: 't1000', ammo: 5 })).toBe(false);
  });
});
