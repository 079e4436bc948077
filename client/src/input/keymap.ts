import { Button } from '../../../shared/sim/types.js';
import { settings } from '../settings/settings.js';

/** What a key does in a match. Movement and buttons feed the input; the rest are client-side. */
export type KeyAction =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'primary'
  | 'interact'
  | 'liquid'
  | 'sprint'
  | 'help'
  | 'chat'
  | 'nextTarget'
  | 'freeCamera'
  | 'sideView'
  | 'overview';

/** Every action, in the order the settings panel lists them, with what it does. */
export const ACTIONS: readonly { action: KeyAction; label: string }[] = [
  { action: 'up', label: 'Move up' },
  { action: 'down', label: 'Move down' },
  { action: 'left', label: 'Move left' },
  { action: 'right', label: 'Move right' },
  { action: 'primary', label: 'Strike / shoot' },
  { action: 'interact', label: 'Interact · mimic' },
  { action: 'liquid', label: 'Liquid form (T-1000)' },
  { action: 'sprint', label: 'Sprint (escorts)' },
  { action: 'help', label: 'Key help' },
  { action: 'chat', label: 'Chat' },
  { action: 'nextTarget', label: 'Spectator: next player' },
  { action: 'freeCamera', label: 'Spectator: free camera' },
  { action: 'sideView', label: 'Spectator: all / escorts’ / hunter’s view' },
  { action: 'overview', label: 'Spectator: whole map' },
];

const KNOWN = new Set<string>(ACTIONS.map((a) => a.action));

/** Keys nobody can bind: Escape opens the match menu and closes whatever is open. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['Escape']);

/**
 * The default keys: physical keys (KeyboardEvent.code, so the layout does
 * not matter: WASD is ZQSD's place on an AZERTY keyboard) to actions.
 */
export const DEFAULT_KEYMAP: Readonly<Record<string, KeyAction>> = {
  KeyW: 'up',
  ArrowUp: 'up',
  KeyS: 'down',
  ArrowDown: 'down',
  KeyA: 'left',
  ArrowLeft: 'left',
  KeyD: 'right',
  ArrowRight: 'right',
  Space: 'primary',
  KeyE: 'interact',
  KeyQ: 'liquid',
  ShiftLeft: 'sprint',
  ShiftRight: 'sprint',
  KeyH: 'help',
  F1: 'help',
  Slash: 'help',
  Enter: 'chat',
  KeyT: 'chat',
  KeyF: 'nextTarget',
  KeyC: 'freeCamera',
  KeyV: 'sideView',
  KeyM: 'overview',
};

/**
 * The keys in force: the defaults with the player's overrides
 * (settings.keys, code → action, '' unbinds) laid over them. Overrides
 * naming an unknown action or a reserved key are ignored.
 */
export function effectiveKeymap(overrides: Readonly<Record<string, string>>): Record<string, KeyAction> {
  const out: Record<string, KeyAction> = { ...DEFAULT_KEYMAP };
  for (const [code, action] of Object.entries(overrides)) {
    if (RESERVED_KEYS.has(code)) continue;
    if (action === '') delete out[code];
    else if (KNOWN.has(action)) out[code] = action as KeyAction;
  }
  return out;
}

/** The keys in force, kept up to date with the settings (an ES live binding: importers see the new map). */
export let KEYMAP: Readonly<Record<string, KeyAction>> = effectiveKeymap(settings.get().keys);
let lastKeys = settings.get().keys;
settings.subscribe((s) => {
  if (s.keys === lastKeys) return;
  lastKeys = s.keys;
  KEYMAP = effectiveKeymap(s.keys);
});

/** The input button each held action sets. */
export const ACTION_BUTTON: Readonly<Partial<Record<KeyAction, number>>> = {
  primary: Button.Primary,
  interact: Button.Interact,
  liquid: Button.Liquid,
  sprint: Button.Sprint,
};

/** The action of a key, or undefined for keys the game leaves to the browser. */
export function actionOf(code: string): KeyAction | undefined {
  return Object.hasOwn(KEYMAP, code) ? KEYMAP[code] : undefined;
}

/** Mouse buttons (MouseEvent.button) to actions: left strikes or shoots, right interacts. */
export function mouseActionOf(button: number): KeyAction | undefined {
  if (button === 0) return 'primary';
  if (button === 2) return 'interact';
  return undefined;
}

/**
 * The keys (codes) bound to an action: the player's own first (keys bound to
 * it by a rebinding, so a rebound action shows its new key), then its
 * default keys still bound, in their default order.
 */
export function codesFor(action: KeyAction, map: Readonly<Record<string, KeyAction>> = KEYMAP): string[] {
  const own: string[] = [];
  const kept: string[] = [];
  for (const [code, a] of Object.entries(map)) {
    if (a !== action) continue;
    if (DEFAULT_KEYMAP[code] === action) kept.push(code);
    else own.push(code);
  }
  const order = Object.keys(DEFAULT_KEYMAP);
  kept.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return [...own, ...kept];
}

/**
 * New overrides after binding `code` to `action` in place of `replace` (a
 * key the action had; null adds a key). If `code` belonged to another
 * action, that action gets `replace` instead (a swap) or, when nothing is
 * replaced, simply loses `code`. The result is kept minimal: entries equal
 * to the defaults are dropped.
 */
export function rebind(
  overrides: Readonly<Record<string, string>>,
  action: KeyAction,
  code: string,
  replace: string | null,
): Record<string, string> {
  if (RESERVED_KEYS.has(code) || code === replace) return { ...overrides };
  const map = effectiveKeymap(overrides);
  const previous = map[code];
  if (replace !== null && map[replace] === action) {
    if (previous !== undefined && previous !== action) map[replace] = previous;
    else delete map[replace];
  }
  map[code] = action;
  return diff(map);
}

/** New overrides with `code` bound to nothing. */
export function unbind(overrides: Readonly<Record<string, string>>, code: string): Record<string, string> {
  const map = effectiveKeymap(overrides);
  delete map[code];
  return diff(map);
}

/** The overrides that turn the defaults into `map`. */
function diff(map: Readonly<Record<string, KeyAction>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const code of Object.keys(DEFAULT_KEYMAP)) if (!Object.hasOwn(map, code)) out[code] = '';
  for (const [code, action] of Object.entries(map)) if (DEFAULT_KEYMAP[code] !== action) out[code] = action;
  return out;
}

const NAMED: Readonly<Record<string, string>> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Num Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  // Triangle-headed arrows (U+2B60–2B63): the shipped symbol face has these (ui/symbols.css), not ← ↑ → ↓.
  ArrowUp: '⭡',
  ArrowDown: '⭣',
  ArrowLeft: '⭠',
  ArrowRight: '⭢',
  ShiftLeft: 'Shift',
  ShiftRight: 'Right Shift',
  ControlLeft: 'Ctrl',
  ControlRight: 'Right Ctrl',
  AltLeft: 'Alt',
  AltRight: 'Alt Gr',
  MetaLeft: 'Meta',
  MetaRight: 'Right Meta',
  CapsLock: 'Caps Lock',
  Slash: '/',
  Backslash: '\\',
  Period: '.',
  Comma: ',',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Minus: '-',
  Equal: '=',
  Backquote: '`',
  IntlBackslash: '<',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
};

/**
 * A readable label of a key code, as printed on a US keyboard ('KeyW' → 'W',
 * 'ArrowUp' → '⭡', 'ShiftLeft' → 'Shift', 'Numpad4' → 'Num 4'). Where the
 * browser knows the player's layout (see {@link learnKeyboardLayout}) the
 * letter printed on their key is used instead.
 */
export function keyLabel(code: string): string {
  const local = layout?.get(code);
  if (local?.trim() && code.startsWith('Key')) return local.toUpperCase();
  if (Object.hasOwn(NAMED, code)) return NAMED[code];
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1];
  m = /^Digit(\d)$/.exec(code);
  if (m) return m[1];
  m = /^Numpad(.+)$/.exec(code);
  if (m) return `Num ${m[1]}`;
  return code;
}

let layout: { get(code: string): string | undefined } | null = null;

/** Asks the browser for the keyboard layout (Chromium's navigator.keyboard), so labels show the player's letters. */
export async function learnKeyboardLayout(): Promise<void> {
  try {
    const kb = (navigator as { keyboard?: { getLayoutMap(): Promise<Map<string, string>> } }).keyboard;
    if (kb) layout = await kb.getLayoutMap();
  } catch {
    // Not offered (other browsers, an iframe): the US labels stay.
  }
}

/** The label of the first key bound to an action ('W', 'Space'), or 'unbound'. For the key help and the role briefing. */
export function keyFor(action: KeyAction): string {
  const codes = codesFor(action);
  return codes.length ? keyLabel(codes[0]) : 'unbound';
}

/** The labels of every key bound to an action, in order. */
export function keysFor(action: KeyAction): string[] {
  return codesFor(action).map(keyLabel);
}

/** The four movement keys as one label: 'W A S D' (or the rebound ones). */
export function moveKeysLabel(): string {
  return (['up', 'left', 'down', 'right'] as const).map(keyFor).join(' ');
}

/** A row of the key help: the keys (alternatives, each shown as one key cap) and what they do. */
export interface KeyHelpRow {
  keys: string[];
  what: string;
}

/** Rows of the key-help overlay, with the keys bound now (rebound keys show as rebound). */
export function keyHelpRows(): KeyHelpRow[] {
  const arrows = (['up', 'left', 'down', 'right'] as const).every((a, i) =>
    codesFor(a).includes(['ArrowUp', 'ArrowLeft', 'ArrowDown', 'ArrowRight'][i]),
  );
  const move = (['up', 'left', 'down', 'right'] as const)
    .map((a) => {
      const codes = codesFor(a);
      const c = arrows ? codes.find((k) => !k.startsWith('Arrow')) : codes[0];
      return c ? keyLabel(c) : '?';
    })
    .join(' ');
  const keys = (a: KeyAction) => {
    const k = keysFor(a);
    return k.length ? k : ['unbound'];
  };
  return [
    { keys: arrows ? [move, 'arrows'] : [move], what: 'move' },
    { keys: ['mouse'], what: 'aim' },
    { keys: ['click', ...keysFor('primary')], what: 'strike (T-1000) · shoot (Sarah, T-800)' },
    {
      keys: [...keysFor('interact'), 'right click'],
      what: 'interact: hack, pick, plant, wipe, revive · mimic (T-1000)',
    },
    { keys: keys('liquid'), what: 'liquid form (T-1000)' },
    { keys: keys('sprint'), what: 'sprint (escorts)' },
    { keys: keys('chat'), what: 'chat · Tab switches all / team' },
    { keys: keys('help'), what: 'this help' },
    {
      keys: [`spectating: ${keyFor('nextTarget')}`, 'click'],
      what: `follow next player · ${keyFor('freeCamera')} free camera, drag or ${move} to pan`,
    },
    {
      keys: [`spectating: ${keyFor('sideView')}`],
      what: `all / escorts’ / hunter’s view · ${keyFor('overview')} whole map · click a roster row to follow`,
    },
    { keys: ['Esc'], what: 'menu' },
  ];
}

/**
 * The key-help rows as they were when the page loaded, keys joined by ' / '
 * (kept for old readers; prefer {@link keyHelpRows} or {@link keyFor}, which
 * follow a rebinding).
 */
export const KEY_HELP: readonly (readonly [string, string])[] = keyHelpRows().map((r) => [
  r.keys.join(' / '),
  r.what,
]);
