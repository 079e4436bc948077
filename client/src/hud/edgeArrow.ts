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
  /** What is drawn around the arrow's centre (px each way): the head, and the label under it. */
  footprint: Footprint = HEAD_ONLY,
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
  // Neither the head nor its label under a HUD panel: back along the ray to just before
  // the panel it would land in. The arrow's centre must stay out of each panel grown by
  // the footprint (and a small gap), which keeps the whole footprint clear of the panel.
  // (Every frame while the objective is off screen: one scratch box, nothing allocated.)
  const r = GROWN;
  for (let pass = 0; pass < avoid.length; pass++) {
    const px = fx + dx * t;
    const py = fy + dy * t;
    let hit = false;
    for (let i = 0; i < avoid.length && !hit; i++) {
      const b = avoid[i];
      r.x = b.x - footprint.right - GAP;
      r.y = b.y - footprint.bottom - GAP;
      r.w = b.w + footprint.left + footprint.right + 2 * GAP;
      r.h = b.h + footprint.top + footprint.bottom + 2 * GAP;
      hit = px >= r.x && px <= r.x + r.w && py >= r.y && py <= r.y + r.h;
    }
    if (!hit) break;
    const enter = entry(fx, fy, dx, dy, r);
    if (enter <= 0) break;
    t = enter;
  }
  return { onScreen, x: fx + dx * t, y: fy + dy * t, angle };
}

/** Px the arrow's drawing reaches from its centre, each way. */
export interface Footprint {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The head alone (32 px square, hud.css). */
const HEAD_ONLY: Footprint = { left: 16, right: 16, top: 16, bottom: 16 };
/** Px kept between the arrow and a panel. */
const GAP = 4;
/** A panel grown by the footprint and the gap (edgeArrow's scratch). */
const GROWN = { x: 0, y: 0, w: 0, h: 0 };

/**
 * The head and the label under it (hud.css: 12 px bold text centred 18 px
 * below the centre), its width estimated from its length so that no layout
 * is read each frame.
 */
export function arrowFootprint(label: string): Footprint {
  const half = Math.max(16, Math.ceil(label.length * 3.6));
  return { left: half, right: half, top: 16, bottom: 36 };
}

/** Where the ray from (fx, fy) along (dx, dy) first enters the box (ray length; 0 when inside or never). */
function entry(
  fx: number,
  fy: number,
  dx: number,
  dy: number,
  b: { x: number; y: number; w: number; h: number },
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
  if (!slab(fx, dx, b.x, b.x + b.w) || !slab(fy, dy, b.y, b.y + b.h)) return 0;
  return t0;
}
