import type { Failure } from '../app/screens.js';
import { FAILURE_TEXT } from '../net/failures.js';
import { h } from './dom.js';

/** "Connecting…" with the attempt number and a way out. */
export function connectingScreen(what: string, attempt: number, of: number, cancel: () => void): HTMLElement {
  return h(
    'div',
    { class: 'screen', id: 'connecting' },
    h(
      'div',
      { class: 'card center', style: 'max-width:420px' },
      h('div', { class: 'spinner' }),
      h('h2', { style: 'margin:0 0 6px' }, what),
      attempt > 1 ? h('p', { class: 'muted' }, `Retrying… attempt ${attempt} of ${of}`) : null,
      h('button', { onclick: cancel }, 'Cancel'),
    ),
  );
}

/** Shown over the match while the SDK reconnects a dropped connection. */
export function reconnectingOverlay(attempt: number, leave: () => void): HTMLElement {
  return h(
    'div',
    { class: 'overlay', id: 'reconnecting' },
    h(
      'div',
      { class: 'card center', style: 'max-width:420px' },
      h('div', { class: 'spinner' }),
      h('h2', { style: 'margin:0 0 6px' }, 'Connection lost — reconnecting'),
      h(
        'p',
        { class: 'muted' },
        `Your character stands where it is for a few seconds, then a bot plays it until you are back.${attempt > 1 ? ` Attempt ${attempt}.` : ''}`,
      ),
      h('button', { onclick: leave }, 'Leave the match'),
    ),
  );
}

/** A failure, what it means, and the ways back. */
export function errorScreen(
  failure: Failure,
  detail: string,
  retry: (() => void) | null,
  home: () => void,
  /** A full match can still be watched: the way to. */
  watch: (() => void) | null = null,
): HTMLElement {
  const t = FAILURE_TEXT[failure];
  return h(
    'div',
    { class: 'screen', id: 'error', 'data-failure': failure },
    h(
      'div',
      { class: 'card', style: 'max-width:520px' },
      h('h1', { class: 'error-title' }, t.title),
      h('p', null, t.hint),
      detail ? h('p', { class: 'muted', style: 'font-size:13px' }, detail) : null,
      h(
        'div',
        { class: 'row', style: 'margin-top:16px' },
        retry ? h('button', { class: 'primary', id: 'retry', onclick: retry }, 'Try again') : null,
        watch ? h('button', { id: 'watch-instead', onclick: watch }, 'Watch it') : null,
        h('button', { id: 'home-button', onclick: home }, 'Back to home'),
      ),
    ),
  );
}
