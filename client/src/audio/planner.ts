/**
 * What to play, decided from one frame: the pure half of the game's sound.
 *
 * The planner reads only what the client was sent — the frame's entities (as
 * they look to this viewer) and its effect events — and the listener's place,
 * and returns the sounds to start now, each with a gain and a pan. It holds
 * no Web Audio and no clock of its own (time is the frame's game time), so it
 * runs, and is tested, in Node; `player.ts` plays its plans.
 *
 * What it may not do, by construction:
 * - invent a sound for something the viewer was not sent: every sound names
 *   its cause, an event of the frame or an entity of the frame;
 * - tell a disguise from the real one: an entity's sound depends on its look
 *   (role, life, liquid, action) and its motion only, never on its id, name,
 *   colour, variant or true role, so a disguised T-1000 walking sounds exactly
 *   like the civilian it copies; a liquid T-1000 makes no footsteps at all;
 * - carry further than hearing range: beyond {@link HEARING.range} tiles of
 *   the listener a positional sound is not played.
 */
import type { FrameEntity, FxEvent, MatchFrame } from '../contract/frame.js';

export type SoundName =
  | 'step'
  | 'step-boots'
  | 'step-heavy'
  | 'pistol'
  | 'shotgun'
  | 'windup'
  | 'swing'
  | 'blade-hit'
  | 'shot-hit'
  | 'melt'
  | 'reform'
  | 'unmask'
  | 'mimic'
  | 'door'
  | 'crate'
  | 'hack'
  | 'revive-tick'
  | 'terminate-tick'
  | 'downed'
  | 'revived'
  | 'eliminated'
  | 'destroyed'
  | 'police'
  | 'alarm'
  | 'siren'
  | 'act'
  | 'objective'
  | 'heartbeat'
  | 'victory'
  | 'defeat'
  | 'end';

/** Why a sound plays: an event of the frame (its index in `frame.fx`), an entity of the frame (its id), or the public match state. */
export type SoundCause =
  | { kind: 'event'; index: number }
  | { kind: 'entity'; id: number }
  | { kind: 'state'; what: 'alarm' | 'result' | 'audition' };

export interface PlannedSound {
  sound: SoundName;
  /** 0–1, before the player's volume settings. */
  gain: number;
  /** −1 (left) to 1 (right). */
  pan: number;
  /** Playback rate, 1 = as made. */
  pitch: number;
  cause: SoundCause;
}

/** Where the sound is heard from (tiles): the own character, or the camera's centre for spectators. */
export interface Listener {
  x: number;
  y: number;
}

/** How far and how wide sound carries (tiles). */
export const HEARING = {
  /** Beyond this distance from the listener a positional sound is silent. */
  range: 16,
  /** A sound this far to the side is panned fully (top-down: left/right on the screen). */
  panSpan: 10,
  /** Full pan is kept a little off the hard edge. */
  panMax: 0.85,
} as const;

/** Footsteps: one per this many tiles walked. */
const STRIDE = 1.25;
/** A jump longer than this in one frame is a new sighting or a knock-back, not walking. */
const TELEPORT = 2;
/** At most this many footsteps start in one frame (a crowd is a murmur, not a drum roll). */
const MAX_STEPS_PER_FRAME = 5;
/** Seconds between two ticks of a channelled action. */
const TICK_PERIOD = 0.45;
/** Seconds between two sweeps of the alarm siren. */
const SIREN_PERIOD = 1.4;
/** An undisguised T-1000 seen within this many tiles sets the heartbeat going (escorts only). */
const HEARTBEAT_RANGE = 9;

/** The loudness of each sound at the listener, before distance. */
const BASE: Record<SoundName, number> = {
  step: 0.3,
  'step-boots': 0.34,
  'step-heavy': 0.4,
  pistol: 0.8,
  shotgun: 1,
  windup: 0.7,
  swing: 0.7,
  'blade-hit': 0.85,
  'shot-hit': 0.8,
  melt: 0.75,
  reform: 0.75,
  unmask: 0.55,
  mimic: 0.5,
  door: 0.6,
  crate: 0.5,
  hack: 0.3,
  'revive-tick': 0.3,
  'terminate-tick': 0.45,
  downed: 0.8,
  revived: 0.6,
  eliminated: 0.8,
  destroyed: 1,
  police: 0.6,
  alarm: 0.55,
  siren: 0.22,
  act: 0.6,
  objective: 0.5,
  heartbeat: 0.6,
  victory: 0.7,
  defeat: 0.7,
  end: 0.6,
};

/** Every sound the game has. */
export const SOUND_NAMES = Object.keys(BASE) as SoundName[];

/** Events heard where they happened. */
const POSITIONAL: Partial<Record<FxEvent['type'], SoundName>> = {
  windup: 'windup',
  strike: 'swing',
  hit: 'blade-hit',
  'shot-hit': 'shot-hit',
  downed: 'downed',
  revived: 'revived',
  eliminated: 'eliminated',
  destroyed: 'destroyed',
  melt: 'melt',
  reform: 'reform',
  unmask: 'unmask',
  mimic: 'mimic',
  door: 'door',
  crate: 'crate',
  slowed: 'police',
};

/** Events of the whole match, heard the same everywhere (they are public). */
const EVERYWHERE: Partial<Record<FxEvent['type'], SoundName>> = {
  alarm: 'alarm',
  act: 'act',
  objective: 'objective',
};

/** The footstep of a look: by the role it shows, nothing else. */
export function footstepOf(look: Pick<FrameEntity, 'role'>): SoundName {
  if (look.role === 't800') return 'step-heavy';
  if (look.role === 'police' || look.role === 'guard' || look.role === 't1000') return 'step-boots';
  return 'step';
}

/** The tick of a channelled action, or null for none. */
function tickOf(action: FrameEntity['action']): SoundName | null {
  if (action === '') return null;
  if (action === 'revive') return 'revive-tick';
  if (action === 'terminate') return 'terminate-tick';
  return 'hack';
}

/** Gain and pan of a sound at (x, y) for the listener; gain 0 beyond hearing range. */
export function place(listener: Listener, x: number, y: number): { gain: number; pan: number } {
  const dx = x - listener.x;
  const dy = y - listener.y;
  const d = Math.hypot(dx, dy);
  if (!(d < HEARING.range)) return { gain: 0, pan: 0 };
  const near = 1 - d / HEARING.range;
  const pan = Math.max(-1, Math.min(1, dx / HEARING.panSpan)) * HEARING.panMax;
  return { gain: near * near, pan };
}

/** The result sound for a viewer: the winner is 'hunter' or 'escort'. */
export function resultSound(viewer: MatchFrame['viewer'], winner: 'hunter' | 'escort'): SoundName {
  if (viewer === 'spectator') return 'end';
  return viewer === winner ? 'victory' : 'defeat';
}

interface Walker {
  x: number;
  y: number;
  /** Tiles walked since the last footstep. */
  walked: number;
  /** The channelled action last frame, and the game time of its next tick. */
  action: FrameEntity['action'];
  actionStart: number;
  nextTick: number;
  seenAt: number;
}

/**
 * Turns frames into sounds. Keeps, per entity id of the frame, the distance
 * walked since its last footstep and the timing of its action ticks; forgets
 * an entity when it leaves the frame.
 */
export class SoundPlanner {
  private readonly walkers = new Map<number, Walker>();
  private lastTime = Number.NaN;
  private nextSiren = 0;
  private nextBeat = 0;
  private ended = false;

  /** Forget everything (a new match). */
  reset(): void {
    this.walkers.clear();
    this.lastTime = Number.NaN;
    this.nextSiren = 0;
    this.nextBeat = 0;
    this.ended = false;
  }

  /** The sounds to start for this frame, heard by `listener`. */
  plan(frame: MatchFrame, listener: Listener): PlannedSound[] {
    if (frame.time < this.lastTime) this.reset();
    const out: PlannedSound[] = [];
    this.events(frame, listener, out);
    this.bodies(frame, listener, out);
    this.ambience(frame, listener, out);
    this.lastTime = frame.time;
    return out;
  }

  /** The match's result (from the end summary when the frame's own end event is never drawn): once per match. */
  result(viewer: MatchFrame['viewer'], winner: 'hunter' | 'escort'): PlannedSound | null {
    if (this.ended) return null;
    this.ended = true;
    const sound = resultSound(viewer, winner);
    return { sound, gain: BASE[sound], pan: 0, pitch: 1, cause: { kind: 'state', what: 'result' } };
  }

  private events(frame: MatchFrame, listener: Listener, out: PlannedSound[]): void {
    frame.fx.forEach((ev, index) => {
      const cause: SoundCause = { kind: 'event', index };
      if (ev.type === 'end') {
        const r = this.result(frame.viewer, ev.value === 0 ? 'hunter' : 'escort');
        if (r) out.push({ ...r, cause });
        return;
      }
      const everywhere = EVERYWHERE[ev.type];
      if (everywhere) {
        out.push({ sound: everywhere, gain: BASE[everywhere], pan: 0, pitch: 1, cause });
        return;
      }
      const sound = ev.type === 'shot' ? (ev.cone ? 'shotgun' : 'pistol') : POSITIONAL[ev.type];
      if (!sound) return;
      const at = place(listener, ev.x, ev.y);
      if (at.gain <= 0) return;
      out.push({ sound, gain: BASE[sound] * at.gain, pan: at.pan, pitch: 1, cause });
    });
  }

  private bodies(frame: MatchFrame, listener: Listener, out: PlannedSound[]): void {
    const t = frame.time;
    const steps: PlannedSound[] = [];
    for (const e of frame.entities) {
      let w = this.walkers.get(e.id);
      if (!w) {
        w = { x: e.x, y: e.y, walked: 0, action: '', actionStart: t, nextTick: t, seenAt: t };
        this.walkers.set(e.id, w);
      }
      w.seenAt = t;
      const moved = Math.hypot(e.x - w.x, e.y - w.y);
      w.x = e.x;
      w.y = e.y;
      const upright = e.life === 'healthy' || e.life === 'injured';
      if (moved > TELEPORT || !upright || e.liquid) {
        // A puddle slides without a sound; a new sighting or a knock-back is no step.
        w.walked = 0;
      } else {
        w.walked += moved;
        if (w.walked >= STRIDE) {
          w.walked -= STRIDE * Math.floor(w.walked / STRIDE);
          const sound = footstepOf(e);
          const at = place(listener, e.x, e.y);
          if (at.gain > 0) {
            const own = e.self ? 0.6 : 1;
            steps.push({
              sound,
              gain: BASE[sound] * at.gain * own,
              pan: at.pan,
              pitch: 1,
              cause: { kind: 'entity', id: e.id },
            });
          }
        }
      }
      const tick = tickOf(e.action);
      if (tick !== w.action) {
        w.action = e.action;
        w.actionStart = t;
        w.nextTick = t;
      }
      if (tick && t >= w.nextTick) {
        w.nextTick = t + TICK_PERIOD;
        const at = place(listener, e.x, e.y);
        if (at.gain > 0) {
          // Rises as the channel goes on: the own from its real progress, others' from how long it has been seen.
          const self = e.self ? frame.self : null;
          const progress =
            self && self.actionTime > 0 ? self.actionProgress / self.actionTime : (t - w.actionStart) / 6;
          const pitch = 1 + 0.6 * Math.max(0, Math.min(1, progress));
          out.push({
            sound: tick,
            gain: BASE[tick] * at.gain,
            pan: at.pan,
            pitch,
            cause: { kind: 'entity', id: e.id },
          });
        }
      }
    }
    for (const [id, w] of this.walkers) if (w.seenAt !== t) this.walkers.delete(id);
    steps.sort((a, b) => b.gain - a.gain);
    for (let i = 0; i < steps.length && i < MAX_STEPS_PER_FRAME; i++) out.push(steps[i]);
  }

  private ambience(frame: MatchFrame, listener: Listener, out: PlannedSound[]): void {
    const t = frame.time;
    if (frame.alarmLeft > 0) {
      if (t >= this.nextSiren) {
        this.nextSiren = t + SIREN_PERIOD;
        out.push({
          sound: 'siren',
          gain: BASE.siren,
          pan: 0,
          pitch: 1,
          cause: { kind: 'state', what: 'alarm' },
        });
      }
    } else this.nextSiren = 0;
    if (frame.viewer !== 'escort') return;
    // The heartbeat: the hunter seen as itself, near. A disguise shows another role, so it never starts one.
    let nearest = Number.POSITIVE_INFINITY;
    let who = -1;
    for (const e of frame.entities) {
      if (e.role !== 't1000' || e.self) continue;
      const d = Math.hypot(e.x - listener.x, e.y - listener.y);
      if (d < nearest) {
        nearest = d;
        who = e.id;
      }
    }
    if (nearest >= HEARTBEAT_RANGE) {
      this.nextBeat = 0;
      return;
    }
    if (t < this.nextBeat) return;
    const close = 1 - nearest / HEARTBEAT_RANGE;
    this.nextBeat = t + 0.9 - 0.5 * close;
    out.push({
      sound: 'heartbeat',
      gain: BASE.heartbeat * (0.35 + 0.65 * close),
      pan: 0,
      pitch: 1,
      cause: { kind: 'entity', id: who },
    });
  }
}
