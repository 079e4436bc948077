import { keyFor, keyHelpRows } from '../input/keymap.js';
import { settings } from '../settings/settings.js';
import { h } from './dom.js';

/**
 * The table of keys and what they do (home screen and the in-match overlay),
 * with the keys bound now; it redraws itself when the keys are rebound while
 * it shows, and stops following once it has left the page.
 */
export function keyHelp(): HTMLElement {
  const table = h('table', { class: 'list keys' }, rows());
  let keys = settings.get().keys;
  let shown = false;
  const off = settings.subscribe((s) => {
    if (table.isConnected) shown = true;
    else if (shown) {
      off();
      return;
    }
    if (s.keys === keys) return;
    keys = s.keys;
    table.replaceChildren(rows());
  });
  return table;
}

function rows(): HTMLElement {
  return h(
    'tbody',
    null,
    keyHelpRows().map(({ keys, what }) =>
      h(
        'tr',
        null,
        h(
          'td',
          { style: 'white-space:nowrap' },
          ...keys.flatMap((k, i) => [i ? ' / ' : '', h('kbd', null, k)]),
        ),
        h('td', null, what),
      ),
    ),
  );
}

/** The in-match overlay (H): the same table over the game, closed by the help key or Escape. */
export function keyHelpOverlay(close: () => void): HTMLElement {
  return h(
    'div',
    { class: 'overlay', id: 'help', onclick: close },
    h(
      'div',
      { class: 'card', style: 'max-width:640px' },
      h('h2', { style: 'margin-top:0' }, 'Controls'),
      keyHelp(),
      h('p', { class: 'muted' }, `Press ${keyFor('help')} to close.`),
    ),
  );
}
