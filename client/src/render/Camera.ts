import { TILE } from './palette.js';

/** Tiles the camera shows from top to bottom at any window size (a bit over two vision radii). */
export const VIEW_TILES_TALL = 20;

/**
 * A 2D camera over the map, in world pixels. It follows a target smoothly
 * (or, in free mode, is panned), never shows much beyond the map's edges,
 * and scales so every window shows about the same stretch of the world.
 */
export class Camera {
  /** Centre of the view, world pixels. */
  x = 0;
  y = 0;
  zoom = 1;
  screenW = 1;
  screenH = 1;
  /** How fast the camera closes on its target (1/s); high enough to feel locked on. */
  stiffness = 12;
  /** The whole map in the window (spectators' overview) rather than the usual stretch of it. */
  private overview = false;
  /** The zoom for the window without the overview. */
  private normalZoom = 1;

  constructor(
    private readonly worldW: number,
    private readonly worldH: number,
  ) {}

  /** The window is `w` × `h` CSS pixels. */
  resize(w: number, h: number): void {
    this.screenW = Math.max(1, w);
    this.screenH = Math.max(1, h);
    // Quarter steps, rounded down: at zoom 1 (most laptop windows) the map's pixels are copied, not resampled.
    const ideal = this.screenH / (VIEW_TILES_TALL * TILE);
    this.normalZoom = Math.min(2, Math.max(0.5, Math.floor(ideal * 4) / 4));
    this.zoom = this.overview ? this.fitZoom() : this.normalZoom;
  }

  /** The zoom that fits the whole map, its margin included, in the window. */
  private fitZoom(): number {
    const margin = 2 * TILE;
    // A hair under the exact fit, so the map is centred whatever the rounding.
    return (
      0.99 * Math.min(this.screenW / (this.worldW + 2 * margin), this.screenH / (this.worldH + 2 * margin))
    );
  }

  /** Show the whole map (centred) or go back to the usual zoom. */
  setOverview(on: boolean): void {
    if (on === this.overview) return;
    this.overview = on;
    this.zoom = on ? this.fitZoom() : this.normalZoom;
    this.clamp();
  }

  get isOverview(): boolean {
    return this.overview;
  }

  /** Jump to (x, y) in world pixels. */
  snapTo(x: number, y: number): void {
    this.x = x;
    this.y = y;
    this.clamp();
  }

  /** Move toward (x, y) over `dt` seconds. */
  follow(x: number, y: number, dt: number): void {
    const k = 1 - Math.exp(-this.stiffness * dt);
    this.x += (x - this.x) * k;
    this.y += (y - this.y) * k;
    this.clamp();
  }

  /** Pan by a screen-pixel delta (free camera). */
  pan(dxScreen: number, dyScreen: number): void {
    this.x += dxScreen / this.zoom;
    this.y += dyScreen / this.zoom;
    this.clamp();
  }

  /** Keep the view over the map: centred when the map is smaller than the view. */
  private clamp(): void {
    const halfW = this.screenW / 2 / this.zoom;
    const halfH = this.screenH / 2 / this.zoom;
    const margin = 2 * TILE;
    this.x =
      this.worldW + 2 * margin <= halfW * 2
        ? this.worldW / 2
        : Math.min(this.worldW + margin - halfW, Math.max(halfW - margin, this.x));
    this.y =
      this.worldH + 2 * margin <= halfH * 2
        ? this.worldH / 2
        : Math.min(this.worldH + margin - halfH, Math.max(halfH - margin, this.y));
  }

  /** The world rectangle on screen, in world pixels. */
  view(): { x: number; y: number; w: number; h: number } {
    const w = this.screenW / this.zoom;
    const h = this.screenH / this.zoom;
    return { x: this.x - w / 2, y: this.y - h / 2, w, h };
  }

  /** Screen position (CSS px) of a world point (px). */
  toScreen(wx: number, wy: number): { x: number; y: number } {
    return {
      x: (wx - this.x) * this.zoom + this.screenW / 2,
      y: (wy - this.y) * this.zoom + this.screenH / 2,
    };
  }

  /** World position (px) under a screen point (CSS px). */
  toWorld(sx: number, sy: number): { x: number; y: number } {
    return {
      x: (sx - this.screenW / 2) / this.zoom + this.x,
      y: (sy - this.screenH / 2) / this.zoom + this.y,
    };
  }
}
