import { learnKeyboardLayout } from '../input/keymap.js';
import { type Settings, STORAGE_KEY, settings } from './settings.js';

/**
 * Puts the settings that the page itself shows into force, now and on every
 * change: the UI scale (the CSS variable --ui-scale, which style.css applies
 * to the interface layer #ui: menus, lobby, HUD, chat) and the palette's name
 * on the root element (data-palette, for CSS that wants it). The palette's
 * colours are read by the renderer from render/palette.ts at draw time; the
 * volumes by the sound; the keys by input/keymap.ts (whose labels learn the
 * keyboard's layout here). Returns the unsubscribe.
 */
export function applySettings(root: HTMLElement = document.documentElement): () => void {
  const apply = (s: Readonly<Settings>) => {
    root.style.setProperty('--ui-scale', String(s.uiScale));
    root.dataset.palette = s.palette;
  };
  apply(settings.get());
  // Key labels in the player's layout (an AZERTY player's Z where WASD's W is), where the browser tells it.
  void learnKeyboardLayout();
  // Settings changed in another tab of the game take effect here too.
  const other = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY) settings.reload();
  };
  window.addEventListener('storage', other);
  const off = settings.subscribe(apply);
  return () => {
    off();
    window.removeEventListener('storage', other);
  };
}
