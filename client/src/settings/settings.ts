/**
 * The player's settings, kept in local storage: read them with
 * `settings.get()`, change them with `settings.set({...})`, and follow changes
 * with `settings.subscribe(fn)`. Sound, palette, key bindings and UI scale
 * all read from here.
 */

export interface Settings {
  /** 0–1. */
  masterVolume: number;
  /** 0–1, times the master volume. */
  effectsVolume: number;
  /** 'colourblind' swaps the role and door colours for ones that stay apart under red–green colour blindness. */
  palette: 'standard' | 'colourblind';
  /** Interface scale, 0.75–1.5. */
  uiScale: number;
  /** Rebound keys: KeyboardEvent.code → action name; empty keeps the defaults. */
  keys: Record<string, string>;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  masterVolume: 0.8,
  effectsVolume: 0.8,
  palette: 'standard',
  uiScale: 1,
  keys: {},
};

const STORAGE_KEY = 'lm.settings';

type Listener = (s: Readonly<Settings>) => void;

function load(): Settings {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return { ...DEFAULT_SETTINGS, keys: {} };
    return { ...DEFAULT_SETTINGS, keys: {}, ...(JSON.parse(raw) as Partial<Settings>) };
  } catch {
    return { ...DEFAULT_SETTINGS, keys: {} };
  }
}

class SettingsStore {
  private value: Settings = load();
  private readonly listeners = new Set<Listener>();

  get(): Readonly<Settings> {
    return this.value;
  }

  set(patch: Partial<Settings>): void {
    this.value = { ...this.value, ...patch };
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(this.value));
    } catch {
      // Private mode or a full store: the settings hold for this page.
    }
    for (const fn of this.listeners) fn(this.value);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export const settings = new SettingsStore();
