import { BOT_DIFFICULTIES } from '../../../shared/bots/difficulty.js';
import {
  type ChatLine,
  HOST_OPTION_BOUNDS,
  isRoomCodeShaped,
  NAME_MAX,
  type RolePreference,
} from '../../../shared/protocol.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import { TICK_HZ } from '../../../shared/tuning.js';
import { clockText } from '../contract/feedText.js';
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
  matchMinutes: number;
  bots: boolean;
  /** The room's settings as the state holds them (absent: an older server). */
  settings?: LobbySettings;
}

/** The host's settings as every player sees them. */
export interface LobbySettings {
  matchSeconds: number;
  police: number;
  civilians: number;
  bots: boolean;
  difficulty: string;
  spectatorDelay: number;
  /** Session id of the host's pick for the hunter, '' = preferences. */
  hunter: string;
  map: string;
  maps: readonly string[];
  /** Play from here: the replay and the moment (tick) the match starts from, and why it is not the one asked for ('' if it is). */
  from: { replay: string; tick: number; note: string } | null;
}

/** The settings of a room's state, as the lobby shows them. */
export function lobbySettings(s: MatchState): LobbySettings | undefined {
  const o = s.options;
  if (!o) return undefined;
  return {
    matchSeconds: o.matchSeconds,
    police: o.police,
    civilians: o.civilians,
    bots: o.bots,
    difficulty: o.difficulty ?? 'normal',
    spectatorDelay: o.spectatorDelay ?? 0,
    hunter: o.hunter ?? '',
    map: s.map ?? '',
    maps: o.maps ? [...o.maps] : [],
    from: o.fromReplay ? { replay: o.fromReplay, tick: o.fromTick ?? 0, note: o.fromNote ?? '' } : null,
  };
}

/** An option change the host sends (validated again by the server). */
export type LobbyOptions = Partial<{
  matchSeconds: number;
  police: number;
  civilians: number;
  bots: boolean;
  difficulty: string;
  spectatorDelay: number;
  hunter: string;
  map: string;
}>;

export interface LobbyActions {
  pref(p: RolePreference): void;
  /** Change the own name (a friend who came by a link is asked for one here). */
  name?(n: string): void;
  ready(on: boolean): void;
  start(): void;
  options(o: LobbyOptions): void;
  leave(): void;
  /** Send a chat line to the lobby. */
  chat?(text: string): void;
  /** Host: send a player out of the lobby. */
  kick?(sessionId: string): void;
}

const PREFS: readonly [RolePreference, string][] = [
  ['hunter', 'Hunter (T-1000)'],
  ['escort', 'Any escort'],
  ['any', 'Any role'],
  ['john', 'John'],
  ['sarah', 'Sarah'],
  ['t800', 'T-800'],
  ['dyson', 'Dyson'],
];

const DIFFICULTY_TEXT: Record<string, string> = { easy: '★ easy', normal: '★★ normal', hard: '★★★ hard' };
const MINUTES = [HOST_OPTION_BOUNDS.matchSeconds[0] / 60, HOST_OPTION_BOUNDS.matchSeconds[1] / 60] as const;
const CHAT_LINES = 50;

/**
 * The address that brings a friend into this room: `?code=CODE` for a
 * private match's code (as the address bar shows it), `?join=ROOM` for a
 * public room's id — both as client/src/app/urlParams.ts reads them. Only
 * the `server` key of the page's own address is kept (never a password).
 */
export function inviteLink(
  roomId: string,
  location: { origin: string; pathname: string; search: string },
): string {
  const q = new URLSearchParams();
  const server = new URLSearchParams(location.search).get('server');
  if (server) q.set('server', server);
  q.set(isRoomCodeShaped(roomId) ? 'code' : 'join', roomId);
  return `${location.origin}${location.pathname}?${q.toString()}`;
}

const numberInput = (id: string, lo: number, hi: number, step: number, change: (v: number) => void) =>
  h('input', {
    type: 'number',
    id,
    min: lo,
    max: hi,
    step,
    style: 'width:70px',
    onchange: (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      if (Number.isFinite(v)) change(Math.min(hi, Math.max(lo, v)));
    },
  });

/** The lobby: roster with preferences and ready marks, the own choices, the countdown. */
export class LobbyScreen {
  readonly el: HTMLElement;
  private readonly roster = h('tbody');
  private readonly status = h('div', { class: 'center', id: 'lobby-status' });
  private readonly prefButtons = new Map<RolePreference, HTMLButtonElement>();
  /** The own name, sent when changed (Enter or leaving the field), kept as the server has it. */
  private readonly nameInput: HTMLInputElement;
  private readonly readyButton: HTMLButtonElement;
  private readonly startButton: HTMLButtonElement;
  private readonly botsButton: HTMLButtonElement;
  private bots = true;
  private readonly hostRow: HTMLElement;
  private readonly title = h('h1', { class: 'title', style: 'font-size:34px' }, 'LOBBY');
  private readonly info = h('p', { class: 'subtitle' });
  private ready = false;
  private readonly invite: HTMLElement;
  private readonly code = h('strong', { id: 'room-code', style: 'font-size:20px;letter-spacing:2px' });
  private link = '';
  private readonly linkEl = h(
    'a',
    {
      id: 'invite-link',
      class: 'muted',
      style: 'font-size:12px',
      title: 'The link that joins this room (right-click to copy it)',
      // Following it here would join the room a second time: a click copies it instead.
      onclick: (e: Event) => {
        e.preventDefault();
        void navigator.clipboard?.writeText(this.link).catch(() => undefined);
      },
    },
    'invite link',
  );
  private readonly chatLines = h('div', {
    id: 'lobby-chat-lines',
    style: 'height:110px;overflow-y:auto;text-align:left;font-size:13px',
  });
  private readonly chatInput: HTMLInputElement;
  private readonly settingsView = h('p', { id: 'lobby-settings', class: 'muted', style: 'margin:6px 0' });
  private readonly lengthRange: HTMLInputElement;
  private readonly lengthNumber: HTMLInputElement;
  private readonly police: HTMLInputElement;
  private readonly civilians: HTMLInputElement;
  private readonly delay: HTMLInputElement;
  private readonly difficulty: HTMLSelectElement;
  private readonly map: HTMLSelectElement;
  private readonly hunter: HTMLSelectElement;
  private readonly act: LobbyActions;
  private isHost = false;
  private rosterShown = '';

  constructor(act: LobbyActions) {
    this.act = act;
    const copy = h(
      'button',
      {
        id: 'copy-link',
        onclick: () => {
          void navigator.clipboard?.writeText(this.link).then(
            () => setText(copy, 'Link copied ✓'),
            () => setText(copy, 'Copy failed: the link is in the address bar'),
          );
        },
      },
      'Copy invite link',
    );
    this.invite = h(
      'div',
      { class: 'row', id: 'invite', style: 'justify-content:center;gap:10px' },
      h('span', { class: 'muted' }, 'Room code'),
      this.code,
      copy,
      this.linkEl,
    );
    this.chatInput = h('input', {
      type: 'text',
      id: 'lobby-chat-input',
      maxlength: 200,
      placeholder: 'Say something to the lobby (Enter)',
      style: 'flex:1',
      onkeydown: (e: Event) => {
        const k = e as KeyboardEvent;
        k.stopPropagation();
        if (k.key !== 'Enter') return;
        const text = this.chatInput.value.trim();
        if (text) act.chat?.(text);
        this.chatInput.value = '';
      },
    });
    const minutes = (v: number) => act.options({ matchSeconds: Math.round(v * 60) });
    this.lengthRange = h('input', {
      type: 'range',
      id: 'match-length',
      min: 1,
      max: MINUTES[1],
      step: 1,
      style: 'flex:1',
      onchange: (e: Event) => minutes(Number((e.target as HTMLInputElement).value)),
    });
    this.lengthNumber = numberInput('match-minutes', MINUTES[0], MINUTES[1], 0.5, minutes);
    this.police = numberInput('police', 0, HOST_OPTION_BOUNDS.police[1], 1, (v) =>
      act.options({ police: v }),
    );
    this.civilians = numberInput('civilians', 0, HOST_OPTION_BOUNDS.civilians[1], 5, (v) =>
      act.options({ civilians: v }),
    );
    this.delay = numberInput('spectator-delay', 0, HOST_OPTION_BOUNDS.spectatorDelay[1], 5, (v) =>
      act.options({ spectatorDelay: v }),
    );
    this.difficulty = h(
      'select',
      {
        id: 'difficulty',
        onchange: (e: Event) => act.options({ difficulty: (e.target as HTMLSelectElement).value }),
      },
      BOT_DIFFICULTIES.map((d) => h('option', { value: d }, DIFFICULTY_TEXT[d] ?? d)),
    );
    this.map = h('select', {
      id: 'map',
      onchange: (e: Event) => {
        const map = (e.target as HTMLSelectElement).value;
        if (map) act.options({ map });
      },
    });
    this.hunter = h('select', {
      id: 'hunter-pick',
      onchange: (e: Event) => act.options({ hunter: (e.target as HTMLSelectElement).value }),
    });
    for (const [p, label] of PREFS) {
      this.prefButtons.set(p, h('button', { 'data-pref': p, onclick: () => act.pref(p) }, label));
    }
    this.nameInput = h('input', {
      type: 'text',
      id: 'lobby-name',
      maxlength: NAME_MAX,
      size: 16,
      placeholder: 'Your name',
      'aria-label': 'Your name',
      onchange: (e: Event) => {
        const name = (e.target as HTMLInputElement).value.trim();
        if (name) act.name?.(name);
      },
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter') (e.target as HTMLInputElement).blur();
      },
    });
    this.readyButton = h(
      'button',
      { class: 'primary', id: 'ready', onclick: () => act.ready(!this.ready) },
      'READY',
    );
    this.startButton = h(
      'button',
      { id: 'start', class: 'primary', style: 'margin-left:auto', onclick: () => act.start() },
      'START MATCH',
    );
    this.botsButton = h(
      'button',
      { id: 'bots', onclick: () => act.options({ bots: !this.bots }) },
      'Bots: on',
    );
    const label = (text: string, ...els: HTMLElement[]) =>
      h(
        'label',
        { class: 'row', style: 'gap:6px;align-items:center' },
        h('span', { class: 'muted' }, text),
        ...els,
      );
    this.hostRow = h(
      'div',
      { id: 'host-controls', style: 'margin-top:12px;display:grid;gap:6px' },
      h('h2', { style: 'margin:4px 0' }, 'Host settings'),
      label('Match length (min)', this.lengthRange, this.lengthNumber),
      h(
        'div',
        { class: 'row', style: 'gap:14px;flex-wrap:wrap' },
        label('Police', this.police),
        label('Civilians', this.civilians),
        label('Map', this.map),
      ),
      h(
        'div',
        { class: 'row', style: 'gap:14px;flex-wrap:wrap' },
        this.botsButton,
        label('Bots', this.difficulty),
        label('Hunter', this.hunter),
        label('Spectator delay (s)', this.delay),
      ),
    );
    this.el = h(
      'div',
      { class: 'screen', id: 'lobby' },
      h(
        'div',
        { class: 'card' },
        this.title,
        this.info,
        this.invite,
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
              h('th', null, ''),
            ),
          ),
          this.roster,
        ),
        h('h2', {}, 'You'),
        h(
          'label',
          { class: 'row', style: 'gap:6px;align-items:center;margin-bottom:8px' },
          h('span', { class: 'muted' }, 'Name'),
          this.nameInput,
        ),
        h(
          'div',
          { class: 'row', style: 'flex-wrap:wrap' },
          [...this.prefButtons.values()],
          h('span', { style: 'flex:1' }),
          // The host starts where the others ready: near the top, not under the host's settings.
          this.readyButton,
          this.startButton,
        ),
        this.settingsView,
        this.hostRow,
        h(
          'div',
          { id: 'lobby-chat', style: 'margin-top:12px' },
          h('h2', { style: 'margin:4px 0' }, 'Chat'),
          this.chatLines,
          h('div', { class: 'row' }, this.chatInput),
        ),
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
      `${v.mode === 'custom' ? 'Share the code or the link to invite friends. ' : ''}Judgment Day in ${
        v.settings ? minutesText(clockLeftAtStart(v.settings)) : `${v.matchMinutes} min`
      } · ` +
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
    // The name as the server keeps it, unless the player is typing a new one.
    if (me && document.activeElement !== this.nameInput && this.nameInput.value !== me.name) {
      this.nameInput.value = me.name;
    }
    this.ready = me?.ready ?? false;
    setText(this.readyButton, this.ready ? 'READY ✓' : 'READY');
    this.readyButton.classList.toggle('on', this.ready);
    for (const [p, b] of this.prefButtons) b.classList.toggle('on', me?.pref === p);
    this.isHost = v.mode === 'custom' && me?.host === true;
    this.hostRow.style.display = this.isHost ? '' : 'none';
    // The host needs no ready (the host's start is the go): one button in that place.
    this.startButton.style.display = this.isHost ? '' : 'none';
    this.readyButton.style.display = this.isHost ? 'none' : '';
    this.bots = v.bots;
    setText(this.botsButton, v.bots ? 'Bots: on' : 'Bots: off');
    this.botsButton.classList.toggle('on', v.bots);
    if (this.code.textContent !== v.roomId) this.clearChat();
    this.link = inviteLink(v.roomId, window.location);
    if (this.linkEl.getAttribute('href') !== this.link) this.linkEl.setAttribute('href', this.link);
    setText(this.code, v.roomId);
    this.invite.style.display = v.mode === 'custom' ? '' : 'none';
    if (v.settings) this.showSettings(v, v.settings);
    const waiting = v.roster.filter((r) => !r.you && !r.bot && !r.ready).length;
    this.startButton.disabled = waiting > 0;
    this.startButton.title = waiting > 0 ? `waiting for ${waiting} player(s) to be ready` : '';
    // The table is rebuilt only when it changes: a button rebuilt on every patch could not be clicked.
    const shown = JSON.stringify([v.roster, this.isHost, v.bots, v.mode]);
    if (shown === this.rosterShown) return;
    this.rosterShown = shown;
    const open = Math.max(0, 5 - v.roster.length);
    const seats = Array.from({ length: open }, () =>
      h(
        'tr',
        { class: 'open-seat' },
        h(
          'td',
          { class: 'muted', colspan: 5 },
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
            // Dropped or reloading: the place is held for the reconnection window.
            !r.connected && !r.bot ? h('span', { class: 'tag', 'data-away': r.key }, ' reconnecting…') : null,
          ),
          h('td', null, r.bot ? '—' : prefText(r.pref)),
          h('td', null, r.role ? ROLE_NAMES[r.role as Role] : '—'),
          h(
            'td',
            null,
            // The host of a custom room starts the match: no ready for them.
            r.host && v.mode === 'custom'
              ? h('span', { class: 'tag' }, 'starts')
              : r.ready || r.bot
                ? h('span', { class: 'tag good' }, 'ready')
                : h('span', { class: 'tag' }, 'not ready'),
          ),
          h(
            'td',
            null,
            this.isHost && !r.you && !r.bot && v.mode === 'custom'
              ? h(
                  'button',
                  { class: 'kick', 'data-kick': r.key, onclick: () => this.act.kick?.(r.key) },
                  'Kick',
                )
              : null,
          ),
        ),
      ),
      ...seats,
    );
  }

  /** A chat line from the room (the lobby keeps the last few). */
  chat(line: ChatLine): void {
    this.chatLines.append(h('div', { class: 'chat-line' }, h('strong', null, `${line.name}: `), line.text));
    while (this.chatLines.childElementCount > CHAT_LINES) this.chatLines.firstElementChild?.remove();
    this.chatLines.scrollTop = this.chatLines.scrollHeight;
  }

  /** Clears the chat (a new room). */
  clearChat(): void {
    this.chatLines.replaceChildren();
  }

  private showSettings(v: LobbyView, s: LobbySettings): void {
    const hunterName =
      s.hunter === ''
        ? 'preferences decide'
        : (v.roster.find((r) => r.key === s.hunter)?.name ?? 'preferences decide');
    const from = s.from
      ? `Starting from a replay at ${clockText(s.from.tick / TICK_HZ)}${s.from.note ? ` (${s.from.note})` : ''}: ` +
        "the replay's map, length, crowd and bots · "
      : '';
    setText(
      this.settingsView,
      `${from}Match ${minutesText(s.matchSeconds)} · map ${s.map || 'default'} · ` +
        `${s.bots ? `bots fill empty seats (${DIFFICULTY_TEXT[s.difficulty] ?? s.difficulty})` : 'no bots'} · ` +
        `crowd ${s.civilians} civilians, ${s.police} police · hunter: ${hunterName} · ` +
        `spectator delay ${s.spectatorDelay} s`,
    );
    if (!this.isHost) return;
    // A match from a replay keeps the replay's settings: those controls are shown, not used.
    for (const el of [
      this.lengthRange,
      this.lengthNumber,
      this.police,
      this.civilians,
      this.map,
      this.botsButton,
    ]) {
      el.disabled = s.from !== null;
      el.title = s.from ? "a match from a replay keeps the replay's settings" : '';
    }
    // Inputs being edited keep what the host types.
    const set = (el: HTMLInputElement | HTMLSelectElement, value: string) => {
      if (document.activeElement !== el && el.value !== value) el.value = value;
    };
    set(this.lengthRange, String(Math.round(s.matchSeconds / 60)));
    set(this.lengthNumber, String(Math.round((s.matchSeconds / 60) * 100) / 100));
    set(this.police, String(s.police));
    set(this.civilians, String(s.civilians));
    set(this.delay, String(s.spectatorDelay));
    set(this.difficulty, s.difficulty);
    // '' is the server's own map: shown as such, not as an empty box.
    const listed = s.maps.includes(s.map) ? s.maps : [s.map, ...s.maps];
    const maps = s.map ? listed : listed.filter((m) => m !== '');
    const values = s.map ? maps : ['', ...maps];
    if (
      this.map.options.length !== values.length ||
      [...this.map.options].some((o, i) => o.value !== values[i])
    )
      this.map.replaceChildren(...values.map((m) => h('option', { value: m }, m || 'server default')));
    set(this.map, s.map);
    const people = v.roster.filter((r) => !r.bot);
    const keys = ['', ...people.map((r) => r.key)];
    if (
      this.hunter.options.length !== keys.length ||
      [...this.hunter.options].some((o, i) => o.value !== keys[i] || (i > 0 && o.text !== people[i - 1].name))
    )
      this.hunter.replaceChildren(
        h('option', { value: '' }, 'Preferences decide'),
        ...people.map((r) => h('option', { value: r.key }, r.name)),
      );
    set(this.hunter, s.hunter);
  }
}

function prefText(pref: string): string {
  return PREFS.find(([p]) => p === pref)?.[1] ?? pref;
}

/** The clock when the match starts: its length, less the time already played of a replay it starts from. */
export function clockLeftAtStart(s: { matchSeconds: number; from: { tick: number } | null }): number {
  return Math.max(0, s.matchSeconds - (s.from ? s.from.tick / TICK_HZ : 0));
}

function minutesText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return s === 0 ? `${m} min` : m === 0 ? `${s} s` : `${m} min ${s} s`;
}
