import { Container, type Renderer } from 'pixi.js';
import type { GameMap } from '../../../shared/map/types.js';
import { isEscortRole } from '../../../shared/roles.js';
import { isPresent } from '../../../shared/sim/entity.js';
import { VISION } from '../../../shared/tuning.js';
import type { FrameEntity, MatchFrame } from '../contract/frame.js';
import { Camera } from '../render/Camera.js';
import { Effects } from '../render/Effects.js';
import { EntityView, LABEL_BELOW } from '../render/EntityView.js';
import { FogView } from '../render/FogView.js';
import { type Box, inside, layoutBelow, layoutLabels } from '../render/labelLayout.js';
import { MapView } from '../render/MapView.js';
import { ObjectiveMarker } from '../render/ObjectiveMarker.js';
import { TILE } from '../render/palette.js';
import type { Eye } from '../render/visibility.js';
import { WorldObjects } from '../render/WorldObjects.js';

/** How the camera is driven: on the player, following someone, panned freely, or on the whole map (spectators). */
export type CameraMode =
  | { kind: 'self' }
  | { kind: 'follow'; id: number }
  | { kind: 'free' }
  | { kind: 'overview' };

/** Margin (px) around the view within which entities are still drawn. */
const CULL_MARGIN = 48;

/**
 * The Pixi side of a match: map, objects, entities, effects and fog under a
 * camera. It owns no game state — each frame it draws a {@link MatchFrame}.
 */
export class MatchScene {
  readonly root = new Container();
  readonly world = new Container();
  readonly camera: Camera;
  readonly mapView: MapView;
  private readonly objects: WorldObjects;
  private readonly entityLayer = new Container();
  private readonly effects = new Effects();
  private readonly fog: FogView;
  private readonly views = new Map<number, EntityView>();
  private readonly spare: EntityView[] = [];
  private readonly eyes: Eye[] = [];
  private snapped = false;
  private readonly marker = new ObjectiveMarker();
  private readonly labelled: EntityView[] = [];
  private readonly labelBoxes: Box[] = [];
  private readonly acting: EntityView[] = [];
  private readonly actionBoxes: Box[] = [];
  private readonly keepOutWorld: Box[] = [];
  cameraMode: CameraMode = { kind: 'self' };
  /** Screen rectangles (CSS px) that name labels keep clear of: the HUD's clock and panels. */
  keepOut: readonly Box[] = [];
  /** The next objective to mark in the world (tiles, and its name), or null. */
  objective: { x: number; y: number; name: string } | null = null;
  /** Entities drawn last frame (after culling), for tests and the benchmark. */
  drawn = 0;

  constructor(
    private readonly renderer: Renderer,
    readonly map: GameMap,
  ) {
    this.mapView = new MapView(renderer, map);
    this.objects = new WorldObjects(map);
    this.fog = new FogView(map.width, map.height);
    this.camera = new Camera(map.width * TILE, map.height * TILE);
    this.world.addChild(this.mapView.container, this.objects.container, this.entityLayer);
    this.world.addChild(this.effects.container, this.fog.sprite, this.marker.container);
    this.root.addChild(this.world);
  }

  resize(w: number, h: number): void {
    this.camera.resize(w, h);
  }

  /** The entity the camera should be on, or null for a free camera. */
  private focus(frame: MatchFrame): FrameEntity | null {
    const mode = this.cameraMode;
    if (mode.kind === 'free' || mode.kind === 'overview') return null;
    if (mode.kind === 'follow') {
      const e = frame.entities.find((x) => x.id === mode.id);
      if (e) return e;
      // Out of the chosen side's sight: hold the camera where it last saw them.
      if (frame.side !== undefined && frame.side !== 'all' && this.snapped) return null;
    }
    // A spectator (no own character) starts on John, the one the match turns on.
    return (
      frame.entities.find((x) => x.self) ??
      frame.entities.find((x) => (x.trueRole ?? x.role) === 'john') ??
      null
    );
  }

  /** Draws `frame`. `dt` is the real time since the last frame, `now` a clock in seconds. */
  render(frame: MatchFrame, dt: number, now: number): void {
    const overview = this.cameraMode.kind === 'overview';
    this.camera.setOverview(overview);
    if (overview) {
      this.camera.snapTo((this.map.width * TILE) / 2, (this.map.height * TILE) / 2);
      this.snapped = true;
    }
    const target = this.focus(frame);
    if (target) {
      if (!this.snapped) {
        this.camera.snapTo(target.x * TILE, target.y * TILE);
        this.snapped = true;
      } else if (target.self) {
        // The own character is predicted and smooth already: lock on, no lag to fight.
        this.camera.snapTo(target.x * TILE, target.y * TILE);
      } else {
        this.camera.follow(target.x * TILE, target.y * TILE, dt);
      }
    } else if (!this.snapped) {
      this.camera.snapTo(
        this.camera.x || (this.map.width * TILE) / 2,
        this.camera.y || (this.map.height * TILE) / 2,
      );
      this.snapped = true;
    }
    const cam = this.camera;
    this.world.scale.set(cam.zoom);
    // Whole pixels: the baked map is then drawn without resampling.
    this.world.position.set(
      Math.round(cam.screenW / 2 - cam.x * cam.zoom),
      Math.round(cam.screenH / 2 - cam.y * cam.zoom),
    );
    const view = cam.view();
    this.mapView.update(view, now);
    this.objects.update(frame.tiles, frame.objectives, frame.act, dt, now, view);
    this.drawEntities(frame, view, now);
    this.marker.update(this.objective, now);
    this.layoutLabels(frame, view);
    for (const fx of frame.fx) this.effects.spawn(fx);
    this.effects.update(dt);
    this.updateFog(frame, now);
  }

  private drawEntities(
    frame: MatchFrame,
    view: { x: number; y: number; w: number; h: number },
    now: number,
  ): void {
    const seen = new Set<number>();
    let drawn = 0;
    const x0 = view.x - CULL_MARGIN;
    const y0 = view.y - CULL_MARGIN;
    const x1 = view.x + view.w + CULL_MARGIN;
    const y1 = view.y + view.h + CULL_MARGIN;
    for (const e of frame.entities) {
      seen.add(e.id);
      let v = this.views.get(e.id);
      if (!v) {
        v = this.spare.pop() ?? new EntityView(this.renderer);
        this.views.set(e.id, v);
        this.entityLayer.addChild(v.container);
      }
      const px = e.x * TILE;
      const py = e.y * TILE;
      if (px < x0 || px > x1 || py < y0 || py > y1) {
        v.container.visible = false;
        continue;
      }
      v.update(e, e.x, e.y, e.facing, now, e.self);
      if (v.container.visible) drawn++;
    }
    for (const [id, v] of this.views) {
      if (seen.has(id)) continue;
      this.views.delete(id);
      this.entityLayer.removeChild(v.container);
      this.spare.push(v);
    }
    // The player's own character on top of the crowd.
    const self = frame.entities.find((e) => e.self);
    const sv = self ? this.views.get(self.id) : undefined;
    if (sv && this.entityLayer.children[this.entityLayer.children.length - 1] !== sv.container) {
      this.entityLayer.addChild(sv.container);
    }
    this.drawn = drawn;
  }

  /**
   * Keeps name labels and action texts apart and off the HUD: the own
   * character's first, then the others by id; an action text stacks down
   * under its figure where it would cover another, and a name stacks above
   * (or goes below) its figure where it would cover a name, an action text
   * or the clock.
   */
  private layoutLabels(frame: MatchFrame, view: Box): void {
    const views = this.labelled;
    const boxes = this.labelBoxes;
    const acting = this.acting;
    const actions = this.actionBoxes;
    views.length = boxes.length = acting.length = actions.length = 0;
    const self = frame.entities.find((e) => e.self);
    const add = (id: number) => {
      const v = this.views.get(id);
      if (!v) return;
      const b = v.labelBox();
      if (b) {
        // A name at the view's edge slides along it rather than being cut off.
        b.x += inside(b.x, b.w, view.x, view.w);
        views.push(v);
        boxes.push(b);
      }
      const a = v.actionBox();
      if (a) {
        acting.push(v);
        actions.push(a);
      }
    };
    if (self) add(self.id);
    for (const e of frame.entities) if (!e.self) add(e.id);
    if (views.length === 0 && acting.length === 0) return;
    const cam = this.camera;
    const keepOut = this.keepOutWorld;
    keepOut.length = 0;
    for (const k of this.keepOut) {
      const p = cam.toWorld(k.x, k.y);
      keepOut.push({ x: p.x, y: p.y, w: k.w / cam.zoom, h: k.h / cam.zoom });
    }
    const mark = this.marker.labelBox();
    if (mark) keepOut.push(mark);
    // The action texts first (each stays under its figure, stacked down when two share a spot),
    // then the names, which keep clear of them as of the HUD.
    const down = layoutBelow(actions, keepOut);
    for (let i = 0; i < acting.length; i++) {
      acting[i].shiftAction(down[i]);
      const a = actions[i];
      keepOut.push({ x: a.x, y: a.y + down[i], w: a.w, h: a.h });
    }
    const shifts = layoutLabels(boxes, keepOut, LABEL_BELOW);
    for (let i = 0; i < views.length; i++) views[i].shiftLabel(shifts[i], boxes[i].x - views[i].labelLeft());
  }

  private updateFog(frame: MatchFrame, now: number): void {
    // A spectator sees everything, or the fog of the side whose view it chose.
    const side = frame.viewer === 'spectator' ? (frame.side ?? 'all') : frame.viewer;
    const fogged = side !== 'all';
    this.fog.enabled = fogged;
    if (!fogged) return;
    this.eyes.length = 0;
    const hunter = side === 'hunter';
    for (const e of frame.entities) {
      if (!isPresent(e)) continue;
      // Escorts share vision; the hunter sees with its own eyes only (a spectator's: the T-1000's).
      const eye = hunter ? e.self || e.trueRole === 't1000' : e.self || isEscortRole(e.role);
      if (eye) this.eyes.push({ x: e.x, y: e.y });
    }
    this.fog.update(
      frame.tiles,
      frame.tilesVersion,
      this.eyes,
      hunter ? VISION.hunterRadius : VISION.escortRadius,
      now,
    );
  }

  /** The world point (tiles) under a screen point (CSS px). */
  screenToTiles(sx: number, sy: number): { x: number; y: number } {
    const p = this.camera.toWorld(sx, sy);
    return { x: p.x / TILE, y: p.y / TILE };
  }

  destroy(): void {
    this.fog.destroy();
    this.mapView.destroy();
    for (const v of this.views.values()) v.destroy();
    for (const v of this.spare) v.destroy();
    this.root.destroy({ children: true });
  }
}
