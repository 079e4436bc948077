/** A rectangle: top-left corner and size, in any one unit (the scene uses world pixels). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Space between two stacked labels. */
const GAP = 2;
/** How many places above (and then below) a label may move before it gives up on a clear one. */
const LEVELS = 6;

const overlap = (a: Box, b: Box): number => {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
};

/** Whether two boxes overlap (touching edges do not). */
export const boxesOverlap = (a: Box, b: Box): boolean => overlap(a, b) > 0;

/**
 * Places each label, in the order given (most important first), at the first
 * of its candidate shifts (nearest first) where it covers no label already
 * placed and no keep-out area; with none clear, where it overlaps least.
 * Returns each label's vertical shift, in the boxes' unit.
 */
function place(
  labels: readonly Box[],
  keepOut: readonly Box[],
  tries: (l: Box) => readonly number[],
): number[] {
  const placed: Box[] = [];
  const shifts: number[] = [];
  for (const l of labels) {
    let best = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const dy of tries(l)) {
      const b = { x: l.x, y: l.y + dy, w: l.w, h: l.h };
      let cost = 0;
      for (const p of placed) cost += overlap(b, p);
      for (const k of keepOut) cost += overlap(b, k);
      if (cost < bestCost) {
        bestCost = cost;
        best = dy;
        if (cost === 0) break;
      }
    }
    shifts.push(best);
    placed.push({ x: l.x, y: l.y + best, w: l.w, h: l.h });
  }
  return shifts;
}

/**
 * Where name labels go so that none covers another or a keep-out area (the
 * HUD's clock and panels, the action texts): each label takes the first
 * clear place among its own (shift 0), stacked steps above it and steps
 * below its figure (`below` is the shift that puts it under the figure),
 * nearest first, alternating; with none clear, the place it overlaps least.
 */
export function layoutLabels(labels: readonly Box[], keepOut: readonly Box[], below: number): number[] {
  return place(labels, keepOut, (l) => {
    const step = l.h + GAP;
    // Nearest the figure first: its own place, one step up, under the figure, two steps up, …
    const tries: number[] = [0];
    for (let k = 1; k <= LEVELS; k++) tries.push(-k * step, below + (k - 1) * step);
    return tries;
  });
}

/**
 * Where the texts under figures go ("picking lock"): each keeps its own
 * place or moves down in steps, so that two characters on one spot (two
 * hands on one lock) show both texts, one under the other, clear of the
 * keep-out areas. Returns each text's vertical shift.
 */
export function layoutBelow(labels: readonly Box[], keepOut: readonly Box[]): number[] {
  return place(labels, keepOut, (l) => {
    const step = l.h + GAP;
    const tries: number[] = [];
    for (let k = 0; k <= LEVELS; k++) tries.push(k * step);
    return tries;
  });
}

/** How far a box [x, x + w] must move to lie within [x0, x0 + w0] (0 when it does, or cannot). */
export function inside(x: number, w: number, x0: number, w0: number): number {
  if (w >= w0) return 0;
  if (x < x0) return x0 - x;
  if (x + w > x0 + w0) return x0 + w0 - (x + w);
  return 0;
}
