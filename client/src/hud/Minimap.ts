import { Tile } from '../../../shared/map/tiles.js';
import type { GameMap } from '../../../shared/map/types.js';
import { isNpcRole } from '../../../shared/roles.js';
import { isPresent } from '../../../shared/sim/entity.js';
import type { MatchFrame } from '../contract/frame.js';
import { minimapColor } from '../render/mapArt.js';
import { COLORS, css, displayColor, minimapDoorColor } from '../render/palette.js';

/** Redraws per second: dots move smoothly enough, and the page stays cheap. */
const HZ = 6;

/**
 * The minimap: the whole map baked once into an offscreen canvas, then, a few
 * times a second, the doors, the extraction zone, what the player can see,
 * and the camera's view on top.
 */
export class Minimap {
  readonly el: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly base: HTMLCanvasElement;
  private readonly scale: number;
  private last = Number.NEGATIVE_INFINITY;
  /** The next objective (tiles), marked in the guidance colour; null for none. */
  objective: { x: number; y: number } | null = null;

  constructor(
    private readonly map: GameMap,
    maxWidth = 240,
  ) {
    this.scale = Math.max(1, Math.floor((maxWidth / map.width) * 2) / 2);
    this.el = document.createElement('canvas');
    this.el.id = 'minimap';
    this.el.width = Math.round(map.width * this.scale);
    this.el.height = Math.round(map.height * this.scale);
    this.ctx = this.el.getContext('2d')!;
    this.base = document.createElement('canvas');
    this.base.width = map.width;
    this.base.height = map.height;
    const b = this.base.getContext('2d')!;
    const img = b.createImageData(map.width, map.height);
    for (let i = 0; i < map.tiles.length; i++) {
      const c = minimapColor(map.tiles[i]);
      img.data[i * 4] = (c >> 16) & 255;
      img.data[i * 4 + 1] = (c >> 8) & 255;
      img.data[i * 4 + 2] = c & 255;
      img.data[i * 4 + 3] = 255;
    }
    b.putImageData(img, 0, 0);
  }

  /** Draws the frame if it is time; `view` is the camera's rectangle in tiles. */
  update(frame: MatchFrame, view: { x: number; y: number; w: number; h: number }, now: number): void {
    if (now - this.last < 1 / HZ) return;
    this.last = now;
    const { ctx, scale, map } = this;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.base, 0, 0, this.el.width, this.el.height);
    for (const d of map.doors) {
      const open = frame.tiles[d.tiles[0]] !== Tile.DoorLocked;
      ctx.fillStyle = css(minimapDoorColor(open));
      for (const t of d.tiles)
        ctx.fillRect((t % map.width) * scale, Math.floor(t / map.width) * scale, scale, scale);
    }
    const e = map.extraction;
    ctx.strokeStyle = css(COLORS.extraction);
    ctx.lineWidth = 1;
    ctx.strokeRect(e.x * scale + 0.5, e.y * scale + 0.5, e.w * scale - 1, e.h * scale - 1);
    for (const en of frame.entities) {
      if (!isPresent(en)) continue;
      const npc = isNpcRole(en.role);
      const r = en.self ? 2.5 : npc ? 1 : 2;
      ctx.fillStyle = en.self ? '#ffffff' : npc ? 'rgba(190,200,215,0.55)' : css(displayColor(en.color));
      if (en.trueRole === 't1000' && frame.viewer === 'spectator') ctx.fillStyle = '#c9d6e3';
      ctx.beginPath();
      ctx.arc(en.x * scale, en.y * scale, r, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.strokeStyle = 'rgba(255,255,255,0.6)';
    ctx.strokeRect(view.x * scale, view.y * scale, view.w * scale, view.h * scale);
    const o = this.objective;
    if (o) {
      // A diamond that breathes, on top of everything.
      const r = 4 + 1.5 * Math.sin(now * 5);
      const x = o.x * scale;
      const y = o.y * scale;
      ctx.beginPath();
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      ctx.fillStyle = css(COLORS.guide);
      ctx.fill();
      ctx.strokeStyle = '#000000';
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }
}
