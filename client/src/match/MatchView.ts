import { type Application, type Ticker, UPDATE_PRIORITY } from 'pixi.js';
import type { GameMap } from '../../../shared/map/types.js';
import { isPlayerRole } from '../../../shared/roles.js';
import { hearFrame } from '../audio/index.js';
import type { MatchFrame, SpectatorSide } from '../contract/frame.js';
import { Chat } from '../hud/Chat.js';
import { arrowFootprint, edgeArrow } from '../hud/edgeArrow.js';
import { Hud } from '../hud/Hud.js';
import { guideLabel, guideName, objectiveLines } from '../hud/objectives.js';
import { nextSide, SpectatorPanel } from '../hud/SpectatorPanel.js';
import { aimAt, type Controls } from '../input/Controls.js';
import { bindInput, type LocalAction, type PointerState } from '../input/keyboard.js';
import type { Box } from '../render/labelLayout.js';
import { TILE } from '../render/palette.js';
import { keyHelpOverlay } from '../ui/keyHelp.js';
import { FrameStats } from './FrameStats.js';
import { Guidance } from './guidance.js';
import { type CameraMode, MatchScene } from './MatchScene.js';

/** Where frames come from: a live room or a local simulation. */
export interface MatchSource {
  frame(nowMs: number, aim: number): MatchFrame;
  /** Spectators: show the frames as this side sees them (sources that can). */
  setSide?(side: SpectatorSide): void;
}

/** Free-camera pan speed, screen pixels per second. */
const PAN_SPEED = 900;
/** The edge arrow stays this far (CSS px) inside the window's edge. */
const ARROW_INSET = 56;
/** How often (seconds) the HUD panels' rectangles are measured for the name labels to keep clear of. */
const KEEP_OUT_EVERY = 0.5;

/** What the guidance arrow shows, for tests: the objective and the arrow's angle (radians, screen space). */
export interface GuideProbe {
  kind: string;
  x: number;
  y: number;
  waitingOnYou: boolean;
  arrow: boolean;
  angle: number;
}

/**
 * A match on screen: the Pixi scene, the HUD, chat, the key-help overlay and
 * the controls, driven once per frame from a {@link MatchSource}. Measures
 * its own work per frame for the benchmark.
 */
export class MatchView {
  readonly scene: MatchScene;
  readonly hud: Hud;
  readonly chat: Chat;
  readonly stats = new FrameStats();
  private readonly pointer: PointerState = { x: 0, y: 0, inside: false };
  private readonly unbind: () => void;
  private help: HTMLElement | null = null;
  private aim = 0;
  private lastFrame: MatchFrame | null = null;
  private readonly onTick = (t: Ticker) => this.update(t);
  private readonly onRendered = () => this.stats.end(performance.now());
  private dragging: { x: number; y: number } | null = null;
  private readonly guidance: Guidance;
  /** The role briefing was shown (or is not to be: the person is back in a match they were briefed for). */
  briefed = false;
  private keepOutAt = Number.NEGATIVE_INFINITY;
  /** The guidance as last shown, for tests (null: none). */
  guide: GuideProbe | null = null;
  /** Spectators: the side view chosen, the panel (made on the first spectator frame), the camera before the overview. */
  spectatorSide: SpectatorSide = 'all';
  private panel: SpectatorPanel | null = null;
  private beforeOverview: CameraMode = { kind: 'self' };

  constructor(
    private readonly app: Application,
    map: GameMap,
    private readonly source: MatchSource,
    private readonly controls: Controls,
    private readonly overlay: HTMLElement,
    sendChat: (text: string, team: boolean) => void,
  ) {
    this.scene = new MatchScene(app.renderer, map);
    app.stage.addChild(this.scene.root);
    this.hud = new Hud(map);
    this.guidance = new Guidance(map);
    this.chat = new Chat(sendChat);
    overlay.append(this.hud.el, this.chat.el);
    this.unbind = bindInput(app.canvas, controls, this.pointer, (a) => this.local(a));
    app.canvas.addEventListener('mousedown', this.dragStart);
    window.addEventListener('mousemove', this.dragMove);
    window.addEventListener('mouseup', this.dragEnd);
    this.resize();
    window.addEventListener('resize', this.resize);
    app.ticker.add(this.onTick, undefined, UPDATE_PRIORITY.HIGH);
    // Pixi renders at LOW priority; UTILITY runs after it, so this marks the end of the frame's work.
    app.ticker.add(this.onRendered, undefined, UPDATE_PRIORITY.UTILITY);
  }

  private readonly resize = (): void => {
    this.scene.resize(this.app.screen.width, this.app.screen.height);
  };

  private local(a: LocalAction): void {
    if (a === 'help') this.toggleHelp();
    else if (a === 'chat') this.chat.openLine();
    else if (a === 'nextTarget') this.followNext();
    else if (a === 'freeCamera') this.scene.cameraMode = { kind: 'free' };
    else if (a === 'sideView') this.setSide(nextSide(this.spectatorSide));
    else if (a === 'overview') this.toggleOverview();
  }

  /** Spectators: watch as `side` sees (all: the truth). */
  setSide(side: SpectatorSide): void {
    if (this.lastFrame?.viewer !== 'spectator' || !this.source.setSide) return;
    this.spectatorSide = side;
    this.source.setSide(side);
  }

  /** Spectators: the whole map in the window, or back to the camera as it was. */
  toggleOverview(): void {
    if (this.lastFrame?.viewer !== 'spectator') return;
    const mode = this.scene.cameraMode;
    if (mode.kind === 'overview') this.scene.cameraMode = this.beforeOverview;
    else {
      this.beforeOverview = mode;
      this.scene.cameraMode = { kind: 'overview' };
    }
  }

  /** Spectators: the side view on screen (null for a player). */
  get spectatorView(): SpectatorSide | null {
    return this.lastFrame?.viewer === 'spectator' ? (this.lastFrame.side ?? 'all') : null;
  }

  /** Entities in the last frame (before culling), for tests. */
  get shownCount(): number {
    return this.lastFrame?.entities.length ?? 0;
  }

  /** The camera's view of the map in tiles and its mode, for tests. */
  cameraProbe(): { x: number; y: number; w: number; h: number; mode: string; followId: number | null } {
    const v = this.scene.camera.view();
    const mode = this.scene.cameraMode;
    return {
      x: v.x / TILE,
      y: v.y / TILE,
      w: v.w / TILE,
      h: v.h / TILE,
      mode: mode.kind,
      followId: mode.kind === 'follow' ? mode.id : null,
    };
  }

  /** The spectators' roster as last shown, for tests. */
  rosterProbe(): { id: number; name: string; role: string; shown: boolean }[] {
    return (this.lastFrame?.roster ?? []).map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      shown: r.shown,
    }));
  }

  /** Spectators: follow a character by its frame id (a roster row's click). */
  follow(id: number): void {
    this.scene.cameraMode = { kind: 'follow', id };
  }

  private updatePanel(frame: MatchFrame): void {
    if (frame.viewer !== 'spectator' || !frame.roster || !this.source.setSide) return;
    if (!this.panel) {
      this.panel = new SpectatorPanel({
        side: (side) => this.setSide(side),
        overview: () => this.toggleOverview(),
        follow: (id) => this.follow(id),
      });
      this.hud.el.append(this.panel.el);
    }
    const mode = this.scene.cameraMode;
    this.panel.update(
      frame.side ?? 'all',
      mode.kind === 'overview',
      frame.roster,
      mode.kind === 'follow' ? mode.id : null,
    );
  }

  private toggleHelp(): void {
    if (this.help) {
      this.help.remove();
      this.help = null;
    } else {
      this.help = keyHelpOverlay(() => this.toggleHelp());
      this.overlay.append(this.help);
    }
  }

  /** Spectators: follow the next player character (by id order). */
  private followNext(): void {
    const f = this.lastFrame;
    if (!f) return;
    const players = f.entities.filter((e) => isPlayerRole(e.trueRole ?? e.role)).sort((a, b) => a.id - b.id);
    if (players.length === 0) return;
    const mode = this.scene.cameraMode;
    const at = mode.kind === 'follow' ? players.findIndex((e) => e.id === mode.id) : -1;
    this.scene.cameraMode = { kind: 'follow', id: players[(at + 1) % players.length].id };
  }

  private readonly dragStart = (e: MouseEvent): void => {
    if (this.lastFrame?.viewer !== 'spectator') return;
    // Clicking a character follows it; dragging the ground pans.
    const p = this.scene.screenToTiles(this.pointer.x, this.pointer.y);
    const hit = this.lastFrame.entities.find((en) => Math.hypot(en.x - p.x, en.y - p.y) < 0.6);
    if (hit) this.scene.cameraMode = { kind: 'follow', id: hit.id };
    else this.dragging = { x: e.clientX, y: e.clientY };
  };
  private readonly dragMove = (e: MouseEvent): void => {
    if (!this.dragging) return;
    this.scene.cameraMode = { kind: 'free' };
    this.scene.camera.pan(this.dragging.x - e.clientX, this.dragging.y - e.clientY);
    this.dragging = { x: e.clientX, y: e.clientY };
  };
  private readonly dragEnd = (): void => {
    this.dragging = null;
  };

  private update(ticker: Ticker): void {
    const now = performance.now();
    const st = this.stats;
    st.begin(now);
    const dt = Math.min(0.1, ticker.deltaMS / 1000);
    const frame = this.source.frame(now, this.aim);
    st.part('net + prediction', performance.now());
    this.lastFrame = frame;
    if (frame.viewer === 'spectator' && this.scene.cameraMode.kind === 'free') {
      const m = this.controls.move();
      this.scene.camera.pan(m.x * PAN_SPEED * dt, m.y * PAN_SPEED * dt);
    }
    this.scene.render(frame, dt, now / 1000);
    hearFrame(frame, this.scene.camera.view(), this.source);
    st.part('scene', performance.now());
    const me = frame.entities.find((e) => e.self);
    if (me && this.pointer.inside) {
      const s = this.scene.camera.toScreen(me.x * TILE, me.y * TILE);
      this.aim = aimAt(s.x, s.y, this.pointer.x, this.pointer.y, this.aim);
    }
    const v = this.scene.camera.view();
    const followed = this.followedName(frame);
    this.hud.update(
      frame,
      { x: v.x / TILE, y: v.y / TILE, w: v.w / TILE, h: v.h / TILE },
      now / 1000,
      followed,
    );
    this.guide = this.updateGuide(frame, now / 1000);
    this.updatePanel(frame);
    if (!this.briefed && frame.self) {
      // At spawn, and for a player who joins a match under way: who you are, your goal, your keys.
      this.briefed = true;
      this.hud.showBriefing(
        frame.self.role,
        frame.act,
        objectiveLines(frame.act, frame.objectives, frame.viewer),
      );
    }
    if (now / 1000 - this.keepOutAt > KEEP_OUT_EVERY) {
      this.keepOutAt = now / 1000;
      this.scene.keepOut = this.hudRects();
    }
    st.part('hud', performance.now());
  }

  /**
   * Shows the role briefing again (the match menu's "briefing" item):
   * `app.view.showBriefing()`. False for a spectator, who has none.
   */
  showBriefing(): boolean {
    return this.hud.showBriefing();
  }

  /** The next objective: marked in the world, on the minimap, and by an arrow at the screen's edge when off-screen. */
  private updateGuide(frame: MatchFrame, now: number): GuideProbe | null {
    const o = this.guidance.update(frame, now);
    const me = frame.entities.find((e) => e.self);
    if (!o || !me || !frame.self) {
      this.scene.objective = null;
      this.hud.setGuide(null);
      return null;
    }
    this.scene.objective = { x: o.x, y: o.y, name: guideName(o) };
    const cam = this.scene.camera;
    const from = cam.toScreen(me.x * TILE, me.y * TILE);
    const to = cam.toScreen(o.x * TILE, o.y * TILE);
    const distance = Math.hypot(o.x - me.x, o.y - me.y);
    const label = guideLabel(o, distance);
    const arrow = edgeArrow(
      from,
      to,
      cam.screenW,
      cam.screenH,
      ARROW_INSET,
      this.scene.keepOut,
      arrowFootprint(label),
    );
    this.hud.setGuide({ objective: o, role: frame.self.role, arrow, distance, label });
    return {
      kind: o.kind,
      x: o.x,
      y: o.y,
      waitingOnYou: o.waitingOnYou,
      arrow: !arrow.onScreen,
      angle: arrow.angle,
    };
  }

  /** The HUD's clock and panels, in screen px relative to the canvas: name labels keep clear of them. */
  private hudRects(): Box[] {
    const c = this.app.canvas.getBoundingClientRect();
    const out: Box[] = [];
    for (const el of this.hud.el.querySelectorAll<HTMLElement>('.hud-top, .hud-card, .hud-bottom')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0)
        out.push({ x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height });
    }
    return out;
  }

  private followedName(frame: MatchFrame): string {
    const mode = this.scene.cameraMode;
    if (mode.kind === 'free') return 'free camera';
    if (mode.kind === 'overview') return 'whole map';
    const id = mode.kind === 'follow' ? mode.id : -1;
    const e =
      frame.entities.find((x) => x.id === id) ??
      frame.entities.find((x) => (x.trueRole ?? x.role) === 'john');
    return e ? `following ${e.name}` : 'overview';
  }

  destroy(): void {
    this.app.ticker.remove(this.onTick);
    this.app.ticker.remove(this.onRendered);
    this.unbind();
    this.app.canvas.removeEventListener('mousedown', this.dragStart);
    window.removeEventListener('mousemove', this.dragMove);
    window.removeEventListener('mouseup', this.dragEnd);
    window.removeEventListener('resize', this.resize);
    this.app.stage.removeChild(this.scene.root);
    this.scene.destroy();
    this.hud.destroy();
    this.hud.el.remove();
    this.chat.el.remove();
    this.help?.remove();
  }
}
