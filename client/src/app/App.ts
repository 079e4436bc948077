import { Client } from '@colyseus/sdk';
import { type Application, UPDATE_PRIORITY } from 'pixi.js';
import {
  type EndSummary,
  isCodeRoomId,
  type PlayFrom,
  type RolePreference,
} from '../../../shared/protocol.js';
import { LIVES } from '../../../shared/schema/PrivateState.js';
import { Controls } from '../input/Controls.js';
import { LocalMatch } from '../match/LocalMatch.js';
import { MatchView } from '../match/MatchView.js';
import { classifyJoinError } from '../net/failures.js';
import { LiveMatch } from '../net/LiveMatch.js';
import { loadMap } from '../net/mapLoader.js';
import { joinRoom, phaseOf, Session } from '../net/Session.js';
import { LiveWatch } from '../replay/LiveWatch.js';
import { ReplayViewer } from '../replay/ReplayViewer.js';
import { isSettingsOpen, openSettings } from '../settings/settingsPanel.js';
import { h } from '../ui/dom.js';
import { touchOnly } from '../ui/homeScreen.js';
import { MatchMenu } from '../ui/matchMenu.js';
import { errorScreen } from '../ui/messageScreen.js';
import { Listing } from './Listing.js';
import { type ScreenHost, ScreenView } from './ScreenView.js';
import { HOME, inRoom, type JoinIntent, nextScreen, type Screen, type ScreenEvent } from './screens.js';
import { TabStore } from './tabStore.js';
import { addressFor, type UrlParams, withoutPassword } from './urlParams.js';

const NAME_KEY = 'lm.name';

/** The code of a private room (what a friend types or finds in the address), or null for a public one. */
export function privateCode(roomId: string, mode: string | undefined): string | null {
  return isCodeRoomId(roomId) && mode !== 'quick' ? roomId : null;
}

/** Delay before retry `attempt` of a join (ms): quick at first, then backing off. */
export const retryDelay = (attempt: number): number => Math.min(4000, 500 * 2 ** (attempt - 2));
/** Between attempts to find a match that moved to another process. */
const RESUME_DELAY_MS = 500;
/** A drop not mended by then is looked for on another process (the SDK's reconnection keeps trying meanwhile). */
const LOOK_ELSEWHERE_MS = 3000;

/**
 * The client application: owns the screen state machine and carries out
 * what each screen needs — the listing on the home screen, a join with
 * retries, the session in the lobby and the match, the end screen.
 */
export class App implements ScreenHost {
  screen: Screen = HOME;
  session: Session | null = null;
  match: LiveMatch | null = null;
  view: MatchView | null = null;
  readonly controls = new Controls();
  readonly client: Client;
  private readonly ui: ScreenView;
  private readonly listing: Listing;
  private name: string;
  private pref: RolePreference;
  private joinToken = 0;
  private matchToken = 0;
  /** What this tab keeps across a reload: the seat in a match, the server's password. */
  private readonly tab = new TabStore();
  private password: string | null;
  private menu: MatchMenu | null = null;
  /** The replays page and the replay viewer (client/src/replay), outside the screens of a room. */
  readonly replays: ReplayViewer;
  /** Watching a match (its recording behind the spectator delay), outside the screens of a room. */
  readonly live: LiveWatch;
  /** Play from here: the replay moment the next created room starts from. */
  private fromReplay: PlayFrom | null = null;

  constructor(
    readonly pixi: Application,
    readonly overlay: HTMLElement,
    endpoint: string,
    readonly params: UrlParams,
  ) {
    this.client = new Client(endpoint);
    this.name =
      params.name ?? localStorage.getItem(NAME_KEY) ?? `Player${Math.floor(Math.random() * 900 + 100)}`;
    this.pref = params.pref ?? 'any';
    // A password in the address is kept for the tab (start() takes it out of the address bar).
    if (params.password) this.tab.password = params.password;
    this.password = params.password ?? this.tab.password;
    this.listing = new Listing(
      this.client,
      (rooms, status) => this.ui.home.setRooms(rooms, status),
      () => this.password,
    );
    this.ui = new ScreenView(overlay, this);
    this.replays = new ReplayViewer(this.replayHost());
    this.live = new LiveWatch({
      ...this.replayHost(),
      client: this.client,
      name: () => this.name,
      openView: (map, source, chat) => {
        this.closeMatch();
        this.view = new MatchView(this.pixi, map, source, this.controls, this.ui.matchLayer, (t) => chat(t));
        this.pixi.ticker.start();
        return this.view;
      },
      openMenu: (leave) => this.openMenu('Stop watching', leave, false),
    });
    // While the menu is open the character stands still: no key held, no click latched.
    pixi.ticker.add(this.holdStill, undefined, UPDATE_PRIORITY.INTERACTION);
  }

  private readonly holdStill = (): void => {
    // The settings panel opened from the menu holds the character too.
    if (!this.menu || (!this.menu.isOpen && !isSettingsOpen())) return;
    this.controls.releaseAll();
    this.controls.take();
  };

  /** The server's password as the player typed it: kept for this tab, the list asked for again. */
  setPassword(password: string): void {
    this.password = password;
    this.tab.password = password;
    this.ui.home.showNotice(null);
    this.listing.restart();
  }

  get playerName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name.trim() || this.name;
    localStorage.setItem(NAME_KEY, this.name);
  }

  /** A new name typed in the lobby: kept for next time and sent to the room. */
  rename(name: string): void {
    this.setName(name);
    this.ui.home.showName(this.name);
    this.session?.rename(this.name);
  }

  setPref(p: RolePreference): void {
    this.pref = p;
    this.session?.pref(p);
  }

  /** Starts on the home screen, or straight into what the address asks for. */
  start(): void {
    const clean = withoutPassword(location.search);
    if (clean !== location.search) this.replaceAddress(clean);
    if (this.params.sandbox) {
      void this.startSandbox();
      return;
    }
    if (this.params.replays || this.params.replay) {
      if (this.params.replay) void this.replays.open({ id: this.params.replay });
      else this.replays.showList();
      return;
    }
    if (touchOnly((q) => window.matchMedia?.(q).matches ?? false)) this.ui.home.showTouchNote();
    this.show();
    // A reload in a lobby or a match takes the same place back, as a dropped connection does.
    const seat = this.tab.seat;
    if (seat)
      this.dispatch({
        type: 'start',
        intent: { kind: 'rejoin', token: seat.token, roomId: seat.roomId, ticket: seat.ticket },
      });
    else if (this.params.intent) this.go(this.params.intent);
    else this.listing.start();
  }

  dispatch(e: ScreenEvent): void {
    const before = this.screen;
    this.screen = nextScreen(this.screen, e);
    if (this.screen === before) return;
    this.enter(before);
  }

  go(intent: JoinIntent): void {
    this.fromReplay = null;
    // Spectators watch the match's recording (the watch room), not the match room.
    if (intent.kind === 'spectate') {
      this.closeMatch();
      void this.live.start(intent.roomId);
      return;
    }
    this.dispatch({ type: 'start', intent });
  }

  /** What the replay viewer asks of the app: the match view on the stage, the menu, a room from a replay's moment. */
  private replayHost(): ConstructorParameters<typeof ReplayViewer>[0] {
    return {
      overlay: this.overlay,
      matchLayer: this.ui.matchLayer,
      server: this.params.server,
      password: () => this.password,
      atHome: () => this.screen.name === 'home',
      showMatchLayer: () => this.ui.showSandbox(),
      openView: (map, source) => {
        this.closeMatch();
        this.view = new MatchView(this.pixi, map, source, this.controls, this.ui.matchLayer, () => {});
        this.pixi.ticker.start();
        return this.view;
      },
      openMenu: (leave) => this.openMenu('Leave the replay', leave, false),
      closeView: () => this.closeMatch(),
      home: () => {
        this.replaceAddress(addressFor(location.search, null));
        this.screen = HOME;
        this.show();
        this.listing.start();
      },
      address: (search) => this.replaceAddress(search),
      playFrom: (from, pref) => {
        this.setPref(pref);
        this.fromReplay = from;
        this.dispatch({ type: 'start', intent: { kind: 'create', private: true } });
      },
    };
  }

  private enter(before: Screen): void {
    const s = this.screen;
    // A screen of a room takes over from watching (an eliminated player's match ended).
    if (this.live.active) this.live.close();
    if (s.name === 'home') {
      void this.dropSession();
      this.listing.start();
    } else {
      this.listing.stop();
    }
    if (s.name === 'connecting' && before.name !== 'connecting') {
      // A new join (Play again from the end screen): the room before it is left first.
      void this.dropSession();
    }
    if (s.name === 'connecting' && (before.name !== 'connecting' || s.attempt !== before.attempt)) {
      void this.connect(s.intent, s.attempt);
    }
    if (s.name === 'match' && before.name !== 'reconnecting') void this.openMatch();
    if (s.name !== 'match' && s.name !== 'reconnecting') this.closeMatch();
    if (s.name === 'error') void this.dropSession();
    this.keepSeat();
    this.syncAddress();
    this.show();
  }

  private show(): void {
    this.ui.show(this.screen, this.session);
  }

  /**
   * Keeps the seat's reconnection token in the tab while in a lobby or a
   * match (the server holds a dropped player's place then: their character,
   * or their place in the lobby, host included), so that a reload takes it
   * back; forgets it otherwise.
   */
  private keepSeat(): void {
    const s = this.session;
    const held =
      this.screen.name === 'lobby' || this.screen.name === 'match' || this.screen.name === 'reconnecting';
    if (s && !s.over && held && s.reconnectionToken) {
      this.tab.seat = {
        token: s.reconnectionToken,
        roomId: s.room.roomId,
        ...(s.ticket ? { ticket: s.ticket } : {}),
      };
    } else if (this.screen.name !== 'connecting') {
      this.tab.seat = null;
    }
  }

  /**
   * In a private match the address carries its code (copying it invites a
   * friend); elsewhere no join key (a spectator's, LiveWatch keeps).
   */
  private syncAddress(): void {
    const s = this.screen;
    if (s.name === 'connecting' || s.name === 'error') return;
    const session = this.session && inRoom(s) ? this.session : null;
    const code = session ? privateCode(session.room.roomId, session.state?.mode) : null;
    this.replaceAddress(addressFor(location.search, code, null));
  }

  private replaceAddress(search: string): void {
    if (search === location.search) return;
    try {
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    } catch {
      // A sandboxed page may refuse: the address stays as it was.
    }
  }

  private async connect(intent: JoinIntent, attempt: number): Promise<void> {
    const token = ++this.joinToken;
    if (attempt > 1)
      await new Promise((r) =>
        setTimeout(r, intent.kind === 'resume' ? RESUME_DELAY_MS : retryDelay(attempt)),
      );
    if (token !== this.joinToken || this.screen.name !== 'connecting') return;
    // Read now: a password typed since the last attempt (Try again) goes with this one.
    const password = this.password;
    try {
      // Play from here: the created room starts from the replay's moment.
      const from = intent.kind === 'create' && this.fromReplay ? { from: this.fromReplay } : {};
      const room = await joinRoom(this.client, intent, {
        name: this.name,
        pref: this.pref,
        password,
        roomOptions: { ...this.params.roomOptions, ...from } as Record<string, number | boolean>,
      });
      if (token !== this.joinToken || this.screen.name !== 'connecting') {
        void room.leave(true);
        return;
      }
      const session = this.openSession(room);
      // Back in a seat by its ticket or token: the ticket stays the same (a new one comes only with a new seat).
      if ((intent.kind === 'resume' || intent.kind === 'rejoin') && intent.ticket)
        session.ticket ??= intent.ticket;
      session.cameBack = intent.kind === 'resume' || intent.kind === 'rejoin';
      this.dispatch({ type: 'joined', phase: phaseOf(session.state) });
    } catch (e) {
      if (token !== this.joinToken) return;
      const c = classifyJoinError(e, { intent, password: password !== null });
      this.dispatch({ type: 'failed', ...c });
    }
  }

  /**
   * The session of a room just joined. Its events act only while it is the
   * app's current session: a room left earlier (the one before Play again)
   * can never move the screens of the next.
   */
  private openSession(room: Session['room']): Session {
    const live = () => this.session === session;
    const session: Session = new Session(room, {
      phase: (phase) => live() && this.dispatch({ type: 'phase', phase }),
      change: () => live() && this.ui.lobbyChanged(session),
      dropped: () => {
        if (!live()) return;
        this.dispatch({ type: 'dropped' });
        this.lookElsewhere(session);
      },
      moved: (roomId, ticket) => live() && this.resume(session, roomId, ticket),
      reconnected: (phase) => {
        if (!live()) return;
        this.dispatch({ type: 'reconnected', phase });
        // The token may be renewed by the reconnection.
        this.keepSeat();
      },
      closed: (f) =>
        live() && this.dispatch({ type: 'closed', failure: f?.failure ?? null, detail: f?.detail ?? '' }),
      end: (summary: EndSummary) => live() && this.ui.showEnd(summary, session),
      chat: (line) => live() && (this.view ? this.view.chat.receive(line) : this.ui.lobby.chat(line)),
      rejected: (_type, reason) => live() && this.ui.toast(reason),
    });
    this.session = session;
    return session;
  }

  /**
   * A drop that the SDK's reconnection has not mended in a few seconds may be
   * a server process that died: its match resumes on another process under
   * the same id, where the seat's ticket takes the character back.
   */
  private lookElsewhere(session: Session): void {
    setTimeout(() => {
      const ticket = session.ticket;
      if (this.session !== session || this.screen.name !== 'reconnecting' || !ticket) return;
      this.resume(session, session.room.roomId, ticket, true);
    }, LOOK_ELSEWHERE_MS);
  }

  /** Join the match again where it is now, with the seat's ticket. */
  private resume(session: Session, roomId: string, ticket: string, lost = false): void {
    if (this.session !== session) return;
    session.abandon();
    this.session = null;
    this.dispatch({ type: 'moved', intent: { kind: 'resume', roomId, ticket, ...(lost ? { lost } : {}) } });
  }

  /** Cancels a join in progress or leaves the room, back to the home screen. */
  home(): void {
    this.joinToken++;
    this.dispatch({ type: 'home' });
  }

  private async dropSession(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.closeMatch();
    if (s) await s.leave();
  }

  private async openMatch(): Promise<void> {
    const session = this.session;
    if (!session || this.view) return;
    const token = ++this.matchToken;
    try {
      const map = await loadMap(session.state.map ?? '');
      if (token !== this.matchToken || this.session !== session || this.view) return;
      this.match = new LiveMatch(session.room, map, this.controls);
      this.view = new MatchView(this.pixi, map, this.match, this.controls, this.ui.matchLayer, (t, team) =>
        session.chat(t, team),
      );
      // A reload or a deploy brings the person back to their character: no briefing card over the match again (Esc → Help has it).
      if (session.backInMatch) this.view.briefed = true;
      this.offerWatch(session);
      this.openMenu('Leave the match', () => this.home(), true);
      this.pixi.ticker.start();
    } catch (e) {
      this.overlay.replaceChildren(
        errorScreen('error', `Could not load the map: ${(e as Error).message}`, null, () => this.home()),
      );
    }
  }

  /**
   * An eliminated player watches their own side live (their match view), and
   * may watch the whole match as spectators do, behind the spectator delay:
   * a button appears when they are out (and an entry in the menu).
   */
  private offerWatch(session: Session): void {
    const out = () => {
      if (session.currentPhase !== 'playing') return false;
      // No role in this match (one from a replay with fewer roles than people): watch it.
      if (session.state?.players?.get(session.room.sessionId)?.role === '') return true;
      const priv = session.state?.private?.get(session.room.sessionId);
      return !!priv && LIVES[priv.life] === 'eliminated';
    };
    const delay = () => session.state?.options?.spectatorDelay ?? 0;
    const label = () => `Watch the whole match${delay() > 0 ? ` (${delay()} s behind)` : ''}`;
    let button: HTMLButtonElement | null = null;
    const check = () => {
      if (this.session !== session || !this.view) return void this.pixi.ticker.remove(check);
      if (button || !out()) return;
      button = h(
        'button',
        { id: 'watch-whole', class: 'primary', onclick: () => this.watchWhole(session) },
        label(),
      );
      this.ui.matchLayer.append(button);
      this.pixi.ticker.remove(check);
    };
    this.pixi.ticker.add(check);
    this.watchOffer = { label: label(), available: out, run: () => this.watchWhole(session) };
  }

  private watchOffer: { label: string; available(): boolean; run(): void } | undefined;

  /** The eliminated player's own view gives way to the spectators' (the watch room); Stop watching comes back. */
  private watchWhole(session: Session): void {
    if (this.session !== session) return;
    this.closeMatch();
    void this.live.start(session.room.roomId, () => {
      this.live.close();
      if (this.session !== session || session.over) return this.home();
      this.show();
      void this.openMatch();
    });
  }

  /** The in-match menu (Escape): resume, settings, help and the briefing, leave. */
  private openMenu(leaveLabel: string, leave: () => void, player: boolean): void {
    this.menu?.destroy();
    const menu = new MatchMenu(this.ui.matchLayer, {
      // Closing the settings comes back to the menu, as games do.
      settings: () => openSettings(undefined, () => this.menu === menu && menu.open()),
      briefing: player ? () => this.view?.hud.showBriefing() : null,
      leave,
      leaveLabel,
      toggled: () => this.holdStill(),
      busy: isSettingsOpen,
      watch: player ? this.watchOffer : undefined,
      player,
    });
    this.menu = menu;
  }

  /** Whether the in-match menu is open (tests read it through the probe). */
  get menuOpen(): boolean {
    return this.menu?.isOpen ?? false;
  }

  private closeMatch(): void {
    this.menu?.destroy();
    this.menu = null;
    this.matchToken++;
    this.view?.destroy();
    this.view = null;
    this.match?.dispose();
    this.match = null;
  }

  /** Offline practice: the shared simulation in the page, no server. */
  private async startSandbox(): Promise<void> {
    const map = await loadMap('');
    const local = new LocalMatch(map, this.params.sandbox ?? 'john', this.controls);
    this.ui.showSandbox();
    this.view = new MatchView(this.pixi, map, local, this.controls, this.ui.matchLayer, () => {});
    this.openMenu(
      'Leave practice',
      () => {
        const q = new URLSearchParams(location.search);
        q.delete('sandbox');
        const rest = q.toString();
        location.assign(`${location.pathname}${rest ? `?${rest}` : ''}`);
      },
      true,
    );
  }
}
