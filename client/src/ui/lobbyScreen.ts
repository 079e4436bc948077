import type { RolePreference } from '../../../shared/protocol.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { h, setText } from './dom.js';

/** A roster line as the lobby shows it. */
export interface RosterEntry {
  key: string;
  name: string;
  pref: string;
  ready: boolean;
  role: string;
  bot: boolean;
  host: boolean;
  you: boolean;
  connected: boolean;
}

/** What the lobby screen shows, read from the room state on each patch. */
export interface LobbyView {
  roomId: string;
  isPrivate: boolean;
  mode: 'quick' | 'custom';
  phase: string;
  countdown: number;
  roster: RosterEntry[];
  spectators: number;
  spectator: boolean;
  matchMinutes: number;
  bots: boolean;
}

export interface LobbyActions {
  pref(p: RolePreference): void;
  ready(on: boolean): void;
  start(): void;
  options(o: { matchSeconds?: number; bots?: boolean }): void;
  leave(): void;
}

const PREFS: readonly [RolePreference, string][] = [
  ['hunter', 'Hunter (T-1000)'],
  ['escort', 'Escort'],
  ['any', 'Any role'],
];

/** The lobby: roster with preferences and ready marks, the own choices, the countdown. */
export class LobbyScreen {
  readonly el: HTMLElement;
  private readonly roster = h('tbody');
  private readonly status = h('div', { class: 'center', id: 'lobby-status' });
  private readonly prefButtons = new Map<RolePreference, HTMLButtonElement>();
  private readonly readyButton: HTMLButtonElement;
  private readonly startButton: HTMLButtonElement;
  private readonly botsButton: HTMLButtonElement;
  private bots = true;
  private readonly hostRow: HTMLElement;
  private readonly title = h('h1', { class: 'title', style: 'font-size:34px' }, 'LOBBY');
  private readonly info = h('p', { class: 'subtitle' });
  private ready = false;

  constructor(act: LobbyActions) {
    for (const [p, label] of PREFS) {
      this.prefButtons.set(p, h('button', { 'data-pref': p, onclick: () => act.pref(p) }, label));
    }
    this.readyButton = h(
      'button',
      { class: 'primary', id: 'ready', onclick: () => act.ready(!this.ready) },
      'READY',
    );
    this.startButton = h(
      'button',
      { id: 'start', class: 'primary', onclick: () => act.start() },
      'START MATCH',
    );
    this.botsButton = h(
      'button',
      { id: 'bots', onclick: () => act.options({ bots: !this.bots }) },
      'Bots: on',
    );
    this.hostRow = h(
      'div',
      { class: 'row', style: 'margin-top:12px' },
      h('span', { class: 'muted' }, 'Host:'),
      h('button', { onclick: () => act.options({ matchSeconds: 5 * 60 }) }, '5 min'),
      h('button', { onclick: () => act.options({ matchSeconds: 15 * 60 }) }, '15 min'),
      this.botsButton,
      this.startButton,
    );
    this.el = h(
      'div',
      { class: 'screen', id: 'lobby' },
      h(
        'div',
        { class: 'card' },
        this.title,
        this.info,
        this.status,
        h('h2', null, 'Players'),
        h(
          'table',
          { class: 'list', id: 'roster' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Name'),
              h('th', null, 'Wants'),
              h('th', null, 'Role'),
              h('th', null, ''),
            ),
          ),
          this.roster,
        ),
        h('h2', { class: 'player-only' }, 'Your role preference'),
        h(
          'div',
          { class: 'row player-only' },
          [...this.prefButtons.values()],
          h('span', { style: 'flex:1' }),
          this.readyButton,
        ),
        this.hostRow,
        h(
          'div',
          { class: 'row', style: 'margin-top:18px' },
          h('button', { id: 'leave', onclick: () => act.leave() }, 'Leave'),
        ),
      ),
    );
  }

  update(v: LobbyView): void {
    setText(
      this.title,
      v.isPrivate ? `PRIVATE MATCH · ${v.roomId}` : v.mode === 'quick' ? 'QUICK PLAY' : 'CUSTOM MATCH',
    );
    setText(
      this.info,
      `${v.isPrivate ? 'Share the code to invite friends. ' : ''}Judgment Day in ${v.matchMinutes} min · ` +
        `${v.bots ? 'bots fill empty roles' : 'no bots'}${v.spectators ? ` · ${v.spectators} watching` : ''}`,
    );
    if (v.phase === 'countdown') {
      this.status.replaceChildren(
        h('div', { class: 'countdown', id: 'countdown' }, String(v.countdown)),
        h('div', { class: 'muted' }, 'the match starts'),
      );
    } else {
      this.status.replaceChildren(
        h(
          'div',
          { class: 'muted' },
          v.mode === 'quick'
            ? 'Waiting for players — the match starts by itself.'
            : 'The host starts the match.',
        ),
      );
    }
    const me = v.roster.find((r) => r.you);
    this.ready = me?.ready ?? false;
    setText(this.readyButton, this.ready ? 'READY ✓' : 'READY');
    this.readyButton.classList.toggle('on', this.ready);
    for (const [p, b] of this.prefButtons) b.classList.toggle('on', me?.pref === p);
    for (const el of this.el.querySelectorAll<HTMLElement>('.player-only'))
      el.style.display = v.spectator ? 'none' : '';
    this.hostRow.style.display = v.mode === 'custom' && me?.host ? '' : 'none';
    this.bots = v.bots;
    setText(this.botsButton, v.bots ? 'Bots: on' : 'Bots: off');
    const waiting = v.roster.filter((r) => !r.you && !r.bot && !r.ready).length;
    this.startButton.disabled = waiting > 0;
    this.startButton.title = waiting > 0 ? `waiting for ${waiting} player(s) to be ready` : '';
    const open = Math.max(0, 5 - v.roster.length);
    const seats = Array.from({ length: open }, () =>
      h(
        'tr',
        { class: 'open-seat' },
        h(
          'td',
          { class: 'muted', colspan: 4 },
          v.bots ? 'open seat — a bot plays it if nobody joins' : 'open seat',
        ),
      ),
    );
    this.roster.replaceChildren(
      ...v.roster.map((r) =>
        h(
          'tr',
          null,
          h(
            'td',
            null,
            r.host ? '★ ' : '',
            h('strong', null, r.name),
            r.you ? h('span', { class: 'muted' }, ' (you)') : null,
            r.bot ? h('span', { class: 'tag' }, ' bot') : null,
          ),
          h('td', null, r.bot ? '—' : r.pref),
          h('td', null, r.role ? ROLE_NAMES[r.role as Role] : '—'),
          h(
            'td',
            null,
            r.ready || r.bot
              ? h('span', { class: 'tag good' }, 'ready')
              : h('span', { class: 'tag' }, 'not ready'),
          ),
        ),
      ),
      ...seats,
    );
  }
}
