import { isRoomCodeShaped, NAME_MAX } from '../../../shared/protocol.js';
import { PLAYER_ROLES, ROLE_NAMES } from '../../../shared/roles.js';
import { actionOf, keyFor } from '../input/keymap.js';
import { joinable, type ListedRoom } from '../net/roomList.js';
import { openSettings } from '../settings/settingsPanel.js';
import { h } from './dom.js';
import { keyHelp, keyHelpOverlay } from './keyHelp.js';

export interface HomeActions {
  name(): string;
  setName(name: string): void;
  quickPlay(): void;
  join(roomId: string): void;
  watch(roomId: string): void;
  create(isPrivate: boolean): void;
  code(code: string): void;
  /** The server's password as typed (kept for the tab). */
  password(password: string): void;
}

/**
 * The listing's connection to the server; `password` and `wrong-password`
 * when the server refuses the list without the right one.
 */
export type ListingStatus = 'connecting' | 'live' | 'offline' | 'password' | 'wrong-password';

/** What the home screen says above its fields (a wrong code, a password wanted, a seat lost). */
export interface HomeNoticeView {
  text: string;
  field: 'code' | 'password' | null;
  code?: string;
}

/**
 * A device with a coarse pointer and no hover (a phone, a tablet) most
 * likely has no keyboard, which the game needs.
 */
export function touchOnly(media: (q: string) => boolean): boolean {
  return media('(pointer: coarse)') && !media('(hover: hover)') && !media('(pointer: fine)');
}

/** A code as typed or pasted: its letters and digits, in capitals (spaces, dashes and the like dropped). */
export const codeTyped = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

/** The home page's ways into a match as a player (a touch-only device has them off). */
const PLAY_BUTTONS = ['quickplay', 'create', 'create-private', 'join-code'] as const;

const PHASE_TEXT: Record<string, string> = {
  lobby: 'in lobby',
  countdown: 'starting',
  playing: 'playing',
  ended: 'ended',
};

/** Shows or hides an element, whatever display its class gives it (`hidden` alone loses to `.row`). */
function shown(el: HTMLElement, on: boolean): void {
  el.hidden = !on;
  el.style.display = on ? '' : 'none';
}

/** The home screen: name, quick play, private rooms, and the live list of public matches. */
export class HomeScreen {
  readonly el: HTMLElement;
  private readonly listBody: HTMLElement;
  private readonly status: HTMLElement;
  private readonly code: HTMLInputElement;
  private readonly nameInput: HTMLInputElement;
  private readonly passwordInput: HTMLInputElement;
  private readonly passwordRow: HTMLElement;
  private readonly passwordText: HTMLElement;
  private readonly listing: HTMLElement;
  private readonly notice = h('p', {
    id: 'home-notice',
    role: 'alert',
    class: 'error-title',
    style: 'display:none',
    hidden: true,
  });
  private help: HTMLElement | null = null;
  /** A touch-only device: the ways to play are off until the player says a keyboard is attached. */
  private watchOnly = false;
  private rooms: { list: readonly ListedRoom[]; status: ListingStatus } | null = null;

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
        if ((e as KeyboardEvent).key === 'Enter' && !this.watchOnly) act.quickPlay();
      },
    });
    this.nameInput = name;
    // A code is checked here first: one that cannot be a code is said so without asking the server.
    const joinCode = () => {
      const typed = codeTyped(code.value);
      if (!typed) return;
      if (!isRoomCodeShaped(typed)) {
        this.showNotice({ text: 'A code is 6 letters or digits', field: 'code' });
        return;
      }
      act.code(typed);
    };
    const code = h('input', {
      type: 'text',
      id: 'code',
      // Room for a code pasted with spaces or a dash around it: they are dropped as it is typed.
      maxlength: 16,
      placeholder: 'CODE',
      size: 7,
      'aria-label': 'Room code',
      oninput: () => {
        const clean = codeTyped(code.value);
        if (clean !== code.value) code.value = clean;
      },
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter' && !this.watchOnly) joinCode();
      },
    });
    this.code = code;
    const sendPassword = () => {
      const v = this.passwordInput.value;
      if (v) act.password(v);
    };
    this.passwordInput = h('input', {
      type: 'password',
      id: 'password',
      placeholder: 'Server password',
      autocomplete: 'current-password',
      'aria-label': 'Server password',
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter') sendPassword();
      },
    });
    this.passwordText = h('strong', { id: 'password-status' }, 'This server needs a password');
    this.passwordRow = h(
      'div',
      { class: 'row', id: 'password-row', style: 'margin-top:10px;display:none', hidden: true },
      this.passwordText,
      this.passwordInput,
      h('button', { id: 'password-ok', class: 'primary', onclick: sendPassword }, 'OK'),
    );
    this.listBody = h('tbody');
    this.status = h('span', { class: 'muted', id: 'listing-status' }, 'connecting…');
    this.listing = h(
      'div',
      { id: 'listing' },
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
    );
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
          h('button', { id: 'open-settings', onclick: () => openSettings() }, 'Settings'),
          h('a', { id: 'open-replays', class: 'button', href: '?replays' }, 'Replays'),
        ),
        h(
          'div',
          { class: 'row', style: 'margin-top:10px' },
          h('span', { class: 'muted' }, 'Have a code?'),
          code,
          h('button', { id: 'join-code', onclick: joinCode }, 'Join'),
          h(
            'button',
            {
              id: 'watch-code',
              title: 'Watch the match with this code (a spectator takes no seat)',
              onclick: () => {
                const typed = codeTyped(code.value);
                if (typed) act.watch(typed);
              },
            },
            'Watch',
          ),
        ),
        this.notice,
        this.passwordRow,
        this.listing,
        h('h2', null, 'Practice'),
        h(
          'p',
          { class: 'row', id: 'practice' },
          h('span', { class: 'muted' }, 'Alone, offline, with bots:'),
          ...PLAYER_ROLES.map((r) =>
            h('a', { href: `?sandbox=${r}`, class: 'practice', 'data-role': r }, ROLE_NAMES[r]),
          ),
        ),
        h(
          'h2',
          null,
          'Controls ',
          h('span', { class: 'muted' }, `(${keyFor('help')} shows them in a match too)`),
        ),
        keyHelp(),
      ),
    );
    this.setRooms([], 'connecting');
    window.addEventListener('keydown', this.onKey);
  }

  /** H (or F1, ?) opens the key help over the home screen, Escape or H again closes it. */
  private readonly onKey = (e: KeyboardEvent): void => {
    if (!this.el.isConnected || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    const help = actionOf(e.code) === 'help';
    if (help || (e.key === 'Escape' && this.help)) {
      e.preventDefault();
      this.toggleHelp();
    }
  };

  private toggleHelp(): void {
    if (this.help) {
      this.help.remove();
      this.help = null;
    } else {
      this.help = keyHelpOverlay(() => this.toggleHelp());
      this.help.style.position = 'fixed';
      this.el.append(this.help);
    }
  }

  /**
   * What to say after a join came back here: a wrong code puts the code back
   * in its field, focused, to be typed again; a password wanted focuses the
   * password field. Null clears it.
   */
  showNotice(n: HomeNoticeView | null): void {
    shown(this.notice, n !== null);
    this.notice.textContent = n?.text ?? '';
    if (!n) return;
    if (n.field === 'code') {
      this.code.value = n.code ?? this.code.value;
      // Focus once the screen is on the page.
      queueMicrotask(() => {
        this.code.focus();
        this.code.select();
      });
    } else if (n.field === 'password') {
      this.askPassword(n.text);
    }
  }

  private askPassword(text: string): void {
    this.passwordText.textContent = text;
    shown(this.passwordRow, true);
    this.passwordInput.value = '';
    queueMicrotask(() => this.passwordInput.focus());
  }

  /**
   * On a touch-only device: says that the game needs a keyboard, and turns
   * the ways to play off (a player who cannot move would stand still for
   * their team) — watching still works. A tablet with a keyboard attached
   * turns them back on.
   */
  showTouchNote(): void {
    if (this.el.querySelector('#touch-note')) return;
    const note = h(
      'p',
      { id: 'touch-note', class: 'tag', role: 'note', style: 'display:block;padding:8px;margin-top:0' },
      'Liquid Metal is played with a keyboard and a mouse: on this device you can watch matches, ' +
        'but to play, open this page on a computer. ',
      h(
        'button',
        {
          id: 'have-keyboard',
          onclick: () => {
            note.remove();
            this.setWatchOnly(false);
          },
        },
        'I have a keyboard',
      ),
    );
    this.el.querySelector('.card')?.prepend(note);
    this.setWatchOnly(true);
  }

  /** The player's name changed elsewhere (the lobby's field): the home page's shows it too. */
  showName(name: string): void {
    if (this.nameInput.value !== name) this.nameInput.value = name;
  }

  private setWatchOnly(on: boolean): void {
    this.watchOnly = on;
    for (const id of PLAY_BUTTONS) {
      const b = this.el.querySelector<HTMLButtonElement>(`#${id}`);
      if (b) {
        b.disabled = on;
        b.title = on ? 'Playing needs a keyboard' : '';
      }
    }
    if (this.rooms) this.setRooms(this.rooms.list, this.rooms.status);
  }

  /** Shows the current listing. */
  setRooms(rooms: readonly ListedRoom[], status: ListingStatus): void {
    this.rooms = { list: rooms, status };
    const locked = status === 'password' || status === 'wrong-password';
    // A protected server shows its list only to those who gave the password.
    shown(this.listing, !locked);
    if (locked)
      this.askPassword(status === 'wrong-password' ? 'Wrong password' : 'This server needs a password');
    else if (status === 'live') shown(this.passwordRow, false);
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
    const canJoin = joinable(r) && meta.open !== false && !this.watchOnly;
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
