import { Container, Graphics, Rectangle, type Renderer, Sprite, Text, type Texture } from 'pixi.js';
import { Tile } from '../../../shared/map/tiles.js';
import type { GameMap } from '../../../shared/map/types.js';
import { BakeCache, type Baked } from './bakeCache.js';
import { drawTile } from './mapArt.js';
import { COLORS, TILE, ZONE_LABEL } from './palette.js';

/** Tiles per side of one baked chunk: 16 × 32 px = 512 px textures. */
export const CHUNK = 16;

interface Chunk {
  sprite: Sprite;
  /** Bounds in pixels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One baked chunk: its texture and where it lies on the map (pixels). */
interface BakedChunk {
  texture: Texture;
  frame: Rectangle;
}

/** The last map's baked chunks, shared by the views of it (see bakeCache.ts). */
export const mapBakes = new BakeCache<Renderer, GameMap, BakedChunk>((chunks) => {
  for (const c of chunks) c.texture.destroy(true);
});

/** A view rectangle in world pixels. */
export interface ViewRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Whether two rectangles overlap. */
export function overlaps(a: ViewRect, b: ViewRect): boolean {
  return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

/**
 * The static map: drawn once into chunk textures (so a frame costs one quad
 * per visible chunk, whatever the detail), culled to the camera, plus the
 * glow of the molten steel and the zone names on the ground.
 */
export class MapView {
  readonly container = new Container();
  private readonly chunks: Chunk[] = [];
  private readonly steelGlow = new Graphics();
  private glowBounds: ViewRect = { x: 0, y: 0, w: 0, h: 0 };
  private readonly labels: Text[] = [];
  private readonly baked: Baked<Renderer, GameMap, BakedChunk>;

  constructor(
    renderer: Renderer,
    readonly map: GameMap,
  ) {
    this.baked = mapBakes.acquire(renderer, map, () => bakeMap(renderer, map));
    for (const { texture, frame } of this.baked.chunks) {
      const sprite = new Sprite(texture);
      sprite.position.set(frame.x, frame.y);
      this.container.addChild(sprite);
      this.chunks.push({
        sprite,
        x0: frame.x,
        y0: frame.y,
        x1: frame.x + frame.width,
        y1: frame.y + frame.height,
      });
    }
    this.drawSteelGlow();
    this.container.addChild(this.steelGlow);
    this.drawZoneLabels();
  }

  private drawSteelGlow(): void {
    const { map } = this;
    // One rectangle per horizontal run of steel: few shapes to fill each frame.
    for (let y = 0; y < map.height; y++) {
      let x = 0;
      while (x < map.width) {
        if (map.tiles[y * map.width + x] !== Tile.Steel) {
          x++;
          continue;
        }
        const x0 = x;
        while (x < map.width && map.tiles[y * map.width + x] === Tile.Steel) x++;
        this.steelGlow.rect(x0 * TILE - 3, y * TILE - 3, (x - x0) * TILE + 6, TILE + 6).fill(COLORS.steelHot);
      }
    }
    this.steelGlow.blendMode = 'add';
    this.steelGlow.alpha = 0.1;
    const b = this.steelGlow.getLocalBounds();
    this.glowBounds = { x: b.x, y: b.y, w: b.width, h: b.height };
  }

  private drawZoneLabels(): void {
    for (const z of this.map.zones) {
      const label = new Text({
        text: ZONE_LABEL[z.name],
        style: {
          fontFamily: 'Rajdhani, Segoe UI, sans-serif',
          fontSize: 44,
          fontWeight: '800',
          fill: 0xffffff,
          letterSpacing: 6,
        },
      });
      label.alpha = 0.07;
      label.anchor.set(0.5, 0);
      label.position.set((z.x + z.w / 2) * TILE, (z.y + 1.2) * TILE);
      this.container.addChild(label);
      this.labels.push(label);
    }
  }

  /** Shows only the chunks inside `view` (world pixels); animates the steel. */
  update(view: ViewRect, time: number): void {
    for (const ch of this.chunks) {
      ch.sprite.visible =
        ch.x1 > view.x && ch.x0 < view.x + view.w && ch.y1 > view.y && ch.y0 < view.y + view.h;
    }
    this.steelGlow.visible = overlaps(this.glowBounds, view);
    this.steelGlow.alpha = 0.08 + 0.06 * Math.sin(time * 2.4);
    for (const l of this.labels) {
      l.visible = overlaps({ x: l.x - l.width / 2, y: l.y, w: l.width, h: l.height }, view);
    }
  }

  /** Visible chunk count (for tests and the benchmark). */
  get visibleChunks(): number {
    let n = 0;
    for (const ch of this.chunks) if (ch.sprite.visible) n++;
    return n;
  }

  destroy(): void {
    // The sprites go; the textures stay baked for the next view of this map.
    this.container.destroy({ children: true });
    mapBakes.release(this.baked);
  }
}

/** Draw the map once into chunk textures. */
function bakeMap(renderer: Renderer, map: GameMap): BakedChunk[] {
  const out: BakedChunk[] = [];
  const cols = Math.ceil(map.width / CHUNK);
  const rows = Math.ceil(map.height / CHUNK);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const tx0 = c * CHUNK;
      const ty0 = r * CHUNK;
      const tx1 = Math.min(map.width, tx0 + CHUNK);
      const ty1 = Math.min(map.height, ty0 + CHUNK);
      const g = new Graphics();
      for (let y = ty0; y < ty1; y++) for (let x = tx0; x < tx1; x++) drawTile(g, map, x, y);
      const frame = new Rectangle(tx0 * TILE, ty0 * TILE, (tx1 - tx0) * TILE, (ty1 - ty0) * TILE);
      out.push({
        texture: renderer.generateTexture({ target: g, frame, resolution: 1, antialias: false }),
        frame,
      });
      g.destroy();
    }
  }
  return out;
}
