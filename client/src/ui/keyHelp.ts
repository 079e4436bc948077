import { keyFor, keyHelpRows } from '../input/keymap.js';
import { h } from './dom.js';

/** The table of keys and what they do (home screen and the in-match overlay), with the keys bound now. */
export function keyHelp(): HTMLElement {
  return h(
    'table',
    { class: 'list keys' },
    h(
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
