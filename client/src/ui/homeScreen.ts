import { NAME_MAX } from '../../../shared/protocol.js';
import { joinable, type ListedRoom } from '../net/roomList.js';
import { h } from './dom.js';
import { keyHelp } from './keyHelp.js';

export interface HomeActions {
  name(): string;
  setName(name: string): void;
  quickPlay(): void;
  join(roomId: string): void;
  watch(roomId: string): void;
  create(isPrivate: boolean): void;
  code(code: string): void;
}

/** The listing's connection to the server. */
export type ListingStatus = 'connecting' | 'live' | 'offline';

const PHASE_TEXT: Record<string, string> = {
  lobby: 'in lobby',
  countdown: 'starting',
  playing: 'playing',
  ended: 'ended',
};

/** The home screen: name, quick play, private rooms, and the live list of public matches. */
export class HomeScreen {
  readonly el: HTMLElement;
  private readonly listBody: HTMLElement;
  private readonly status: HTMLElement;

  constructor(private readonly act: HomeActions) {
    const name = h('input', {
      type: 'text',
      id: 'name',
      maxlength: NAME_MAX,
      placeholder: 'Your name',
      value: act.name(),
      'aria-label': 'Your name',
      oninput: (e: Event) => act.setName((e.target as HTMLInputElement).value),
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter') act.quickPlay();
      },
    });
    const code = h('input', {
      type: 'text',
      id: 'code',
      maxlength: 6,
      placeholder: 'CODE',
      size: 7,
      'aria-label': 'Room code',
    });
    this.listBody = h('tbody');
    this.status = h('span', { class: 'muted', id: 'listing-status' }, 'connecting…');
    this.el = h(
      'div',
      { class: 'screen', id: 'home' },
      h(
        'div',
        { class: 'card' },
        h('h1', { class: 'title' }, 'LIQUID METAL'),
        h(
          'p',
          { class: 'subtitle' },
          'One T-1000 hunts. Four keep John Connor alive. Empty roles are played by bots.',
        ),
        h(
          'div',
          { class: 'row' },
          name,
          h('button', { class: 'primary', id: 'quickplay', onclick: () => act.quickPlay() }, 'QUICK PLAY'),
          h('button', { id: 'create', onclick: () => act.create(false) }, 'New public match'),
          h('button', { id: 'create-private', onclick: () => act.create(true) }, 'New private match'),
        ),
        h(
          'div',
          { class: 'row', style: 'margin-top:10px' },
          h('span', { class: 'muted' }, 'Have a code?'),
          code,
          h(
            'button',
            {
              id: 'join-code',
              onclick: () => code.value.trim() && act.code(code.value.trim().toUpperCase()),
            },
            'Join',
          ),
        ),
        h('h2', null, 'Public matches ', this.status),
        h(
          'table',
          { class: 'list', id: 'rooms' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Match'),
              h('th', null, 'State'),
              h('th', null, 'Players'),
              h('th', null, ''),
            ),
          ),
          this.listBody,
        ),
        h('h2', null, 'Controls'),
        keyHelp(),
      ),
    );
    this.setRooms([], 'connecting');
  }

  /** Shows the current listing. */
  setRooms(rooms: readonly ListedRoom[], status: ListingStatus): void {
    this.status.textContent =
      status === 'live' ? '● live' : status === 'connecting' ? 'connecting…' : 'offline';
    this.status.style.color = status === 'live' ? 'var(--good)' : status === 'offline' ? 'var(--bad)' : '';
    this.listBody.replaceChildren(
      ...(rooms.length === 0
        ? [
            h(
              'tr',
              null,
              h('td', { colspan: 4, class: 'muted' }, 'No public matches yet — start one with Quick play.'),
            ),
          ]
        : rooms.map((r) => this.row(r))),
    );
  }

  private row(r: ListedRoom): HTMLElement {
    const meta = r.metadata ?? {};
    const phase = String(meta.phase ?? 'lobby');
    const humans = Number(meta.humans ?? r.clients);
    const mode = meta.mode === 'custom' ? 'custom' : 'quick play';
    const canJoin = joinable(r) && meta.open !== false;
    return h(
      'tr',
      { 'data-room': r.roomId },
      h(
        'td',
        null,
        h('strong', null, String(meta.map || 'Los Angeles 1995')),
        ' ',
        h('span', { class: 'muted' }, `· ${mode}`),
      ),
      h(
        'td',
        null,
        h('span', { class: `tag ${phase === 'playing' ? 'good' : ''}` }, PHASE_TEXT[phase] ?? phase),
      ),
      h(
        'td',
        null,
        `${humans} / 5`,
        meta.spectators ? h('span', { class: 'muted' }, ` · ${meta.spectators} watching`) : null,
      ),
      h(
        'td',
        { style: 'text-align:right' },
        h(
          'div',
          { class: 'row', style: 'justify-content:flex-end' },
          h('button', { class: 'join', disabled: !canJoin, onclick: () => this.act.join(r.roomId) }, 'Join'),
          h('button', { class: 'watch', onclick: () => this.act.watch(r.roomId) }, 'Watch'),
        ),
      ),
    );
  }
}
