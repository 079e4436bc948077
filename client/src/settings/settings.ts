/**
 * The player's settings, kept in local storage: read them with
 * `settings.get()`, change them with `settings.set({...})`, and follow changes
 * with `settings.subscribe(fn)`. Sound, palette, key bindings and UI scale
 * all read from here. What is loaded (and what is set) is checked field by
 * field: a value of the wrong type falls back to its default, a number out of
 * range is clamped, so a hand-edited or old store never breaks the page.
 */

import { clampFinite } from '../../../shared/protocol.js';

export interface Settings {
  /** 0–1. */
  masterVolume: number;
  /** 0–1, times the master volume. */
  effectsVolume: number;
  /** 'colourblind' swaps the role and door colours for ones that stay apart under red–green colour blindness. */
  palette: 'standard' | 'colourblind';
  /** Interface scale, 0.75–1.5. */
  uiScale: number;
  /**
   * Rebound keys: KeyboardEvent.code → action name; empty keeps the defaults.
   * An action of '' unbinds a key that is bound by default (input/keymap.ts
   * reads these over its defaults).
   */
  keys: Record<string, string>;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  masterVolume: 0.8,
  effectsVolume: 0.8,
  palette: 'standard',
  uiScale: 1,
  keys: {},
};

export const UI_SCALE_MIN = 0.75;
export const UI_SCALE_MAX = 1.5;
export const PALETTES = ['standard', 'colourblind'] as const;

export const STORAGE_KEY = 'lm.settings';

/** KeyboardEvent.code values are short words of letters and digits ('KeyW', 'ArrowUp', 'Numpad4'). */
const CODE = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
/** Action names are short words; keymap.ts drops the ones it does not know. */
const ACTION = /^(?:[A-Za-z]{1,32})?$/;
const MAX_KEYS = 128;

type Listener = (s: Readonly<Settings>) => void;

function cleanKeys(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  let n = 0;
  for (const [code, action] of Object.entries(v)) {
    if (n >= MAX_KEYS) break;
    if (!CODE.test(code) || typeof action !== 'string' || !ACTION.test(action)) continue;
    out[code] = action;
    n++;
  }
  return out;
}

/**
 * A whole, valid {@link Settings} from anything (parsed JSON, a patch merged
 * over the current value): each field that is missing or of the wrong kind
 * takes its default, numbers are clamped to their range.
 */
export function sanitizeSettings(raw: unknown): Settings {
  const o =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_SETTINGS;
  return {
    masterVolume: clampFinite(o.masterVolume, 0, 1, d.masterVolume),
    effectsVolume: clampFinite(o.effectsVolume, 0, 1, d.effectsVolume),
    palette: (PALETTES as readonly unknown[]).includes(o.palette)
      ? (o.palette as Settings['palette'])
      : d.palette,
    uiScale: clampFinite(o.uiScale, UI_SCALE_MIN, UI_SCALE_MAX, d.uiScale),
    keys: cleanKeys(o.keys),
  };
}

function load(): Settings {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return sanitizeSettings({});
    return sanitizeSettings(JSON.parse(raw));
  } catch {
    return sanitizeSettings({});
  }
}

export class SettingsStore {
  private value: Settings = load();
  private readonly listeners = new Set<Listener>();

  get(): Readonly<Settings> {
    return this.value;
  }

  /** Merges the patch (each field checked as on load), saves, and tells the subscribers. */
  set(patch: Partial<Settings>): void {
    this.value = sanitizeSettings({ ...this.value, ...patch });
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(this.value));
    } catch {
      // Private mode or a full store: the settings hold for this page.
    }
    for (const fn of [...this.listeners]) fn(this.value);
  }

  /** Everything back to the defaults (saved). */
  reset(): void {
    this.set({ ...DEFAULT_SETTINGS, keys: {} });
  }

  /** Reads the store again (another tab changed it, or a test wrote it). */
  reload(): void {
    this.value = load();
    for (const fn of [...this.listeners]) fn(this.value);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export const settings = new SettingsStore();
