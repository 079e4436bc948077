import {
  ACTIONS,
  codesFor,
  type KeyAction,
  keyLabel,
  RESERVED_KEYS,
  rebind,
  unbind,
} from '../input/keymap.js';
import { h } from '../ui/dom.js';
import { DEFAULT_SETTINGS, type Settings, settings, UI_SCALE_MAX, UI_SCALE_MIN } from './settings.js';

/**
 * The settings panel: volumes, palette, interface scale, fullscreen and the
 * keys. Every change is saved at once (settings.ts) and takes effect at once;
 * there is no "apply" button. Open it from anywhere with {@link openSettings}
 * (the home page, the in-match menu); Escape or Close shuts it.
 *
 * The controls are built once and brought up to date in place when the
 * settings change (so a slider moved with the arrow keys keeps the focus);
 * only the key list is redrawn, and the focus goes back to the key just set.
 */

interface Open {
  el: HTMLElement;
  onClose?: () => void;
  /** What had the keyboard when the panel opened: it has it again when the panel closes. */
  opener: HTMLElement | null;
  /** Brings every control up to date with the settings. */
  refresh: () => void;
  /** Redraws the key list. */
  redrawKeys: (focus?: { action: KeyAction; code: string | null }) => void;
  detach: () => void;
}

let open: Open | null = null;
/** The key slot waiting for a key press: the action, and the key it replaces (null adds one). */
let capturing: { action: KeyAction; replace: string | null } | null = null;

/** Whether the panel is showing (the match menu asks before it handles Escape). */
export function isSettingsOpen(): boolean {
  return open !== null;
}

/**
 * Shows the settings panel over `parent` (default: the interface layer #ui,
 * or the body). `onClose` runs when the player closes it. Opening it again
 * while it is open does nothing.
 */
export function openSettings(parent?: HTMLElement, onClose?: () => void): void {
  if (open) return;
  const host = parent ?? document.getElementById('ui') ?? document.body;
  const view = build();
  const el = h('div', { class: 'overlay settings-overlay', id: 'settings' }, view.card);
  // Clicks on the dimmed backdrop close, clicks in the card do not.
  el.addEventListener('mousedown', (e) => {
    if (e.target === el) closeSettings();
  });
  // Keys typed in the panel (a slider's arrows, Space on a button) are the panel's, not the game's.
  el.addEventListener('keydown', (e) => e.stopPropagation());
  const onKey = (e: KeyboardEvent) => keydown(e);
  window.addEventListener('keydown', onKey, true);
  let keys = settings.get().keys;
  const unsubscribe = settings.subscribe((s) => {
    view.refresh();
    if (s.keys !== keys) {
      keys = s.keys;
      view.redrawKeys();
    }
  });
  const onFullscreen = () => view.refresh();
  document.addEventListener('fullscreenchange', onFullscreen);
  // Where the keyboard was (the Settings button): it goes back there when the panel closes.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  open = {
    el,
    onClose,
    opener,
    refresh: view.refresh,
    redrawKeys: view.redrawKeys,
    detach: () => {
      unsubscribe();
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFullscreen);
    },
  };
  host.append(el);
  view.card.querySelector<HTMLElement>('input, select, button:not(#settings-close)')?.focus();
}

/** Closes the panel (a pending key capture is cancelled). */
export function closeSettings(): void {
  if (!open) return;
  const o = open;
  open = null;
  capturing = null;
  o.detach();
  o.el.remove();
  if (o.opener?.isConnected) o.opener.focus();
  o.onClose?.();
}

/** Window keys while the panel is open, seen before the game's own handlers. */
function keydown(e: KeyboardEvent): void {
  if (!open) return;
  if (capturing) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.repeat) return;
    const c = capturing;
    capturing = null;
    const keys = settings.get().keys;
    if (e.code === 'Backspace' || e.code === 'Delete') {
      if (c.replace) settings.set({ keys: unbind(keys, c.replace) });
      open?.redrawKeys({ action: c.action, code: null });
      return;
    }
    if (e.code === 'Escape' || !e.code || RESERVED_KEYS.has(e.code)) {
      open.redrawKeys({ action: c.action, code: c.replace });
      return;
    }
    settings.set({ keys: rebind(keys, c.action, e.code, c.replace) });
    // The focus goes to the key just set (the list was redrawn by the change).
    open?.redrawKeys({ action: c.action, code: e.code });
    return;
  }
  if (e.code === 'Escape') {
    e.preventDefault();
    e.stopImmediatePropagation();
    closeSettings();
    return;
  }
  // Keys outside the panel do not reach the game while it is open (key-ups still do, so nothing stays held).
  if (!(e.target instanceof Node && open.el.contains(e.target))) e.stopImmediatePropagation();
}

/** Enters or leaves fullscreen; does nothing where the Fullscreen API is missing or refused. */
export function toggleFullscreen(): void {
  try {
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
    else void document.documentElement.requestFullscreen?.().catch(() => {});
  } catch {
    // Refused (an iframe without permission): nothing to do.
  }
}

function fullscreenAvailable(): boolean {
  return !!document.fullscreenEnabled && typeof document.documentElement.requestFullscreen === 'function';
}

function percent(v: number): string {
  return `${Math.round(v * 100)} %`;
}

/** A labelled range input showing its value; `set` runs when the value is let go of (mouse up, each arrow key). */
function slider(
  id: string,
  label: string,
  min: number,
  max: number,
  step: number,
  set: (v: number) => void,
): { row: HTMLElement; update: (v: number) => void } {
  const out = h('output', { for: id });
  const input = h('input', {
    type: 'range',
    id,
    min,
    max,
    step,
    oninput: () => {
      out.textContent = percent(Number(input.value));
    },
    onchange: () => set(Number(input.value)),
  });
  return {
    row: h('div', { class: 'settings-row' }, h('label', { for: id }, label), input, out),
    update: (v) => {
      if (Number(input.value) !== v) input.value = String(v);
      out.textContent = percent(v);
    },
  };
}

function build(): {
  card: HTMLElement;
  refresh: () => void;
  redrawKeys: (focus?: { action: KeyAction; code: string | null }) => void;
} {
  const set = (patch: Partial<Settings>) => settings.set(patch);
  const master = slider('settings-master', 'Master volume', 0, 1, 0.05, (v) => set({ masterVolume: v }));
  const effects = slider('settings-effects', 'Effects volume', 0, 1, 0.05, (v) => set({ effectsVolume: v }));
  const scale = slider('settings-scale', 'Interface scale', UI_SCALE_MIN, UI_SCALE_MAX, 0.05, (v) =>
    set({ uiScale: v }),
  );
  const palette = h(
    'select',
    {
      id: 'settings-palette',
      onchange: () => set({ palette: palette.value as Settings['palette'] }),
    },
    h('option', { value: 'standard' }, 'Standard'),
    h('option', { value: 'colourblind' }, 'Colour-blind safe (red–green)'),
  );
  const fullscreen = h('button', { id: 'settings-fullscreen', onclick: () => toggleFullscreen() });
  const keyList = h('tbody');
  const table = h('table', { class: 'list keys settings-keys' }, keyList);

  const refresh = () => {
    const s = settings.get();
    master.update(s.masterVolume);
    effects.update(s.effectsVolume);
    scale.update(s.uiScale);
    if (palette.value !== s.palette) palette.value = s.palette;
    const available = fullscreenAvailable();
    const on = !!document.fullscreenElement;
    fullscreen.disabled = !available;
    fullscreen.title = available ? '' : 'This browser does not allow fullscreen here';
    fullscreen.classList.toggle('on', on);
    fullscreen.textContent = on ? 'Leave fullscreen' : 'Go fullscreen';
  };

  const redrawKeys = (focus?: { action: KeyAction; code: string | null }) => {
    const hadFocus = focus !== undefined || table.contains(document.activeElement);
    keyList.replaceChildren(...ACTIONS.map(({ action, label }) => keyRow(action, label, redrawKeys)));
    if (!hadFocus) return;
    const at = focus ?? (capturing ? { action: capturing.action, code: capturing.replace } : undefined);
    if (!at) return;
    const chips = [...keyList.querySelectorAll<HTMLElement>(`button.key-chip[data-action="${at.action}"]`)];
    (chips.find((b) => b.dataset.code === (at.code ?? '')) ?? chips[0])?.focus();
  };

  refresh();
  redrawKeys();
  const card = h(
    'div',
    { class: 'card settings-card', role: 'dialog', 'aria-label': 'Settings' },
    h(
      'div',
      { class: 'settings-head' },
      h('h2', null, 'Settings'),
      h('button', { id: 'settings-close', onclick: () => closeSettings() }, 'Close'),
    ),
    h('h3', null, 'Sound'),
    master.row,
    effects.row,
    h('h3', null, 'Display'),
    h('div', { class: 'settings-row' }, h('label', { for: 'settings-palette' }, 'Colours'), palette),
    scale.row,
    h('div', { class: 'settings-row' }, h('label', null, 'Fullscreen'), fullscreen),
    h('h3', null, 'Keys'),
    h(
      'p',
      { class: 'muted' },
      'Click a key, then press the new one. A key taken by another action is swapped. Backspace removes a key, Escape cancels. The mouse keeps left click to strike or shoot and right click to interact; Escape opens the menu.',
    ),
    table,
    h(
      'div',
      { class: 'settings-foot' },
      h('button', { id: 'settings-reset-keys', onclick: () => set({ keys: {} }) }, 'Reset keys'),
      h(
        'button',
        { id: 'settings-reset', onclick: () => settings.set({ ...DEFAULT_SETTINGS, keys: {} }) },
        'Reset everything',
      ),
    ),
  );
  return { card, refresh, redrawKeys };
}

/** One action's row: its keys as buttons (click one to replace it) and a "+" to add one (up to three). */
function keyRow(
  action: KeyAction,
  label: string,
  redraw: (focus?: { action: KeyAction; code: string | null }) => void,
): HTMLElement {
  const codes = codesFor(action);
  const chip = (code: string | null) => {
    const waiting = capturing?.action === action && capturing.replace === code;
    return h(
      'button',
      {
        class: waiting ? 'key-chip on' : 'key-chip',
        'data-action': action,
        'data-code': code ?? '',
        'aria-label': code ? `${label}: ${keyLabel(code)} (click to change)` : `${label}: add a key`,
        title: code ? 'Click, then press the new key (Backspace removes it)' : 'Add a key',
        onclick: () => {
          capturing = { action, replace: code };
          redraw({ action, code });
        },
      },
      waiting ? 'press a key…' : code ? keyLabel(code) : '+',
    );
  };
  return h(
    'tr',
    { 'data-action': action },
    h('td', null, label),
    h('td', null, ...codes.map(chip), codes.length < 3 ? chip(null) : null),
  );
}
