/**
 * Every sound of the game, made in code at the moment it plays: oscillators
 * and filtered noise under short envelopes. Nothing is downloaded or shipped
 * as a file (see LICENSE.md in this folder: the project's own work).
 */
import type { SoundName } from './planner.js';

/** Builds one sound into `out`, starting at `t0` (AudioContext time), `pitch` times its made frequency. */
type Voice = (v: VoiceKit, t0: number, pitch: number) => void;

/** The helpers a voice builds with, bound to one context and one output. */
export class VoiceKit {
  constructor(
    readonly ctx: BaseAudioContext,
    readonly out: AudioNode,
    private readonly noiseBuffer: AudioBuffer,
  ) {}

  /** A gain node under an attack/decay envelope, connected to `out`. */
  private env(t0: number, peak: number, attack: number, decay: number): GainNode {
    const g = this.ctx.createGain();
    g.gain.setValueAtTime(0.0001, t0);
    g.gain.exponentialRampToValueAtTime(Math.max(0.0002, peak), t0 + attack);
    g.gain.exponentialRampToValueAtTime(0.0001, t0 + attack + decay);
    g.connect(this.out);
    return g;
  }

  /** An oscillator gliding from `f0` to `f1` Hz. */
  tone(
    t0: number,
    type: OscillatorType,
    f0: number,
    f1: number,
    peak: number,
    attack: number,
    decay: number,
    lowpass = 0,
  ): void {
    const o = this.ctx.createOscillator();
    o.type = type;
    o.frequency.setValueAtTime(f0, t0);
    if (f1 !== f0) o.frequency.exponentialRampToValueAtTime(Math.max(1, f1), t0 + attack + decay);
    const g = this.env(t0, peak, attack, decay);
    if (lowpass > 0) {
      const f = this.ctx.createBiquadFilter();
      f.type = 'lowpass';
      f.frequency.value = lowpass;
      o.connect(f).connect(g);
    } else o.connect(g);
    o.start(t0);
    o.stop(t0 + attack + decay + 0.05);
  }

  /** White noise through a filter sweeping from `f0` to `f1` Hz. */
  noise(
    t0: number,
    type: BiquadFilterType,
    f0: number,
    f1: number,
    q: number,
    peak: number,
    attack: number,
    decay: number,
  ): void {
    const src = this.ctx.createBufferSource();
    src.buffer = this.noiseBuffer;
    src.loop = true;
    const f = this.ctx.createBiquadFilter();
    f.type = type;
    f.Q.value = q;
    f.frequency.setValueAtTime(f0, t0);
    if (f1 !== f0) f.frequency.exponentialRampToValueAtTime(Math.max(1, f1), t0 + attack + decay);
    const g = this.env(t0, peak, attack, decay);
    src.connect(f).connect(g);
    // A different stretch of the noise each time, so two steps are never the same sample.
    src.start(t0, (t0 * 7.31) % 0.9);
    src.stop(t0 + attack + decay + 0.05);
  }
}

/** One second of white noise (the same buffer serves every noisy sound). */
export function makeNoise(ctx: BaseAudioContext): AudioBuffer {
  const buf = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
  const d = buf.getChannelData(0);
  // A fixed linear congruential sequence: no Math.random needed for noise.
  let s = 22_695_477;
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) | 0;
    d[i] = ((s >>> 8) & 0xffff) / 0x8000 - 1;
  }
  return buf;
}

const notes = (
  v: VoiceKit,
  t0: number,
  type: OscillatorType,
  hz: number[],
  each: number,
  peak: number,
  last = each,
) =>
  hz.forEach((f, i) => {
    v.tone(t0 + i * each, type, f, f, peak, 0.01, i === hz.length - 1 ? last : each * 1.2, 4000);
  });

export const VOICES: Record<SoundName, Voice> = {
  step: (v, t, p) => {
    v.noise(t, 'lowpass', 900 * p, 500 * p, 0.7, 0.6, 0.005, 0.07);
    v.tone(t, 'sine', 95 * p, 60 * p, 0.35, 0.004, 0.06);
  },
  'step-boots': (v, t, p) => {
    v.noise(t, 'bandpass', 1500 * p, 900 * p, 1.2, 0.7, 0.003, 0.06);
    v.tone(t, 'sine', 110 * p, 70 * p, 0.3, 0.003, 0.05);
  },
  'step-heavy': (v, t, p) => {
    v.noise(t, 'lowpass', 600 * p, 300 * p, 0.8, 0.8, 0.006, 0.1);
    v.tone(t, 'sine', 70 * p, 40 * p, 0.6, 0.005, 0.12);
  },
  pistol: (v, t, p) => {
    v.noise(t, 'bandpass', 2200 * p, 700 * p, 0.8, 1, 0.002, 0.14);
    v.tone(t, 'triangle', 200 * p, 55 * p, 0.7, 0.002, 0.12);
  },
  shotgun: (v, t, p) => {
    v.noise(t, 'lowpass', 3200 * p, 250 * p, 0.6, 1, 0.003, 0.4);
    v.tone(t, 'sine', 110 * p, 35 * p, 0.9, 0.003, 0.3);
    v.noise(t + 0.45, 'bandpass', 1800, 1800, 4, 0.25, 0.005, 0.05); // the pump
    v.noise(t + 0.58, 'bandpass', 1400, 1400, 4, 0.25, 0.005, 0.05);
  },
  windup: (v, t, p) => {
    v.tone(t, 'sawtooth', 320 * p, 1400 * p, 0.25, 0.02, 0.25, 3000);
    v.noise(t, 'bandpass', 2500 * p, 6000 * p, 8, 0.4, 0.05, 0.2);
  },
  swing: (v, t, p) => {
    v.noise(t, 'bandpass', 3500 * p, 700 * p, 2, 0.8, 0.03, 0.17);
  },
  'blade-hit': (v, t, p) => {
    v.noise(t, 'bandpass', 2000 * p, 900 * p, 1.5, 1, 0.002, 0.09);
    v.tone(t, 'square', 150 * p, 70 * p, 0.4, 0.002, 0.12, 1200);
  },
  'shot-hit': (v, t, p) => {
    v.tone(t, 'triangle', 1500 * p, 1400 * p, 0.5, 0.002, 0.35);
    v.tone(t, 'sine', 2230 * p, 2100 * p, 0.3, 0.002, 0.25);
    v.noise(t, 'highpass', 3000, 3000, 0.7, 0.5, 0.002, 0.12);
  },
  melt: (v, t, p) => {
    v.noise(t, 'lowpass', 2400 * p, 250 * p, 6, 0.7, 0.05, 0.55);
    v.tone(t, 'sine', 420 * p, 110 * p, 0.45, 0.05, 0.55);
  },
  reform: (v, t, p) => {
    v.noise(t, 'lowpass', 250 * p, 2400 * p, 6, 0.7, 0.05, 0.55);
    v.tone(t, 'sine', 110 * p, 480 * p, 0.45, 0.05, 0.55);
  },
  unmask: (v, t, p) => {
    v.tone(t, 'sine', 700 * p, 300 * p, 0.35, 0.02, 0.3);
    v.noise(t, 'bandpass', 4000 * p, 1500 * p, 6, 0.3, 0.02, 0.3);
  },
  mimic: (v, t, p) => {
    v.tone(t, 'sine', 700 * p, 1500 * p, 0.3, 0.03, 0.35);
    v.noise(t, 'bandpass', 1500 * p, 5000 * p, 6, 0.3, 0.03, 0.35);
  },
  door: (v, t, p) => {
    v.tone(t, 'square', 85 * p, 60 * p, 0.35, 0.004, 0.16, 600);
    v.noise(t, 'lowpass', 800 * p, 300 * p, 1, 0.6, 0.005, 0.3);
    v.noise(t + 0.32, 'bandpass', 1200 * p, 1200 * p, 3, 0.4, 0.003, 0.06);
  },
  crate: (v, t, p) => {
    v.tone(t, 'triangle', 900 * p, 900 * p, 0.4, 0.002, 0.04);
    v.tone(t + 0.13, 'triangle', 1100 * p, 1100 * p, 0.4, 0.002, 0.05);
  },
  hack: (v, t, p) => v.tone(t, 'square', 1100 * p, 1100 * p, 0.18, 0.003, 0.05, 3000),
  'revive-tick': (v, t, p) => v.tone(t, 'sine', 520 * p, 520 * p, 0.4, 0.01, 0.09),
  'terminate-tick': (v, t, p) => v.tone(t, 'sine', 75 * p, 50 * p, 0.8, 0.01, 0.16),
  downed: (v, t, p) => v.tone(t, 'sawtooth', 240 * p, 80 * p, 0.5, 0.01, 0.45, 1500),
  revived: (v, t, p) => notes(v, t, 'sine', [440 * p, 660 * p], 0.11, 0.45),
  eliminated: (v, t, p) => v.tone(t, 'sawtooth', 180 * p, 45 * p, 0.6, 0.01, 0.85, 900),
  destroyed: (v, t, p) => {
    v.noise(t, 'lowpass', 3500 * p, 120 * p, 3, 1, 0.02, 1.6);
    v.tone(t, 'sine', 220 * p, 30 * p, 0.8, 0.02, 1.5);
  },
  police: (v, t, p) => {
    v.tone(t, 'sine', 2300 * p, 2250 * p, 0.35, 0.01, 0.14);
    v.tone(t + 0.22, 'sine', 2300 * p, 2250 * p, 0.35, 0.01, 0.22);
  },
  alarm: (v, t, p) => notes(v, t, 'square', [880 * p, 660 * p, 880 * p, 660 * p], 0.16, 0.3),
  siren: (v, t, p) => {
    const o = v.ctx.createOscillator();
    o.type = 'sawtooth';
    o.frequency.setValueAtTime(600 * p, t);
    o.frequency.linearRampToValueAtTime(1000 * p, t + 0.65);
    o.frequency.linearRampToValueAtTime(600 * p, t + 1.3);
    const f = v.ctx.createBiquadFilter();
    f.type = 'lowpass';
    f.frequency.value = 1800;
    const g = v.ctx.createGain();
    g.gain.setValueAtTime(0.0001, t);
    g.gain.linearRampToValueAtTime(0.3, t + 0.1);
    g.gain.setValueAtTime(0.3, t + 1.2);
    g.gain.linearRampToValueAtTime(0.0001, t + 1.35);
    o.connect(f).connect(g).connect(v.out);
    o.start(t);
    o.stop(t + 1.4);
  },
  act: (v, t, p) => {
    for (const f of [220, 277, 330]) v.tone(t, 'triangle', f * p, f * p * 1.5, 0.25, 0.08, 1, 2500);
  },
  objective: (v, t, p) => notes(v, t, 'triangle', [660 * p, 990 * p], 0.12, 0.4, 0.3),
  heartbeat: (v, t, p) => {
    v.tone(t, 'sine', 62 * p, 45 * p, 1, 0.01, 0.12);
    v.tone(t + 0.18, 'sine', 55 * p, 40 * p, 0.7, 0.01, 0.14);
  },
  victory: (v, t, p) => notes(v, t, 'triangle', [523 * p, 659 * p, 784 * p, 1046 * p], 0.15, 0.45, 1),
  defeat: (v, t, p) => notes(v, t, 'sawtooth', [392 * p, 330 * p, 262 * p, 196 * p], 0.22, 0.35, 1.1),
  end: (v, t, p) => notes(v, t, 'triangle', [440 * p, 330 * p], 0.25, 0.4, 0.8),
};
