import { describe, expect, it } from 'vitest';
import { BakeCache } from '../../../client/src/render/bakeCache.js';

/** Chunks stand in for textures: a name each, and a record of those freed. */
function cache() {
  const freed: string[] = [];
  let n = 0;
  const c = new BakeCache<string, string, string>((chunks) => freed.push(...chunks));
  const bake = (map: string) => () => [`${map}#${++n}`];
  return { c, freed, bake };
}

describe('the baked map kept for the next view of it', () => {
  it('a second view of the same map on the same renderer reuses the bake, even after the first view is gone', () => {
    const { c, freed, bake } = cache();
    const a = c.acquire('gl', 'la', bake('la'));
    c.release(a);
    const b = c.acquire('gl', 'la', bake('la'));
    expect(b.chunks).toEqual(['la#1']);
    expect(c.bakes).toBe(1);
    expect(freed).toEqual([]);
  });

  it('another map is baked, and the last one freed at once when no view uses it', () => {
    const { c, freed, bake } = cache();
    c.release(c.acquire('gl', 'la', bake('la')));
    const b = c.acquire('gl', 'mill', bake('mill'));
    expect(b.chunks).toEqual(['mill#2']);
    expect(freed).toEqual(['la#1']);
    expect(c.bakes).toBe(2);
  });

  it('a bake still drawn by a view is freed only when that view lets go (never under it)', () => {
    const { c, freed, bake } = cache();
    const a = c.acquire('gl', 'la', bake('la'));
    c.acquire('gl', 'mill', bake('mill'));
    expect(freed).toEqual([]);
    c.release(a);
    expect(freed).toEqual(['la#1']);
    // Releasing twice frees nothing twice.
    c.release(a);
    expect(freed).toEqual(['la#1']);
  });

  it('another renderer bakes its own (textures belong to the renderer that made them)', () => {
    const { c, bake } = cache();
    c.acquire('gl1', 'la', bake('la'));
    const b = c.acquire('gl2', 'la', bake('la'));
    expect(b.chunks).toEqual(['la#2']);
    expect(c.bakes).toBe(2);
  });

  it('two views of one map at once share it, and it outlives both for the next', () => {
    const { c, freed, bake } = cache();
    const a = c.acquire('gl', 'la', bake('la'));
    const b = c.acquire('gl', 'la', bake('la'));
    expect(b).toBe(a);
    c.release(a);
    c.release(b);
    expect(freed).toEqual([]);
    expect(c.acquire('gl', 'la', bake('la')).chunks).toEqual(['la#1']);
  });
});
