import { Container, Graphics, Text } from 'pixi.js';
import type { Box } from './labelLayout.js';
import { COLORS, TILE } from './palette.js';

/**
 * The next objective, marked where it is in the world: a pulsing ring and a
 * chevron bobbing over it, with its name. The position and name come from
 * the guidance (shared/sim/objective.ts through the match view).
 */
export class ObjectiveMarker {
  readonly container = new Container();
  private readonly ring = new Graphics();
  private readonly chevron = new Graphics();
  private readonly label: Text;

  constructor() {
    this.ring.circle(0, 0, 20).stroke({ width: 3, color: COLORS.guide, alpha: 0.9 });
    this.ring.circle(0, 0, 5).fill({ color: COLORS.guide, alpha: 0.9 });
    this.chevron
      .poly([-10, -10, 10, -10, 0, 2])
      .fill(COLORS.guide)
      .stroke({ width: 2, color: 0x000000, alpha: 0.6 });
    this.label = new Text({
      text: '',
      style: {
        fontFamily: 'Rajdhani, Segoe UI, sans-serif',
        fontSize: 13,
        fontWeight: '700',
        fill: COLORS.guide,
        stroke: { color: 0x000000, width: 3 },
      },
    });
    this.label.anchor.set(0.5, 1);
    this.container.addChild(this.ring, this.chevron, this.label);
    this.container.visible = false;
  }

  /** The marker's name, in world px, for the name labels to keep clear of; null when hidden. */
  labelBox(): Box | null {
    if (!this.container.visible) return null;
    const l = this.label;
    const w = l.width;
    const h = l.height;
    // The bob moves it by a few px: the box covers its whole swing.
    return { x: this.container.x - w / 2, y: this.container.y + l.y - h - 5, w, h: h + 10 };
  }

  /** Shows the marker at (x, y) tiles with a name, or hides it (null). `time` in seconds drives the pulse. */
  update(at: { x: number; y: number; name: string } | null, time: number): void {
    this.container.visible = at !== null;
    if (!at) return;
    this.container.position.set(at.x * TILE, at.y * TILE);
    const pulse = 0.5 + 0.5 * Math.sin(time * 4);
    this.ring.scale.set(0.85 + 0.3 * pulse);
    this.ring.alpha = 0.55 + 0.45 * (1 - pulse);
    const bob = -30 - 5 * Math.sin(time * 3);
    this.chevron.position.set(0, bob);
    this.label.position.set(0, bob - 12);
    if (this.label.text !== at.name) this.label.text = at.name;
  }
}
