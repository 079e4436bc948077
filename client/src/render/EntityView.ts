import { Container, Graphics, type Renderer, Sprite, Text } from 'pixi.js';
import { isPresent } from '../../../shared/sim/entity.js';
import type { ActionKind } from '../../../shared/sim/types.js';
import { BLADE } from '../../../shared/tuning.js';
import type { EntityLook } from '../contract/frame.js';
import type { Box } from './labelLayout.js';
import { COLORS, displayColor, LABELLED, TILE } from './palette.js';
import { figureTexture, puddleContext, R, selfRingContext, stunContext, windupContext } from './sprites.js';

const ACTION_LABEL: Record<ActionKind, string> = {
  '': '',
  hack: 'hacking',
  keycard: 'card',
  pick: 'picking lock',
  plant: 'planting charge',
  wipe: 'wiping files',
  revive: 'reviving',
  terminate: 'TERMINATING',
};

const LABEL_STYLE = {
  fontFamily: 'Rajdhani, Segoe UI, sans-serif',
  fontSize: 12,
  fontWeight: '700',
  fill: 0xffffff,
  stroke: { color: 0x000000, width: 3 },
} as const;

/** Where the name label's bottom sits, above the figure (world px from its centre). */
const LABEL_Y = -R - 5;
/** Where the action text's top sits, under the figure (world px from its centre). */
const ACTION_Y = R + 8;
/** How far down a label moves to sit under the figure (below the action text). */
export const LABEL_BELOW = 2 * R + 40;

/**
 * One character or NPC on the map: shadow, figure turned to its facing,
 * the liquid puddle, the wind-up arc, stun stars, a downed pose, the action
 * it is channelling, its name (player characters only) and, for the player's
 * own character, a ring.
 */
export class EntityView {
  readonly container = new Container();
  private readonly body = new Sprite();
  private readonly puddle = new Graphics(puddleContext());
  private readonly windup = new Graphics(windupContext(BLADE.arcDeg, BLADE.range));
  private readonly stun = new Graphics(stunContext());
  private readonly ring = new Graphics(selfRingContext());
  private readonly marks = new Graphics();
  private label: Text | null = null;
  private actionText: Text | null = null;
  private figureKey = '';
  private marksKey = '';
  private windupStart = -1;
  /** The label's vertical shift from its own place (world px), set by the scene's label layout. */
  private labelShift = 0;
  /** The action text's vertical shift from its own place (world px), set by the same layout. */
  private actionShift = 0;
  /** The label's sideways shift (world px), keeping it inside the view. */
  private labelDx = 0;

  constructor(private readonly renderer: Renderer) {
    this.windup.visible = false;
    this.stun.visible = false;
    this.ring.visible = false;
    this.puddle.visible = false;
    this.container.addChild(this.ring, this.windup, this.puddle, this.body, this.stun, this.marks);
  }

  /** Draws the entity for this frame. `time` is in seconds; `isSelf` marks the player's own character. */
  update(look: EntityLook, x: number, y: number, facing: number, time: number, isSelf: boolean): void {
    const c = this.container;
    c.position.set(x * TILE, y * TILE);
    const gone = !isPresent(look);
    c.visible = !gone;
    if (gone) return;
    const color = displayColor(look.color);
    const key = `${look.role}:${color}:${look.variant}`;
    if (key !== this.figureKey) {
      this.figureKey = key;
      const fig = figureTexture(this.renderer, look.role, color, look.variant);
      this.body.texture = fig.texture;
      this.body.anchor.set(fig.anchorX, fig.anchorY);
    }
    const downed = look.life === 'downed';
    this.puddle.visible = look.liquid;
    this.body.visible = !look.liquid;
    this.body.rotation = facing;
    this.body.tint = downed ? 0x8a6f6f : 0xffffff;
    this.body.scale.set(downed ? 0.85 : 1, 1);
    if (look.liquid) {
      this.puddle.rotation = facing;
      const wob = Math.sin(time * 5 + look.variant) * 0.06;
      this.puddle.scale.set(1 + wob, 1 - wob);
    }
    this.ring.visible = isSelf;
    this.stun.visible = look.stunned;
    if (look.stunned) this.stun.rotation = time * 4;
    this.updateWindup(look, time);
    this.updateMarks(look, downed, time);
    this.updateLabel(look);
  }

  private updateWindup(look: EntityLook, time: number): void {
    this.windup.visible = look.windup;
    if (!look.windup) {
      this.windupStart = -1;
      return;
    }
    if (this.windupStart < 0) this.windupStart = time;
    const k = Math.min(1, (time - this.windupStart) / BLADE.windup);
    this.windup.rotation = look.windupAim;
    this.windup.scale.set(0.6 + 0.4 * k);
    this.windup.alpha = 0.6 + 0.4 * k;
  }

  private updateMarks(look: EntityLook, downed: boolean, time: number): void {
    const disguised = look.trueRole === 't1000' && look.role !== 't1000';
    const key = `${look.life}:${look.action}:${disguised}`;
    const pulse = look.action !== '' || disguised;
    if (key === this.marksKey && !pulse) return;
    this.marksKey = key;
    const g = this.marks.clear();
    if (look.life === 'injured') g.circle(R * 0.6, R * 0.6, 3).fill(COLORS.downed);
    if (downed) {
      g.circle(0, 0, R + 3).stroke({
        width: 2.5,
        color: COLORS.downed,
        alpha: 0.6 + 0.4 * Math.sin(time * 6),
      });
    }
    if (disguised) {
      // Only spectators and the hunter itself are sent trueRole: mark the impostor for them.
      g.circle(0, 0, R + 2).stroke({ width: 2, color: 0xc9d6e3, alpha: 0.5 + 0.3 * Math.sin(time * 4) });
    }
    if (look.action !== '') {
      const a0 = time * 5;
      g.arc(0, 0, R + 6, a0, a0 + Math.PI * 1.2).stroke({
        width: 3,
        color: look.action === 'terminate' ? COLORS.windup : 0x7cf2ff,
      });
    }
    this.updateActionText(look.action);
  }

  private updateActionText(action: ActionKind): void {
    if (action === '' && !this.actionText) return;
    if (!this.actionText) {
      this.actionText = new Text({ text: '', style: { ...LABEL_STYLE, fontSize: 11, fill: 0x7cf2ff } });
      this.actionText.anchor.set(0.5, 0);
      this.actionText.position.set(0, ACTION_Y + this.actionShift);
      this.container.addChild(this.actionText);
    }
    this.actionText.visible = action !== '';
    if (this.actionText.text !== ACTION_LABEL[action]) this.actionText.text = ACTION_LABEL[action];
  }

  private updateLabel(look: EntityLook): void {
    // Spectators and the hunter are told who wears a disguise: name the impostor for them.
    const impostor = look.trueRole === 't1000' && look.role !== 't1000';
    if (!LABELLED.has(look.role) && !impostor) {
      if (this.label) this.label.visible = false;
      return;
    }
    const text = impostor ? `T-1000 · ${look.name}` : look.name;
    if (!this.label) {
      this.label = new Text({ text, style: LABEL_STYLE });
      this.label.anchor.set(0.5, 1);
      this.label.position.set(this.labelDx, LABEL_Y + this.labelShift);
      this.container.addChild(this.label);
    }
    this.label.visible = true;
    if (this.label.text !== text) {
      this.label.text = text;
      this.label.style.fill = impostor ? 0xc9d6e3 : 0xffffff;
    }
  }

  /** The name label's box at its own place (above the figure), in world px; null when no label shows. */
  labelBox(): Box | null {
    const l = this.label;
    if (!l?.visible || !this.container.visible) return null;
    const w = l.width;
    const h = l.height;
    return { x: this.container.x - w / 2, y: this.container.y + LABEL_Y - h, w, h };
  }

  /** The name label's left edge at its own place, in world px. */
  labelLeft(): number {
    return this.container.x - (this.label?.width ?? 0) / 2;
  }

  /** Moves the name label `dy` world px from its own place, and `dx` along (the label layout keeps labels apart and on screen). */
  shiftLabel(dy: number, dx = 0): void {
    this.labelShift = dy;
    this.labelDx = dx;
    this.label?.position.set(dx, LABEL_Y + dy);
  }

  /** The action text's box at its own place (under the figure), in world px; null when none shows. */
  actionBox(): Box | null {
    const t = this.actionText;
    if (!t?.visible || !this.container.visible) return null;
    const w = t.width;
    return { x: this.container.x - w / 2, y: this.container.y + ACTION_Y, w, h: t.height };
  }

  /** Moves the action text `dy` world px down from its own place. */
  shiftAction(dy: number): void {
    this.actionShift = dy;
    this.actionText?.position.set(0, ACTION_Y + dy);
  }

  destroy(): void {
    // The marks own their drawing; the figures and overlays share cached ones, kept for the next sprite.
    this.marks.destroy();
    this.container.destroy({ children: true });
  }
}
