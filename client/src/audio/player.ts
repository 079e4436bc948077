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

/** Sounds playing at once, at most; more are dropped (the loudest plans come first within a kind). */
const MAX_VOICES = 24;
/** How long a voice is counted as playing (s): the longest sound is under two seconds. */
const VOICE_LIFE = 1.8;

type AudioContextCtor = new () => AudioContext;

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
          return;
        }
        const ctx = new Ctor();
        this.master = ctx.createGain();
        this.master.connect(ctx.destination);
        this.noise = makeNoise(ctx);
        this.ctx = ctx;
        this.setVolume(settings.get());
      }
      if (this.ctx.state === 'suspended') void this.ctx.resume().catch(() => undefined);
    } catch {
      this.failed = true;
      this.ctx = null;
    }
  }

  private setVolume(s: Readonly<Settings>): void {
    if (!this.ctx || !this.master) return;
    const v = s.masterVolume * s.effectsVolume;
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
        if (this.ends.length >= MAX_VOICES) break;
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
        this.ends.push(now + VOICE_LIFE);
        // Unhook the voice's chain once it is over.
        setTimeout(() => out.disconnect(), VOICE_LIFE * 1000 + 200);
      }
    } catch {
      // A browser that refuses a node: stay silent rather than break the frame.
    }
  }

  dispose(): void {
    for (const off of this.off) off();
    this.off.length = 0;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }
}
