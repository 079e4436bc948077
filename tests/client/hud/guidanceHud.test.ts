import { describe, expect, it } from 'vitest';
import { briefingFor } from '../../../client/src/hud/briefing.js';
import { arrowFootprint, edgeArrow } from '../../../client/src/hud/edgeArrow.js';
import { settings } from '../../../client/src/settings/settings.js';

describe('the edge arrow', () => {
  const W = 960;
  const H = 540;
  it('hides when the objective is on screen', () => {
    expect(edgeArrow({ x: 480, y: 270 }, { x: 700, y: 100 }, W, H, 56).onScreen).toBe(true);
  });

  it('points from the character toward an off-screen objective and sits on the inset edge', () => {
    for (const to of [
      { x: 3000, y: 270 },
      { x: -500, y: 100 },
      { x: 480, y: -900 },
      { x: 2000, y: 2000 },
      { x: -100, y: 900 },
    ]) {
      const from = { x: 480, y: 270 };
      const a = edgeArrow(from, to, W, H, 56);
      expect(a.onScreen).toBe(false);
      expect(a.angle).toBeCloseTo(Math.atan2(to.y - from.y, to.x - from.x), 9);
      // On the rectangle 56 px inside the window, and on the ray from the character.
      const onEdge =
        Math.abs(a.x - 56) < 1e-6 ||
        Math.abs(a.x - (W - 56)) < 1e-6 ||
        Math.abs(a.y - 56) < 1e-6 ||
        Math.abs(a.y - (H - 56)) < 1e-6;
      expect(onEdge).toBe(true);
      expect(Math.atan2(a.y - from.y, a.x - from.x)).toBeCloseTo(a.angle, 6);
    }
  });
});

describe('the role briefing', () => {
  it('gives each role its own goal per act, and the hunter no sprint, the escorts no liquid', () => {
    const hunter = briefingFor('t1000', 1);
    expect(hunter.name).toBe('T-1000');
    expect(hunter.goal).toMatch(/Terminate John Connor/);
    expect(hunter.keys.some((k) => /liquid/.test(k.what))).toBe(true);
    expect(hunter.keys.some((k) => k.what === 'sprint')).toBe(false);
    const john = briefingFor('john', 1);
    expect(john.goal).toMatch(/Sarah's cell/);
    expect(john.keys.some((k) => /liquid/.test(k.what))).toBe(false);
    // John carries no gun: no strike row for him.
    expect(john.keys.some((k) => k.keys.startsWith('click'))).toBe(false);
    expect(briefingFor('dyson', 2).goal).toMatch(/keycard/);
    expect(briefingFor('john', 3).goal).toMatch(/extraction/);
  });

  it('lists a key’s alternatives with commas: the help key / is not read as a separator', () => {
    expect(briefingFor('john', 1).keys.find((k) => k.what === 'all keys')?.keys).toBe('H, F1, /');
  });

  it('shows the keys bound now: a rebound key appears in place of the default', () => {
    const liquid = () => briefingFor('t1000', 1).keys.find((k) => /liquid/.test(k.what))?.keys;
    expect(liquid()).toBe('Q');
    settings.set({ keys: { KeyL: 'liquid', KeyQ: '' } });
    try {
      expect(liquid()).toBe('L');
    } finally {
      settings.set({ keys: {} });
    }
  });
});

describe('the edge arrow and the HUD panels', () => {
  it('stops short of a panel on its way to the edge, still on the line toward the objective', () => {
    const minimap = { x: 680, y: 14, w: 266, h: 240 };
    const from = { x: 480, y: 270 };
    const to = { x: 3000, y: -1500 };
    const free = edgeArrow(from, to, 960, 540, 56);
    const inside = (p: { x: number; y: number }) =>
      p.x >= minimap.x && p.x <= minimap.x + minimap.w && p.y >= minimap.y && p.y <= minimap.y + minimap.h;
    expect(inside(free)).toBe(true);
    const a = edgeArrow(from, to, 960, 540, 56, [minimap]);
    expect(inside(a)).toBe(false);
    expect(Math.atan2(a.y - from.y, a.x - from.x)).toBeCloseTo(a.angle, 6);
    expect(Math.hypot(a.x - from.x, a.y - from.y)).toBeGreaterThan(50);
  });

  it('keeps its label clear of a panel too, not only its head (the label hung over the objectives panel)', () => {
    // A 1100 × 760 window, the objectives panel under the minimap at the top right, the
    // objective up and to the right: the arrow lands just left of the panel.
    const panel = { x: 820, y: 14, w: 266, h: 236 };
    const from = { x: 550, y: 380 };
    const to = { x: 1700, y: -1400 };
    const label = 'Hospital exit · 34 m';
    const a = edgeArrow(from, to, 1100, 760, 56, [panel], arrowFootprint(label));
    const f = arrowFootprint(label);
    const box = { x0: a.x - f.left, x1: a.x + f.right, y0: a.y - f.top, y1: a.y + f.bottom };
    const overlaps =
      box.x1 > panel.x && box.x0 < panel.x + panel.w && box.y1 > panel.y && box.y0 < panel.y + panel.h;
    expect(overlaps).toBe(false);
    // The head alone would have been let closer (its centre only 16 px out): the label is what moved it.
    const head = edgeArrow(from, to, 1100, 760, 56, [panel]);
    expect(Math.hypot(head.x - from.x, head.y - from.y)).toBeGreaterThan(
      Math.hypot(a.x - from.x, a.y - from.y),
    );
    // Still on the line toward the objective.
    expect(Math.atan2(a.y - from.y, a.x - from.x)).toBeCloseTo(a.angle, 6);
    // A label as wide as the text it holds (12 px bold: about 7 px a character).
    expect(f.left + f.right).toBeGreaterThanOrEqual(label.length * 6.5);
  });
});
