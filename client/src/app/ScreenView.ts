import { type EndSummary, isCodeRoomId, type RolePreference } from '../../../shared/protocol.js';
import { isPlayerRole, type Role, type Side, sideOf } from '../../../shared/roles.js';
import type { Session } from '../net/Session.js';
import { h } from '../ui/dom.js';
import { endScreen } from '../ui/endScreen.js';
import { HomeScreen } from '../ui/homeScreen.js';
import { LobbyScreen, type LobbyView, lobbySettings, type RosterEntry } from '../ui/lobbyScreen.js';
import { connectingScreen, errorScreen, reconnectingOverlay } from '../ui/messageScreen.js';
import {
  attemptsOf,
  type Failure,
  type JoinIntent,
  type Screen,
  type ScreenEvent,
  watchInstead,
} from './screens.js';

/** What the screens ask of the app: the narrow side of App that ScreenView sees (so it does not import App). */
export interface ScreenHost {
  readonly screen: Screen;
  readonly playerName: string;
  readonly session: Session | null;
  setName(name: string): void;
  /** A name typed in the lobby: kept and sent to the room. */
  rename(name: string): void;
  setPref(pref: RolePreference): void;
  setPassword(password: string): void;
  go(intent: JoinIntent): void;
  dispatch(e: ScreenEvent): void;
  home(): void;
}

const CONNECTING_TEXT: Record<string, string> = {
  quickplay: 'Finding a match…',
  join: 'Joining the match…',
  create: 'Creating a match…',
  code: 'Joining the private match…',
  rejoin: 'Returning to your match…',
  resume: 'The match moved to another server: returning to it…',
};

/** The match a full join could watch instead, as the way to (null when there is none). */
function watchable(
  failure: Failure,
  intent: JoinIntent | null,
  watch: (roomId: string) => void,
): (() => void) | null {
  const roomId = watchInstead(failure, intent);
  return roomId ? () => watch(roomId) : null;
}

/** What the connecting screen says of a join. */
const connectingText = (intent: JoinIntent): string =>
  intent.kind === 'resume' && intent.lost
    ? 'Lost the server: looking for your match…'
    : CONNECTING_TEXT[intent.kind];

/** Puts the DOM of each screen on the page. */
export class ScreenView {
  readonly home: HomeScreen;
  readonly lobby: LobbyScreen;
  /** The HUD's layer during a match. */
  readonly matchLayer = h('div', {
    id: 'match-layer',
    style: 'position:absolute;inset:0;pointer-events:none',
  });
  private end: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: ScreenHost,
  ) {
    this.home = new HomeScreen({
      name: () => app.playerName,
      setName: (n) => app.setName(n),
      quickPlay: () => app.go({ kind: 'quickplay' }),
      join: (roomId) => app.go({ kind: 'join', roomId }),
      watch: (roomId) => app.go({ kind: 'spectate', roomId }),
      create: (isPrivate) => app.go({ kind: 'create', private: isPrivate }),
      code: (code) => app.go({ kind: 'code', code }),
      password: (p) => app.setPassword(p),
    });
    this.lobby = new LobbyScreen({
      pref: (p) => app.setPref(p),
      name: (n) => app.rename(n),
      ready: (on) => app.session?.ready(on),
      start: () => app.session?.start(),
      options: (o) => app.session?.room.send('options', o),
      leave: () => app.home(),
      chat: (text) => app.session?.chat(text, false),
      kick: (target) => app.session?.room.send('kick', { target }),
    });
  }

  /** The end summary on screen (kept while the player reads it after the room went back to its lobby). */
  private shownSummary: EndSummary | null = null;
  private shownSide: Side | null = null;

  show(s: Screen, session: Session | null): void {
    document.body.dataset.screen = s.name;
    const stage = document.getElementById('stage');
    if (stage)
      stage.style.visibility = s.name === 'match' || s.name === 'reconnecting' ? 'visible' : 'hidden';
    switch (s.name) {
      case 'home':
        this.end = null;
        this.root.replaceChildren(this.home.el);
        this.home.showNotice(s.notice ?? null);
        break;
      case 'connecting':
        this.root.replaceChildren(
          connectingScreen(connectingText(s.intent), s.attempt, attemptsOf(s.intent), () => this.app.home()),
        );
        break;
      case 'lobby':
        this.root.replaceChildren(this.lobby.el);
        this.lobbyChanged(session);
        break;
      case 'match':
        this.root.replaceChildren(this.matchLayer);
        break;
      case 'reconnecting':
        this.root.replaceChildren(
          this.matchLayer,
          reconnectingOverlay(s.attempt, () => this.app.home()),
        );
        break;
      case 'end': {
        // Once the group is back in the lobby the session has let the summary go: the one shown stays.
        const summary = session?.endSummary ?? (s.lobby || s.closed ? this.shownSummary : null);
        if (summary) this.showEnd(summary, session);
        else
          this.root.replaceChildren(
            h(
              'div',
              { class: 'screen', id: 'end-wait' },
              h(
                'div',
                { class: 'card center', style: 'max-width:420px' },
                h('div', { class: 'spinner' }),
                'The match is over…',
              ),
            ),
          );
        break;
      }
      case 'error':
        this.root.replaceChildren(
          errorScreen(
            s.failure,
            s.detail,
            s.retry ? () => this.app.dispatch({ type: 'retry' }) : null,
            () => this.app.home(),
            watchable(s.failure, s.retry, (roomId) => this.app.go({ kind: 'spectate', roomId })),
          ),
        );
        break;
    }
  }

  /** The end summary arrived (it may come just before or after the phase changes). */
  showEnd(summary: EndSummary, session: Session | null): void {
    if (this.app.screen.name !== 'end') return;
    const again = this.shownSummary === summary;
    this.shownSummary = summary;
    const me = session?.state.private?.get(session.room.sessionId);
    const role = (me?.role ?? '') as Role | '';
    // Drawn again (the group went back to the lobby, the role let go): the side it was drawn for.
    const side = again ? this.shownSide : role !== '' && isPlayerRole(role) ? sideOf(role) : null;
    this.shownSide = side;
    const screen = this.app.screen;
    const closed = screen.name === 'end' && screen.closed === true;
    this.end = endScreen(
      summary,
      side,
      this.app.playerName,
      () => this.app.home(),
      // Straight into the next join: the app leaves this room first, and its events no longer count.
      () => this.app.go({ kind: 'quickplay' }),
      session && !closed
        ? () => {
            // Already back in the lobby (someone else took the group there): just go to it.
            const s = this.app.screen;
            if (!(s.name === 'end' && s.lobby)) session.room.send('rematch');
            this.app.dispatch({ type: 'rematch' });
          }
        : undefined,
      closed ? 'closed' : screen.name === 'end' && screen.lobby === true ? 'lobby' : null,
    );
    this.root.replaceChildren(this.end);
  }

  /** A patch arrived: redraw the lobby if it is up. */
  lobbyChanged(session: Session | null): void {
    if (!session || this.app.screen.name !== 'lobby') return;
    const s = session.state;
    const roster: RosterEntry[] = [];
    s.players?.forEach((p, key) => {
      roster.push({
        key,
        name: p.name,
        pref: p.pref,
        ready: p.ready,
        role: p.role,
        bot: p.bot,
        host: p.host,
        you: key === session.room.sessionId,
        connected: p.connected,
      });
    });
    const view: LobbyView = {
      roomId: session.room.roomId,
      isPrivate: isCodeRoomId(session.room.roomId) && s.mode === 'custom',
      mode: s.mode === 'custom' ? 'custom' : 'quick',
      phase: s.phase,
      countdown: s.countdown,
      roster,
      spectators: s.spectators,
      matchMinutes: Math.round((s.options?.matchSeconds ?? 900) / 60),
      bots: s.options?.bots ?? true,
      settings: lobbySettings(s),
    };
    this.lobby.update(view);
  }

  /** A short message over whatever is on screen (a refused request, say). */
  toast(text: string): void {
    const el = h('div', { class: 'toast', role: 'status' }, text);
    document.body.append(el);
    setTimeout(() => el.remove(), 4000);
  }

  showSandbox(): void {
    document.body.dataset.screen = 'match';
    const stage = document.getElementById('stage');
    if (stage) stage.style.visibility = 'visible';
    this.root.replaceChildren(this.matchLayer);
  }
}
