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
  return { onScreen, x: fx + dx * t, y: fy + dy * t, angle };
}
