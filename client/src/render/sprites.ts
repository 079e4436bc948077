import { Graphics, GraphicsContext, Rectangle, type Renderer, type Texture } from 'pixi.js';
import type { Role } from '../../../shared/roles.js';
import { ENTITY_RADIUS } from '../../../shared/tuning.js';
import { shade } from './mapArt.js';
import { COLORS, TILE } from './palette.js';

/** Drawn body radius in pixels: a little larger than the collision circle, so figures read at a glance. */
export const R = ENTITY_RADIUS * TILE * 1.2;

const SKIN = [0xf1c27d, 0xe0ac69, 0xc68642, 0x8d5524, 0xffdbac];
const HAIR = [0x2b1d14, 0x4a3121, 0x6b4423, 0x1a1a1a, 0x8c6a3f, 0xb7a57a];

const OUTLINE = { width: 2, color: 0x07090d, alpha: 0.95 } as const;
const THIN = { width: 1, color: 0x07090d, alpha: 0.8 } as const;

/** What a role carries, drawn under the body (behind) or over it (in the hands), facing +x. */
function gear(g: GraphicsContext, role: Role, front: boolean): void {
  if (!front) {
    if (role === 'john')
      g.roundRect(-R * 1.08, -R * 0.5, R * 0.5, R, 2)
        .fill(0x6b4a2a)
        .stroke(THIN);
    if (role === 'dyson')
      g.roundRect(-R * 0.35, R * 0.72, R * 0.9, R * 0.42, 1.5)
        .fill(0x3b2a1a)
        .stroke(THIN);
    return;
  }
  // Guns point forward from the right hand.
  if (role === 't800')
    g.roundRect(R * 0.35, R * 0.28, R * 1.35, R * 0.24, 1)
      .fill(0x1c1c1c)
      .stroke(THIN);
  if (role === 'sarah')
    g.roundRect(R * 0.45, R * 0.32, R * 0.8, R * 0.2, 1)
      .fill(0x1c1c1c)
      .stroke(THIN);
}

/**
 * Top-down figures drawn facing +x (the view rotates them to the facing): a
 * body in the character's colour with a bright nose marking where it looks,
 * a head, and what tells a role apart — the T-800's shotgun and shades,
 * Sarah's pistol and ponytail, John's backpack, Dyson's glasses and
 * briefcase, caps for police and guards, and the T-1000's chrome. `variant`
 * varies skin and hair across the crowd.
 */
function drawFigure(g: GraphicsContext, role: Role, color: number, variant: number): void {
  const skin = SKIN[variant % SKIN.length];
  const hair = HAIR[(variant >> 3) % HAIR.length];
  gear(g, role, false);
  if (role === 't1000') {
    g.circle(0, 0, R).fill(0x8e9fb3).stroke(OUTLINE);
    g.circle(-R * 0.2, -R * 0.3, R * 0.55).fill({ color: 0xdfe8f1, alpha: 0.45 });
    g.circle(R * 0.12, 0, R * 0.5)
      .fill(0xc9d6e3)
      .stroke({ width: 1, color: 0x4d5a6a });
    g.circle(0, -R * 0.16, R * 0.17).fill({ color: 0xffffff, alpha: 0.95 });
    g.poly([R * 0.78, -R * 0.28, R * 1.22, 0, R * 0.78, R * 0.28]).fill(0xe8f1ff);
    return;
  }
  const wide = role === 't800' ? 1.08 : 1;
  g.circle(0, 0, R * wide)
    .fill(color)
    .stroke(OUTLINE);
  // A darker back half gives the body a top-down shape.
  g.arc(0, 0, R * wide - 1, Math.PI / 2, (Math.PI * 3) / 2).fill({ color: shade(color, 0.62), alpha: 0.7 });
  g.poly([R * 0.78, -R * 0.3, R * 1.25, 0, R * 0.78, R * 0.3])
    .fill({ color: 0xffffff, alpha: 0.9 })
    .stroke(THIN);
  gear(g, role, true);
  if (role === 'police' || role === 'guard') {
    const cap = role === 'police' ? 0x0f1f52 : 0x39424e;
    g.circle(R * 0.08, 0, R * 0.52)
      .fill(cap)
      .stroke(THIN);
    g.roundRect(R * 0.38, -R * 0.36, R * 0.26, R * 0.72, 2).fill(shade(cap, 1.6));
    g.circle(-R * 0.05, 0, R * 0.14).fill(role === 'police' ? 0xf5c542 : 0xc9d1dc);
    return;
  }
  const headHair =
    role === 't800' ? 0x111111 : role === 'sarah' ? 0x3a2415 : role === 'john' ? 0x5a3b22 : hair;
  g.circle(R * 0.1, 0, R * 0.5)
    .fill(skin)
    .stroke(THIN);
  // Hair covers the back of the head.
  g.arc(R * 0.1, 0, R * 0.5, Math.PI * 0.55, Math.PI * 1.45).fill(headHair);
  if (role === 'sarah')
    g.ellipse(-R * 0.55, 0, R * 0.24, R * 0.15)
      .fill(0x3a2415)
      .stroke(THIN);
  if (role === 't800') g.rect(R * 0.38, -R * 0.42, R * 0.2, R * 0.84).fill(0x050505);
  if (role === 'dyson') g.rect(R * 0.4, -R * 0.36, R * 0.12, R * 0.72).fill({ color: 0xdfe6ee, alpha: 0.95 });
}

/** A figure baked into a texture, with where its own origin lies in it. */
export interface FigureTexture {
  texture: Texture;
  anchorX: number;
  anchorY: number;
}

const figures = new Map<string, FigureTexture>();

/** Crowd looks: a few skin and hair combinations per colour are enough variety and keep the cache small. */
const CROWD_VARIANTS = 8;

/**
 * The texture of a figure (with its shadow): drawn once per role, colour and
 * variant at twice the screen density and reused by every sprite, so a frame
 * draws each character as one image instead of a dozen vector shapes.
 */
export function figureTexture(renderer: Renderer, role: Role, color: number, variant: number): FigureTexture {
  const v = role === 'civilian' ? (variant % CROWD_VARIANTS) * 9 : 0;
  const key = `${role}:${color}:${v}`;
  let fig = figures.get(key);
  if (!fig) {
    const ctx = new GraphicsContext()
      .ellipse(0, 1.5, R * 1.08, R * 1.02)
      .fill({ color: 0x000000, alpha: 0.3 });
    drawFigure(ctx, role, color, v);
    const g = new Graphics(ctx);
    const b = g.getLocalBounds();
    const frame = new Rectangle(
      Math.floor(b.x) - 1,
      Math.floor(b.y) - 1,
      Math.ceil(b.width) + 3,
      Math.ceil(b.height) + 3,
    );
    const texture = renderer.generateTexture({ target: g, frame, resolution: 2, antialias: true });
    g.destroy();
    ctx.destroy();
    fig = { texture, anchorX: -frame.x / frame.width, anchorY: -frame.y / frame.height };
    figures.set(key, fig);
  }
  return fig;
}

let puddleCtx: GraphicsContext | null = null;
/** The liquid T-1000: a chrome puddle. */
export function puddleContext(): GraphicsContext {
  puddleCtx ??= new GraphicsContext()
    .ellipse(0, 0, R * 1.7, R * 1.15)
    .fill(0x7f8fa3)
    .stroke({ width: 1.5, color: 0x3d4754 })
    .ellipse(R * 0.9, R * 0.55, R * 0.75, R * 0.5)
    .fill(0x8796a9)
    .stroke({ width: 1, color: 0x3d4754, alpha: 0.6 })
    .ellipse(-R * 0.5, -R * 0.3, R * 0.8, R * 0.35)
    .fill({ color: 0xffffff, alpha: 0.5 })
    .circle(R * 0.9, -R * 0.45, R * 0.15)
    .fill({ color: 0xffffff, alpha: 0.85 });
  return puddleCtx;
}

let windupCtx: GraphicsContext | null = null;
/** The blade's wind-up telegraph: the 100° arc of 1.4 tiles it will sweep, facing +x. */
export function windupContext(arcDeg: number, range: number): GraphicsContext {
  if (windupCtx) return windupCtx;
  const half = (arcDeg / 2) * (Math.PI / 180);
  const rad = range * TILE;
  windupCtx = new GraphicsContext()
    .moveTo(0, 0)
    .arc(0, 0, rad, -half, half)
    .closePath()
    .fill({ color: COLORS.windup, alpha: 0.28 })
    .stroke({ width: 2, color: COLORS.windup, alpha: 0.9 });
  return windupCtx;
}

let ringCtx: GraphicsContext | null = null;
/** The ring under the player's own character. */
export function selfRingContext(): GraphicsContext {
  ringCtx ??= new GraphicsContext()
    .circle(0, 0, R + 5)
    .stroke({ width: 2, color: COLORS.self, alpha: 0.85 })
    .circle(0, 0, R + 8)
    .stroke({ width: 1, color: COLORS.self, alpha: 0.3 });
  return ringCtx;
}

let stunCtx: GraphicsContext | null = null;
/** Stars circling a stunned head. */
export function stunContext(): GraphicsContext {
  if (stunCtx) return stunCtx;
  stunCtx = new GraphicsContext();
  for (let i = 0; i < 3; i++) {
    const a = (i / 3) * Math.PI * 2;
    stunCtx.star(Math.cos(a) * R * 1.1, Math.sin(a) * R * 1.1, 5, 4, 1.8).fill(COLORS.stun);
  }
  return stunCtx;
}
