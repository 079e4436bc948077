import { Sprite, Texture } from 'pixi.js';
import { TILE } from './palette.js';
import { type Eye, visibleTiles } from './visibility.js';

/** Darkness outside vision (0–255 alpha). */
const DARK = 165;
/** Recompute at most this often (s) unless an eye moved far or a door opened. */
const REFRESH = 0.12;

/**
 * Fog over everything the player's side cannot see. One texel per tile,
 * stretched over the map with linear filtering, so the edge of vision is a
 * soft gradient at the cost of one quad per frame.
 */
export class FogView {
  readonly sprite: Sprite;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly image: ImageData;
  private readonly texture: Texture;
  private readonly vis: Uint8Array;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastKey = '';

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas for the fog');
    this.ctx = ctx;
    this.image = ctx.createImageData(width, height);
    this.vis = new Uint8Array(width * height);
    this.texture = Texture.from({ resource: this.canvas, scaleMode: 'linear' });
    this.sprite = new Sprite(this.texture);
    this.sprite.scale.set(TILE);
  }

  /** Off for spectators (they see everything). */
  set enabled(on: boolean) {
    this.sprite.visible = on;
  }

  /** Updates the fog for these eyes; cheap to call every frame. */
  update(tiles: Uint8Array, tilesVersion: number, eyes: readonly Eye[], radius: number, time: number): void {
    if (!this.sprite.visible) return;
    let key = `${tilesVersion}`;
    for (const e of eyes) key += `|${Math.round(e.x * 4)},${Math.round(e.y * 4)}`;
    if (key === this.lastKey || time - this.lastAt < REFRESH) return;
    this.lastKey = key;
    this.lastAt = time;
    visibleTiles(tiles, this.width, this.height, eyes, radius, this.vis);
    const d = this.image.data;
    for (let i = 0; i < this.vis.length; i++) {
      const o = i * 4;
      d[o] = 4;
      d[o + 1] = 6;
      d[o + 2] = 12;
      d[o + 3] = this.vis[i] === 0 ? DARK : 0;
    }
    this.ctx.putImageData(this.image, 0, 0);
    this.texture.source.update();
  }

  destroy(): void {
    this.sprite.destroy();
    this.texture.destroy(true);
  }
}
