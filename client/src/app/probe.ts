import { mapBakes } from '../render/MapView.js';
import type { App } from './App.js';

/** A plain snapshot of the client's state, read by the browser tests and the benchmark through `window.__lm.probe()`. */
export interface Probe {
  screen: string;
  roomId: string | null;
  sessionId: string | null;
  phase: string | null;
  role: string | null;
  /** The own character where the server last put it (PrivateState), and where the client draws it. */
  server: { x: number; y: number } | null;
  predicted: { x: number; y: number } | null;
  /** Entities the client was sent, and drawn after culling. */
  entities: number;
  drawn: number;
  patches: number;
  inputsSent: number;
  ack: number;
  /** The reconciler's last correction and rolling drift (tiles). */
  correction: number;
  drift: { ema: number; peak: number } | null;
  frames: number;
  /** The guidance arrow's objective and angle (MatchView.guide), and whether the role briefing is up. */
  guide: import('../match/MatchView.js').GuideProbe | null;
  briefing: boolean;
  /** Spectators: the side view shown (all, escort, hunter), the camera's view of the map (tiles), the camera mode, and the roster. */
  spectatorView: string | null;
  camera: { x: number; y: number; w: number; h: number; mode: string; followId: number | null } | null;
  roster: { id: number; name: string; role: string; shown: boolean }[];
  /** Entities in the last frame drawn (before culling): for a spectator, what the side view shows. */
  shown: number;
  /** Times a map was baked into textures since the page loaded (a view of the same map reuses the last bake). */
  mapBakes: number;
}

export function probe(app: App): Probe {
  const session = app.session;
  const state = session?.state;
  const priv = state?.private?.get(session?.room.sessionId ?? '');
  const own = app.match?.own ?? null;
  const live = app.live.active ? app.live.probe() : null;
  return {
    screen: live ? 'watching' : app.screen.name,
    roomId: live ? live.match : (session?.room.roomId ?? null),
    sessionId: session?.room.sessionId ?? null,
    phase: state?.phase ?? null,
    role: priv?.role || null,
    server: priv ? { x: priv.x, y: priv.y } : null,
    predicted: own ? { x: own.x, y: own.y } : null,
    entities: live ? live.entities : (state?.entities?.size ?? 0) + (state?.trueEntities?.size ?? 0),
    drawn: app.view?.scene.drawn ?? 0,
    patches: app.match?.patches ?? 0,
    inputsSent: own?.sent ?? 0,
    ack: priv?.ack ?? 0,
    correction: own?.lastCorrection ?? 0,
    drift: own ? { ema: own.drift.ema, peak: own.drift.peak } : null,
    frames: app.view?.stats.count ?? 0,
    guide: app.view?.guide ?? null,
    briefing: app.view?.hud.briefingOpen ?? false,
    spectatorView: app.view?.spectatorView ?? null,
    camera: app.view?.cameraProbe() ?? null,
    roster: app.view?.rosterProbe() ?? [],
    shown: app.view?.shownCount ?? 0,
    mapBakes: mapBakes.bakes,
  };
}
