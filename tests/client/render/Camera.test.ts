import { describe, expect, it } from 'vitest';
import { Camera, VIEW_TILES_TALL } from '../../../client/src/render/Camera.js';
import { TILE } from '../../../client/src/render/palette.js';

describe('Camera', () => {
  it('shows about the same stretch of the world at any window height', () => {
    const c = new Camera(160 * TILE, 60 * TILE);
    c.resize(1280, VIEW_TILES_TALL * TILE);
    expect(c.zoom).toBe(1);
    c.resize(1280, VIEW_TILES_TALL * TILE * 1.5);
    expect(c.view().h / TILE).toBeCloseTo(VIEW_TILES_TALL);
    // Between steps it shows a little more rather than resample the map at an odd scale.
    c.resize(1280, VIEW_TILES_TALL * TILE * 1.1);
    expect(c.zoom).toBe(1);
    expect(c.view().h / TILE).toBeGreaterThan(VIEW_TILES_TALL);
    expect(c.view().h / TILE).toBeLessThan(VIEW_TILES_TALL * 1.25);
  });

  it('screen and world coordinates are inverses', () => {
    const c = new Camera(160 * TILE, 60 * TILE);
    c.resize(1000, 700);
    c.snapTo(2000, 900);
    const s = c.toScreen(2100, 950);
    const w = c.toWorld(s.x, s.y);
    expect(w.x).toBeCloseTo(2100);
    expect(w.y).toBeCloseTo(950);
    expect(c.toScreen(2000, 900)).toEqual({ x: 500, y: 350 });
  });

  it('does not show far past the edge of the map', () => {
    const c = new Camera(160 * TILE, 60 * TILE);
    c.resize(1000, 700);
    c.snapTo(0, 0);
    expect(c.view().x).toBeGreaterThanOrEqual(-2 * TILE - 1e-9);
    expect(c.view().y).toBeGreaterThanOrEqual(-2 * TILE - 1e-9);
  });

  it('follows its target smoothly and arrives', () => {
    const c = new Camera(160 * TILE, 60 * TILE);
    c.resize(1000, 700);
    c.snapTo(1000, 1000);
    c.follow(1100, 1000, 1 / 60);
    expect(c.x).toBeGreaterThan(1000);
    expect(c.x).toBeLessThan(1100);
    for (let i = 0; i < 120; i++) c.follow(1100, 1000, 1 / 60);
    expect(c.x).toBeCloseTo(1100, 1);
  });
});
