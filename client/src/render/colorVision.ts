/**
 * Colour vision, measured: how two colours look to a player with red–green
 * colour blindness, and how far apart they look. Used by the tests that keep
 * the colour-blind palette's role and door colours distinguishable.
 *
 * - Simulation: Machado, Oliveira & Fernandes (2009), "A Physiologically-based
 *   Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6); the
 *   severity-1.0 matrices (dichromacy), applied to linear RGB.
 * - Difference: CIEDE2000 (Sharma, Wu & Dalal 2005) between CIELAB colours
 *   (sRGB, D65 white).
 */

export type Rgb = readonly [number, number, number];
export type Lab = readonly [number, number, number];
export type Vision = 'normal' | 'deuteranopia' | 'protanopia' | 'tritanopia';

/** Machado et al. 2009, severity 1.0, rows of a 3×3 matrix on linear RGB. */
export const CVD_MATRICES: Readonly<Record<Exclude<Vision, 'normal'>, readonly Rgb[]>> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** 0xRRGGBB → sRGB channels 0–1. */
export function rgbOf(color: number): Rgb {
  return [((color >> 16) & 255) / 255, ((color >> 8) & 255) / 255, (color & 255) / 255];
}

function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function toGamma(c: number): number {
  const v = Math.min(1, Math.max(0, c));
  return v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055;
}

/** The sRGB colour (0–1 channels) that a viewer with `vision` sees in place of `rgb`. */
export function simulate(rgb: Rgb, vision: Vision): Rgb {
  if (vision === 'normal') return rgb;
  const m = CVD_MATRICES[vision];
  const l = rgb.map(toLinear);
  return m.map((row) => toGamma(row[0] * l[0] + row[1] * l[1] + row[2] * l[2])) as unknown as Rgb;
}

/** sRGB (0–1) → CIELAB, D65. */
export function labOf(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116);
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const deg = Math.PI / 180;

/** CIEDE2000 colour difference (kL = kC = kH = 1). About 2 is just noticeable; above 10 reads as another colour. */
export function deltaE2000(a: Lab, b: Lab): number {
  const [L1, a1, b1] = a;
  const [L2, a2, b2] = b;
  const C1 = Math.hypot(a1, b1);
  const C2 = Math.hypot(a2, b2);
  const Cm = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)));
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1);
  const C2p = Math.hypot(a2p, b2);
  const hue = (x: number, y: number) => {
    if (x === 0 && y === 0) return 0;
    const h = Math.atan2(y, x) / deg;
    return h < 0 ? h + 360 : h;
  };
  const h1p = hue(a1p, b1);
  const h2p = hue(a2p, b2);
  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin((dhp / 2) * deg);
  const Lpm = (L1 + L2) / 2;
  const Cpm = (C1p + C2p) / 2;
  let hpm = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hpm = h1p + h2p < 360 ? hpm + 360 : hpm - 360;
    hpm /= 2;
  }
  const T =
    1 -
    0.17 * Math.cos((hpm - 30) * deg) +
    0.24 * Math.cos(2 * hpm * deg) +
    0.32 * Math.cos((3 * hpm + 6) * deg) -
    0.2 * Math.cos((4 * hpm - 63) * deg);
  const dTheta = 30 * Math.exp(-(((hpm - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lpm - 50) ** 2) / Math.sqrt(20 + (Lpm - 50) ** 2);
  const SC = 1 + 0.045 * Cpm;
  const SH = 1 + 0.015 * Cpm * T;
  const RT = -Math.sin(2 * dTheta * deg) * RC;
  return Math.sqrt((dLp / SL) ** 2 + (dCp / SC) ** 2 + (dHp / SH) ** 2 + RT * (dCp / SC) * (dHp / SH));
}

/** How different two 0xRRGGBB colours look to a viewer with `vision` (CIEDE2000 of the simulated colours). */
export function seenDifference(c1: number, c2: number, vision: Vision): number {
  return deltaE2000(labOf(simulate(rgbOf(c1), vision)), labOf(simulate(rgbOf(c2), vision)));
}

/** WCAG's relative luminance of a 0xRRGGBB colour. */
export function luminance(color: number): number {
  const [r, g, b] = rgbOf(color).map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio of two colours (1 to 21). */
export function contrast(a: number, b: number): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * `color` as text on `background`: itself where it reads (a contrast of at
 * least `min`, WCAG's 4.5 for text), else mixed toward white just enough —
 * the T-800's near-black name on the dark briefing card.
 */
export function legibleOn(color: number, background: number, min = 4.5): number {
  const [r, g, b] = rgbOf(color);
  for (let k = 0; k <= 20; k++) {
    const t = k / 20;
    const mixed =
      (Math.round((r + (1 - r) * t) * 255) << 16) |
      (Math.round((g + (1 - g) * t) * 255) << 8) |
      Math.round((b + (1 - b) * t) * 255);
    if (contrast(mixed, background) >= min) return mixed;
  }
  return 0xffffff;
}
