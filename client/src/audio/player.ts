/**
 * Plays the planner's sounds through the Web Audio API: one AudioContext for
 * the page, made on the first key press or click (browsers keep audio shut
 * until a gesture; made earlier it would only sit suspended), a master gain
 * from the settings (master × effects), and per sound a gain and a stereo
 * pan. Where there is no Web Audio, or it fails, the game goes on silent.
 */
import { type Settings, settings } from '../settings/settings.js';
import type { PlannedSound } from './planner.js';
import { makeNoise, VOICES, VoiceKit } from './synth.js';

/** Sounds playing at once: past the first number, footsteps and ticks are dropped; past the second, everything. */
const MAX_VOICES = 24;
const HARD_MAX_VOICES = 40;
/** The sounds a crowd makes many of: the first to go when too much is playing. */
const MINOR = new Set<string>(['step', 'step-boots', 'step-heavy', 'hack', 'revive-tick']);
/** How long a voice is counted as playing (s): the longest sound is under two seconds. */
const VOICE_LIFE = 1.8;
/** The same for a footstep or a tick (they are all under 0.2 s). */
const SHORT_LIFE = 0.25;

type AudioContextCtor = new () => AudioContext;

/** What the sound has done, for the browser tests (read as `window.__lmSound`). */
export const soundStats = {
  /** The AudioContext's state: 'none' until the first gesture, 'unavailable' without Web Audio. */
  state: 'none' as string,
  /** Sounds started, and by name. */
  played: 0,
  byName: {} as Record<string, number>,
  /** The master gain set from the settings (master × effects). */
  volume: -1,
  /** Failures swallowed to keep the game going, and the last one's message. */
  errors: 0,
  lastError: '',
};

function failed(e: unknown): void {
  soundStats.errors++;
  soundStats.lastError = e instanceof Error ? e.message : String(e);
}

function audioContextClass(): AudioContextCtor | null {
  const g = globalThis as unknown as {
    AudioContext?: AudioContextCtor;
    webkitAudioContext?: AudioContextCtor;
  };
  return g.AudioContext ?? g.webkitAudioContext ?? null;
}

export class SoundPlayer {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private noise: AudioBuffer | null = null;
  private ends: number[] = [];
  private failed = false;
  private readonly off: (() => void)[] = [];

  constructor() {
    const unlock = () => this.unlock();
    if (typeof window !== 'undefined') {
      for (const type of ['keydown', 'pointerdown', 'touchstart'] as const) {
        window.addEventListener(type, unlock, { capture: true, passive: true });
        this.off.push(() => window.removeEventListener(type, unlock, { capture: true }));
      }
    }
    this.off.push(settings.subscribe((s) => this.setVolume(s)));
  }

  /** Whether sounds can be heard now (a context exists and runs). */
  get running(): boolean {
    return this.ctx?.state === 'running';
  }

  /** A user gesture: make the context, or resume it if the browser suspended it. */
  unlock(): void {
    if (this.failed) return;
    try {
      if (!this.ctx) {
        const Ctor = audioContextClass();
        if (!Ctor) {
          this.failed = true;
          soundStats.state = 'unavailable';
          return;
        }
        const ctx = new Ctor();
        this.master = ctx.createGain();
        this.master.connect(ctx.destination);
        this.noise = makeNoise(ctx);
        this.ctx = ctx;
        ctx.addEventListener('statechange', () => {
          soundStats.state = ctx.state;
        });
        soundStats.state = ctx.state;
        this.setVolume(settings.get());
      }
      if (this.ctx.state === 'suspended') void this.ctx.resume().catch(failed);
    } catch (e) {
      failed(e);
      this.failed = true;
      soundStats.state = 'unavailable';
      this.ctx = null;
    }
  }

  private setVolume(s: Readonly<Settings>): void {
    if (!this.ctx || !this.master) return;
    const v = s.masterVolume * s.effectsVolume;
    soundStats.volume = v;
    this.master.gain.setTargetAtTime(v, this.ctx.currentTime, 0.02);
  }

  /** Start the planned sounds now. */
  play(plan: readonly PlannedSound[]): void {
    const ctx = this.ctx;
    if (!ctx || !this.master || !this.noise || ctx.state !== 'running' || plan.length === 0) return;
    const s = settings.get();
    if (s.masterVolume * s.effectsVolume <= 0) return;
    const now = ctx.currentTime;
    this.ends = this.ends.filter((t) => t > now);
    try {
      for (const p of plan) {
        if (this.ends.length >= HARD_MAX_VOICES) break;
        if (this.ends.length >= MAX_VOICES && MINOR.has(p.sound)) continue;
        if (p.gain < 0.005) continue;
        const g = ctx.createGain();
        g.gain.value = p.gain;
        let out: AudioNode = g;
        if (p.pan !== 0 && typeof ctx.createStereoPanner === 'function') {
          const pan = ctx.createStereoPanner();
          pan.pan.value = p.pan;
          g.connect(pan);
          out = pan;
        }
        out.connect(this.master);
        // A little variety, so a walk is not one sample repeated.
        const pitch = p.pitch * (1 + (Math.random() - 0.5) * 0.08);
        VOICES[p.sound](new VoiceKit(ctx, g, this.noise), now + 0.005, pitch);
        this.ends.push(now + (MINOR.has(p.sound) ? SHORT_LIFE : VOICE_LIFE));
        soundStats.played++;
        soundStats.byName[p.sound] = (soundStats.byName[p.sound] ?? 0) + 1;
        // Unhook the voice's chain once it is over.
        setTimeout(() => out.disconnect(), VOICE_LIFE * 1000 + 200);
      }
    } catch (e) {
      // A browser that refuses a node: stay silent rather than break the frame.
      failed(e);
    }
  }

  dispose(): void {
    for (const off of this.off) off();
    this.off.length = 0;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }
}
