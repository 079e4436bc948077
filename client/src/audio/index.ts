/**
 * The game's sound, fed once per drawn frame by the match view:
 * `hearFrame(frame, cameraView, source)`. It picks the listener (the own
 * character, or the camera's centre for spectators and the eliminated), asks
 * the {@link SoundPlanner} what to play and hands that to the
 * {@link SoundPlayer}. A live match's end summary (which arrives after the
 * match view is gone) plays victory or defeat.
 */
import { type EndSummary, ServerMessage } from '../../../shared/protocol.js';
import type { MatchFrame } from '../contract/frame.js';
import { TILE } from '../render/palette.js';
import { type Listener, SOUND_NAMES, type SoundName, SoundPlanner } from './planner.js';
import { SoundPlayer, soundStats } from './player.js';

/** The camera's view in world pixels, as the renderer's camera gives it. */
export interface CameraView {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A source that may be a live room (duck-typed: the sound never reaches into net/ otherwise). */
interface MaybeLive {
  room?: { onMessage?: (type: string, fn: (payload: EndSummary) => void) => () => void };
}

/** Where the frame is heard from: the own character while it stands, else the camera's centre (tiles). */
export function listenerOf(frame: MatchFrame, view: CameraView): Listener {
  const me = frame.entities.find((e) => e.self);
  if (me) return { x: me.x, y: me.y };
  return { x: (view.x + view.w / 2) / TILE, y: (view.y + view.h / 2) / TILE };
}

let player: SoundPlayer | null = null;
/**
 * Play one sound, centred, at full loudness (before the volume settings): for
 * trying the sounds out from the browser console, `__lmSound.audition('siren')`
 * (`__lmSound.names` lists them). False for an unknown name or no audio yet.
 */
export function audition(name: string): boolean {
  if (!(SOUND_NAMES as string[]).includes(name)) return false;
  const p = ensurePlayer();
  if (!p?.running) return false;
  p.play([
    { sound: name as SoundName, gain: 1, pan: 0, pitch: 1, cause: { kind: 'state', what: 'audition' } },
  ]);
  return true;
}

(globalThis as { __lmSound?: unknown }).__lmSound = Object.assign(soundStats, {
  audition,
  names: SOUND_NAMES,
});
const planner = new SoundPlanner();
let lastSource: unknown = null;
let lastViewer: MatchFrame['viewer'] = 'spectator';
const rooms = new WeakSet<object>();

function ensurePlayer(): SoundPlayer | null {
  if (player) return player;
  try {
    player = new SoundPlayer();
  } catch {
    player = null;
  }
  return player;
}

/** Hear one frame. Never throws: sound is never worth a broken frame. */
export function hearFrame(frame: MatchFrame, view: CameraView, source?: unknown): void {
  try {
    const p = ensurePlayer();
    if (source !== lastSource) {
      lastSource = source;
      planner.reset();
      watchEnd(source);
    }
    lastViewer = frame.viewer;
    const plan = planner.plan(frame, listenerOf(frame, view));
    p?.play(plan);
  } catch (e) {
    // Silent rather than broken.
    soundStats.errors++;
    soundStats.lastError = e instanceof Error ? e.message : String(e);
  }
}

/** A live room's end summary: the result sound, once, for the side this client watched. */
function watchEnd(source: unknown): void {
  const room = (source as MaybeLive | null)?.room;
  if (!room || typeof room.onMessage !== 'function' || rooms.has(room)) return;
  rooms.add(room);
  room.onMessage(ServerMessage.end, (summary) => {
    try {
      if (summary?.winner !== 'hunter' && summary?.winner !== 'escort') return;
      const r = planner.result(lastViewer, summary.winner);
      if (r) player?.play([r]);
    } catch {
      // Silent rather than broken.
    }
  });
}
