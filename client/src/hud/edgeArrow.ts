/** Where the guidance arrow goes on screen, and which way it points. */
export interface ArrowPlace {
  /** The objective is inside the screen's inset rectangle: no arrow, the marker shows. */
  onScreen: boolean;
  /** The arrow's centre (CSS px) on the inset rectangle's edge. */
  x: number;
  y: number;
  /** Radians, screen space (0 = right, π/2 = down), from the own character toward the objective. */
  angle: number;
}

/**
 * The edge arrow for an objective at screen point `to`, seen from the own
 * character at `from` (both CSS px), on a `w` × `h` screen: off-screen
 * objectives get an arrow where the line from the character to them meets
 * the screen's edge, `inset` px inside it.
 */
export function edgeArrow(
  from: { x: number; y: number },
  to: { x: number; y: number },
  w: number,
  h: number,
  inset: number,
  avoid: readonly { x: number; y: number; w: number; h: number }[] = [],
): ArrowPlace {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const x0 = inset;
  const y0 = inset;
  const x1 = Math.max(x0, w - inset);
  const y1 = Math.max(y0, h - inset);
  const onScreen = to.x >= x0 && to.x <= x1 && to.y >= y0 && to.y <= y1;
  if (onScreen) return { onScreen, x: to.x, y: to.y, angle };
  const fx = Math.min(x1, Math.max(x0, from.x));
  const fy = Math.min(y1, Math.max(y0, from.y));
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  let t = Number.POSITIVE_INFINITY;
  if (dx > 1e-9) t = Math.min(t, (x1 - fx) / dx);
  if (dx < -1e-9) t = Math.min(t, (x0 - fx) / dx);
  if (dy > 1e-9) t = Math.min(t, (y1 - fy) / dy);
  if (dy < -1e-9) t = Math.min(t, (y0 - fy) / dy);
  if (!Number.isFinite(t)) t = 0;
  // Not under a HUD panel: back along the ray to just before the panel it would land in.
  for (let pass = 0; pass < avoid.length; pass++) {
    const px = fx + dx * t;
    const py = fy + dy * t;
    const r = avoid.find(
      (b) => px >= b.x - 16 && px <= b.x + b.w + 16 && py >= b.y - 16 && py <= b.y + b.h + 16,
    );
    if (!r) break;
    const enter = entry(fx, fy, dx, dy, r, 16);
    if (enter <= 0) break;
    t = enter;
  }
  return { onScreen, x: fx + dx * t, y: fy + dy * t, angle };
}

/** Where the ray from (fx, fy) along (dx, dy) first enters the box grown by `pad` (ray length; 0 when inside or never). */
function entry(
  fx: number,
  fy: number,
  dx: number,
  dy: number,
  b: { x: number; y: number; w: number; h: number },
  pad: number,
): number {
  let t0 = 0;
  let t1 = Number.POSITIVE_INFINITY;
  const slab = (f: number, d: number, lo: number, hi: number): boolean => {
    if (Math.abs(d) < 1e-9) return f >= lo && f <= hi;
    let a = (lo - f) / d;
    let c = (hi - f) / d;
    if (a > c) [a, c] = [c, a];
    t0 = Math.max(t0, a);
    t1 = Math.min(t1, c);
    return t0 <= t1;
  };
  if (!slab(fx, dx, b.x - pad, b.x + b.w + pad) || !slab(fy, dy, b.y - pad, b.y + b.h + pad)) return 0;
  return t0;
}
