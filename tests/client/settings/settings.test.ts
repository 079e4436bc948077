import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SettingsStore,
  STORAGE_KEY,
  sanitizeSettings,
} from '../../../client/src/settings/settings.js';
import { fakeStorage } from '../fixtures/storage.js';

describe('settings store', () => {
  let storage: ReturnType<typeof fakeStorage>;
  beforeEach(() => {
    storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts from the defaults when nothing is stored', () => {
    const s = new SettingsStore();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('saves every change and a new page (a new store) loads it back', () => {
    const a = new SettingsStore();
    a.set({ masterVolume: 0.3, palette: 'colourblind', uiScale: 1.25, keys: { KeyI: 'up', KeyW: '' } });
    a.set({ effectsVolume: 0.1 });
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).toMatchObject({
      masterVolume: 0.3,
      effectsVolume: 0.1,
    });
    const b = new SettingsStore();
    expect(b.get()).toEqual({
      masterVolume: 0.3,
      effectsVolume: 0.1,
      palette: 'colourblind',
      uiScale: 1.25,
      keys: { KeyI: 'up', KeyW: '' },
    });
  });

  it('stored text that is not JSON loads the defaults', () => {
    storage.setItem(STORAGE_KEY, '{"masterVolume": 0.2,');
    expect(new SettingsStore().get()).toEqual(DEFAULT_SETTINGS);
    storage.setItem(STORAGE_KEY, 'null');
    expect(new SettingsStore().get()).toEqual(DEFAULT_SETTINGS);
    storage.setItem(STORAGE_KEY, '[1,2,3]');
    expect(new SettingsStore().get()).toEqual(DEFAULT_SETTINGS);
  });

  it('each bad stored field falls back to its own default, the good ones stay', () => {
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({
        masterVolume: 'loud',
        effectsVolume: 0.4,
        palette: 'sepia',
        uiScale: null,
        keys: ['KeyW'],
      }),
    );
    expect(new SettingsStore().get()).toEqual({ ...DEFAULT_SETTINGS, effectsVolume: 0.4 });
  });

  it('numbers out of range are clamped (on load and on set)', () => {
    storage.setItem(STORAGE_KEY, JSON.stringify({ masterVolume: 7, effectsVolume: -1, uiScale: 40 }));
    const s = new SettingsStore();
    expect(s.get()).toMatchObject({ masterVolume: 1, effectsVolume: 0, uiScale: 1.5 });
    s.set({ uiScale: 0.1, masterVolume: Number.NaN });
    expect(s.get().uiScale).toBe(0.75);
    expect(s.get().masterVolume).toBe(DEFAULT_SETTINGS.masterVolume);
  });

  it('key overrides keep only key codes mapped to action names', () => {
    const clean = sanitizeSettings({
      keys: { KeyI: 'up', KeyW: '', '<img>': 'up', KeyJ: 42, KeyK: 'drop table', ArrowLeft: 'left' },
    });
    expect(clean.keys).toEqual({ KeyI: 'up', KeyW: '', ArrowLeft: 'left' });
  });

  it('tells subscribers of each change until they unsubscribe; reset goes back to the defaults', () => {
    const s = new SettingsStore();
    const seen: number[] = [];
    const off = s.subscribe((v) => seen.push(v.masterVolume));
    s.set({ masterVolume: 0.5 });
    s.reset();
    off();
    s.set({ masterVolume: 0.1 });
    expect(seen).toEqual([0.5, DEFAULT_SETTINGS.masterVolume]);
  });

  it('reload picks up what another tab saved, and tells the subscribers', () => {
    const s = new SettingsStore();
    const seen: string[] = [];
    s.subscribe((v) => seen.push(v.palette));
    storage.setItem(STORAGE_KEY, JSON.stringify({ palette: 'colourblind', uiScale: 0.9 }));
    s.reload();
    expect(s.get()).toMatchObject({ palette: 'colourblind', uiScale: 0.9 });
    expect(seen).toEqual(['colourblind']);
  });

  it('a storage that throws (private mode, full) keeps the settings for the page', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    });
    const s = new SettingsStore();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    s.set({ palette: 'colourblind' });
    expect(s.get().palette).toBe('colourblind');
  });
});
