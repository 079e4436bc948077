import { describe, expect, it } from 'vitest';
import {
  type Box,
  boxesOverlap,
  inside,
  layoutBelow,
  layoutLabels,
} from '../../../client/src/render/labelLayout.js';

const label = (x: number, y: number, w = 80, h = 14): Box => ({ x, y, w, h });
const shifted = (ls: readonly Box[], dys: readonly number[]) => ls.map((l, i) => ({ ...l, y: l.y + dys[i] }));

function overlaps(boxes: readonly Box[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i], boxes[j])) out.push([i, j]);
  return out;
}

/** A small seeded generator of numbers in [0, 1], so the random crowds are the same every run. */
function lcg(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('name label layout', () => {
  it('leaves labels that do not touch where they are', () => {
    const ls = [label(0, 0), label(200, 0), label(0, 100)];
    expect(layoutLabels(ls, [], 60)).toEqual([0, 0, 0]);
  });

  it('stacks the labels of characters standing together so none covers another', () => {
    // Five escorts in a huddle: their labels all start on top of each other.
    const ls = [label(0, 0), label(6, 2), label(-5, 1), label(3, -3), label(10, 4)];
    expect(overlaps(ls).length).toBeGreaterThan(0);
    const dys = layoutLabels(ls, [], 60);
    expect(overlaps(shifted(ls, dys))).toEqual([]);
    // The first (the player's own) keeps its place.
    expect(dys[0]).toBe(0);
  });

  it('keeps labels clear of the clock, moving one under its figure when above is covered', () => {
    const clock = { x: -100, y: -200, w: 300, h: 214 };
    const ls = [label(0, 0)];
    const dys = layoutLabels(ls, [clock], 60);
    expect(boxesOverlap(shifted(ls, dys)[0], clock)).toBe(false);
    expect(dys[0]).toBeGreaterThan(0);
  });

  it('holds for many random crowds: no two labels overlap, none covers the keep-out area', () => {
    const rnd = lcg(7);
    const clock = { x: 400, y: 0, w: 160, h: 70 };
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rnd() * 4);
      const ls = Array.from({ length: n }, () => label(300 + rnd() * 300, 40 + rnd() * 300, 50 + rnd() * 60));
      const placed = shifted(ls, layoutLabels(ls, [clock], 60));
      expect(overlaps(placed)).toEqual([]);
      for (const b of placed) expect(boxesOverlap(b, clock)).toBe(false);
    }
  });

  it('stacks the action texts of two characters on one spot down, one under the other', () => {
    // Two hands on one lock: both "picking lock" texts start in the same place under the figures.
    const texts = [label(0, 30, 70, 13), label(2, 31, 70, 13)];
    const dys = layoutBelow(texts, []);
    expect(dys[0]).toBe(0);
    expect(dys[1]).toBeGreaterThan(0);
    expect(overlaps(shifted(texts, dys))).toEqual([]);
  });

  it('keeps names clear of the action texts they are laid out around', () => {
    // Kyle picks a lock; Sarah stands just below him, her name where his action text shows.
    const text = label(0, 30, 70, 13);
    const names = [label(0, 0), label(4, 28)];
    const dys = layoutLabels(names, [text], 60);
    const placed = shifted(names, dys);
    expect(overlaps(placed)).toEqual([]);
    for (const n of placed) expect(boxesOverlap(n, text)).toBe(false);
  });

  it('holds for many random crowds with action texts: nothing overlaps, texts only move down', () => {
    const rnd = lcg(11);
    const clock = { x: 400, y: 0, w: 160, h: 70 };
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rnd() * 4);
      const at = Array.from({ length: n }, () => ({ x: 300 + rnd() * 120, y: 120 + rnd() * 120 }));
      const texts = at.filter(() => rnd() < 0.6).map((p) => label(p.x - 35, p.y + 20, 70, 13));
      const down = layoutBelow(texts, [clock]);
      for (const d of down) expect(d).toBeGreaterThanOrEqual(0);
      const placedTexts = shifted(texts, down);
      expect(overlaps(placedTexts)).toEqual([]);
      const names = at.map((p) => label(p.x - 30, p.y - 30, 60));
      const placedNames = shifted(names, layoutLabels(names, [clock, ...placedTexts], 60));
      expect(overlaps([...placedTexts, ...placedNames])).toEqual([]);
    }
  });

  it('slides a name at the view’s edge back inside it, and leaves one inside (or too wide) alone', () => {
    expect(inside(-20, 60, 0, 400)).toBe(20);
    expect(inside(370, 60, 0, 400)).toBe(-30);
    expect(inside(100, 60, 0, 400)).toBe(0);
    expect(inside(-20, 500, 0, 400)).toBe(0);
  });
});
