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
 */

interface Open {
  el: HTMLElement;
  onClose?: () => void;
  unsubscribe: () => void;
  detach: () => void;
}

let open: Open | null = null;
/** The key slot waiting for a key press: the action, and the key it replaces (null adds one). */
let capturing: { action: KeyAction; replace: string | null } | null = null;

/** Whether the panel is showing (the match menu may want to know before it handles Escape). */
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
  const body = h('div', { class: 'card settings-card', role: 'dialog', 'aria-label': 'Settings' });
  const el = h('div', { class: 'overlay settings-overlay', id: 'settings' }, body);
  // Clicks on the dimmed backdrop close, clicks in the card do not.
  el.addEventListener('mousedown', (e) => {
    if (e.target === el) closeSettings();
  });
  // Keys typed in the panel (a slider's arrows, Space on a button) are the panel's, not the game's.
  el.addEventListener('keydown', (e) => e.stopPropagation());
  const onKey = (e: KeyboardEvent) => keydown(e);
  window.addEventListener('keydown', onKey, true);
  const render = () => {
    body.replaceChildren(...content());
  };
  const unsubscribe = settings.subscribe(render);
  const onFullscreen = () => render();
  document.addEventListener('fullscreenchange', onFullscreen);
  open = {
    el,
    onClose,
    unsubscribe,
    detach: () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFullscreen);
    },
  };
  render();
  host.append(el);
  body.querySelector<HTMLElement>('input, select, button')?.focus();
}

/** Closes the panel (a pending key capture is cancelled). */
export function closeSettings(): void {
  if (!open) return;
  const o = open;
  open = null;
  capturing = null;
  o.unsubscribe();
  o.detach();
  o.el.remove();
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
    if (e.code === 'Escape' || !e.code) {
      rerender();
      return;
    }
    const keys = settings.get().keys;
    if (e.code === 'Backspace' || e.code === 'Delete') {
      if (c.replace) settings.set({ keys: unbind(keys, c.replace) });
      else rerender();
      return;
    }
    if (RESERVED_KEYS.has(e.code)) {
      rerender();
      return;
    }
    settings.set({ keys: rebind(keys, c.action, e.code, c.replace) });
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

function rerender(): void {
  if (!open) return;
  const body = open.el.firstElementChild as HTMLElement;
  body.replaceChildren(...content());
}

function slider(
  id: string,
  label: string,
  value: number,
  min: number,
  max: number,
  step: number,
  show: (v: number) => string,
  set: (v: number) => void,
): HTMLElement {
  const out = h('output', { for: id }, show(value));
  const input = h('input', {
    type: 'range',
    id,
    min,
    max,
    step,
    value,
    oninput: (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      out.textContent = show(v);
    },
    onchange: (e: Event) => set(Number((e.target as HTMLInputElement).value)),
  });
  return h('div', { class: 'settings-row' }, h('label', { for: id }, label), input, out);
}

function percent(v: number): string {
  return `${Math.round(v * 100)} %`;
}

function fullscreenRow(): HTMLElement {
  const doc = document as Document & { fullscreenEnabled?: boolean };
  const available =
    !!doc.fullscreenEnabled && typeof document.documentElement.requestFullscreen === 'function';
  const on = !!document.fullscreenElement;
  return h(
    'div',
    { class: 'settings-row' },
    h('label', null, 'Fullscreen'),
    h(
      'button',
      {
        id: 'settings-fullscreen',
        class: on ? 'on' : null,
        disabled: !available,
        title: available ? null : 'This browser does not allow fullscreen here',
        onclick: () => toggleFullscreen(),
      },
      on ? 'Leave fullscreen' : 'Go fullscreen',
    ),
  );
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

function keyRows(): HTMLElement {
  return h(
    'table',
    { class: 'list keys settings-keys' },
    h(
      'tbody',
      null,
      ACTIONS.map(({ action, label }) => {
        const codes = codesFor(action);
        const chip = (code: string | null) => {
          const waiting = capturing?.action === action && capturing.replace === code;
          return h(
            'button',
            {
              class: waiting ? 'key-chip on' : 'key-chip',
              'data-action': action,
              'data-code': code ?? '',
              title: code ? 'Click, then press the new key (Backspace removes it)' : 'Add a key',
              onclick: () => {
                capturing = { action, replace: code };
                rerender();
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
      }),
    ),
  );
}

function content(): HTMLElement[] {
  const s = settings.get();
  const set = (patch: Partial<Settings>) => settings.set(patch);
  return [
    h(
      'div',
      { class: 'settings-head' },
      h('h2', null, 'Settings'),
      h('button', { id: 'settings-close', onclick: () => closeSettings() }, 'Close'),
    ),
    h('h3', null, 'Sound'),
    slider('settings-master', 'Master volume', s.masterVolume, 0, 1, 0.05, percent, (v) =>
      set({ masterVolume: v }),
    ),
    slider('settings-effects', 'Effects volume', s.effectsVolume, 0, 1, 0.05, percent, (v) =>
      set({ effectsVolume: v }),
    ),
    h('h3', null, 'Display'),
    h(
      'div',
      { class: 'settings-row' },
      h('label', { for: 'settings-palette' }, 'Colours'),
      h(
        'select',
        {
          id: 'settings-palette',
          onchange: (e: Event) =>
            set({ palette: (e.target as HTMLSelectElement).value as Settings['palette'] }),
        },
        h('option', { value: 'standard', selected: s.palette === 'standard' }, 'Standard'),
        h(
          'option',
          { value: 'colourblind', selected: s.palette === 'colourblind' },
          'Colour-blind safe (red–green)',
        ),
      ),
    ),
    slider('settings-scale', 'Interface scale', s.uiScale, UI_SCALE_MIN, UI_SCALE_MAX, 0.05, percent, (v) =>
      set({ uiScale: v }),
    ),
    fullscreenRow(),
    h('h3', null, 'Keys'),
    h(
      'p',
      { class: 'muted' },
      'Click a key, then press the new one. A key taken by another action is swapped. Backspace removes a key, Escape cancels. The mouse keeps left click to strike or shoot and right click to interact.',
    ),
    keyRows(),
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
  ];
}
