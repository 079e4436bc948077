/**
 * The replays page (`?replays`): the server's recent matches — map, players
 * (names, roles, bots), result, length and date — each to watch or download;
 * a replay file dropped anywhere on the page opens in the viewer.
 */
import type { ReplayListing } from '../../../shared/protocol.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { clockText, endReasonShort, winnerShort } from '../contract/feedText.js';
import { h } from '../ui/dom.js';

export interface ReplaysPageActions {
  watch(id: string): void;
  downloadUrl(id: string): string;
  home(): void;
}

/** A listing's result in words. */
export function resultText(r: ReplayListing['result']): string {
  if (!r) return 'unfinished';
  return `${winnerShort(r.winner)} · ${endReasonShort(r.reason)}`;
}

/** A listing's date as the viewer's locale writes it ('' for a bad one). */
function dateText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

function players(roles: ReplayListing['roles']): HTMLElement {
  return h(
    'span',
    { class: 'replay-players' },
    ...roles.map((p) =>
      h(
        'span',
        { class: 'replay-player', 'data-role': p.role },
        h('strong', null, p.name || ROLE_NAMES[p.role as Role] || p.role),
        ` (${ROLE_NAMES[p.role as Role] ?? p.role}${p.bot ? ', bot' : ''})`,
      ),
    ),
  );
}

export class ReplaysPage {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;

  constructor(private readonly act: ReplaysPageActions) {
    this.body = h('tbody');
    this.status = h('span', { class: 'muted', id: 'replays-status' }, 'loading…');
    this.el = h(
      'div',
      { class: 'screen', id: 'replays' },
      h(
        'div',
        { class: 'card' },
        h('h1', { class: 'title' }, 'REPLAYS'),
        h(
          'p',
          { class: 'subtitle' },
          'Recent matches on this server. Drop a downloaded replay file (.lmr) anywhere on this page to watch it.',
        ),
        h(
          'div',
          { class: 'row' },
          h('button', { id: 'replays-home', onclick: () => act.home() }, 'Home'),
          this.status,
        ),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'list', id: 'replay-list' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, 'Map'),
                h('th', null, 'Players'),
                h('th', null, 'Result'),
                h('th', null, 'Length'),
                h('th', null, 'Date'),
                h('th', null, ''),
              ),
            ),
            this.body,
          ),
        ),
        h('p', { id: 'replay-error', class: 'error-title', role: 'alert', hidden: true }),
      ),
    );
  }

  setList(list: readonly ReplayListing[]): void {
    this.status.textContent = `${list.length} replay${list.length === 1 ? '' : 's'}`;
    this.body.replaceChildren(
      ...(list.length === 0
        ? [
            h(
              'tr',
              null,
              h(
                'td',
                { colspan: 6, class: 'muted', id: 'replays-empty' },
                'No replays yet: play a match and it is recorded.',
              ),
            ),
          ]
        : list.map((r) => this.row(r))),
    );
  }

  setError(text: string): void {
    this.status.textContent = `could not list the replays: ${text}`;
  }

  /** A replay that could not be opened (a dropped file that is not a replay). */
  showError(text: string | null): void {
    const el = this.el.querySelector<HTMLElement>('#replay-error');
    if (!el) return;
    el.hidden = text === null;
    el.textContent = text ?? '';
  }

  private row(r: ReplayListing): HTMLElement {
    return h(
      'tr',
      { 'data-replay': r.id },
      h('td', null, r.map, r.from ? h('span', { class: 'muted' }, ' (played from a replay)') : null),
      h('td', null, players(r.roles)),
      h('td', null, resultText(r.result)),
      h('td', { class: 'replay-length' }, clockText(r.seconds)),
      h('td', null, dateText(r.startedAt)),
      h(
        'td',
        null,
        h('button', { class: 'primary watch-replay', onclick: () => this.act.watch(r.id) }, 'Watch'),
        ' ',
        h(
          'a',
          { class: 'button download-replay', href: this.act.downloadUrl(r.id), download: `${r.id}.lmr` },
          'Download',
        ),
      ),
    );
  }
}

/**
 * Calls `open` with the bytes and name of a replay file dropped on the page
 * while `active()` holds; returns the function that stops listening.
 */
export function onDroppedReplay(
  active: () => boolean,
  open: (bytes: Uint8Array, name: string) => void,
): () => void {
  const over = (e: DragEvent) => {
    if (!active() || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const drop = (e: DragEvent) => {
    if (!active()) return;
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void file.arrayBuffer().then(
      (buf) => open(new Uint8Array(buf), file.name),
      () => open(new Uint8Array(0), file.name),
    );
  };
  window.addEventListener('dragover', over);
  window.addEventListener('drop', drop);
  return () => {
    window.removeEventListener('dragover', over);
    window.removeEventListener('drop', drop);
  };
}
