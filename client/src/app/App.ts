import { Client } from '@colyseus/sdk';
import type { Application } from 'pixi.js';
import type { EndSummary, RolePreference } from '../../../shared/protocol.js';
import { Controls } from '../input/Controls.js';
import { LocalMatch } from '../match/LocalMatch.js';
import { MatchView } from '../match/MatchView.js';
import { classifyJoinError } from '../net/failures.js';
import { LiveMatch } from '../net/LiveMatch.js';
import { loadMap } from '../net/mapLoader.js';
import { joinRoom, phaseOf, Session } from '../net/Session.js';
import { errorScreen } from '../ui/messageScreen.js';
import { Listing } from './Listing.js';
import { type ScreenHost, ScreenView } from './ScreenView.js';
import { HOME, type JoinIntent, nextScreen, type Screen, type ScreenEvent } from './screens.js';
import type { UrlParams } from './urlParams.js';

const NAME_KEY = 'lm.name';

/** Delay before retry `attempt` of a join (ms): quick at first, then backing off. */
export const retryDelay = (attempt: number): number => Math.min(4000, 500 * 2 ** (attempt - 2));

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
    this.listing = new Listing(
      this.client,
      (rooms, status) => this.ui.home.setRooms(rooms, status),
      params.password,
    );
    this.ui = new ScreenView(overlay, this);
  }

  get playerName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name.trim() || this.name;
    localStorage.setItem(NAME_KEY, this.name);
  }

  setPref(p: RolePreference): void {
    this.pref = p;
    this.session?.pref(p);
  }

  /** Starts on the home screen, or straight into what the address asks for. */
  start(): void {
    if (this.params.sandbox) {
      void this.startSandbox();
      return;
    }
    this.show();
    if (this.params.intent) this.dispatch({ type: 'start', intent: this.params.intent });
    else this.listing.start();
  }

  dispatch(e: ScreenEvent): void {
    const before = this.screen;
    this.screen = nextScreen(this.screen, e);
    if (this.screen === before) return;
    this.enter(before);
  }

  go(intent: JoinIntent): void {
    this.dispatch({ type: 'start', intent });
  }

  private enter(before: Screen): void {
    const s = this.screen;
    if (s.name === 'home') {
      void this.dropSession();
      this.listing.start();
    } else {
      this.listing.stop();
    }
    if (s.name === 'connecting' && (before.name !== 'connecting' || s.attempt !== before.attempt)) {
      void this.connect(s.intent, s.attempt);
    }
    if (s.name === 'match' && before.name !== 'reconnecting') void this.openMatch();
    if (s.name !== 'match' && s.name !== 'reconnecting') this.closeMatch();
    if (s.name === 'error') void this.dropSession();
    this.show();
  }

  private show(): void {
    this.ui.show(this.screen, this.session);
  }

  private async connect(intent: JoinIntent, attempt: number): Promise<void> {
    const token = ++this.joinToken;
    if (attempt > 1) await new Promise((r) => setTimeout(r, retryDelay(attempt)));
    if (token !== this.joinToken || this.screen.name !== 'connecting') return;
    try {
      const room = await joinRoom(this.client, intent, {
        name: this.name,
        pref: this.pref,
        password: this.params.password,
        roomOptions: this.params.roomOptions,
      });
      if (token !== this.joinToken || this.screen.name !== 'connecting') {
        void room.leave(true);
        return;
      }
      this.session = new Session(room, intent.kind === 'spectate', {
        phase: (phase) => this.dispatch({ type: 'phase', phase }),
        change: () => this.ui.lobbyChanged(this.session),
        dropped: () => this.dispatch({ type: 'dropped' }),
        reconnected: (phase) => this.dispatch({ type: 'reconnected', phase }),
        closed: (f) =>
          this.dispatch({ type: 'closed', failure: f?.failure ?? null, detail: f?.detail ?? '' }),
        end: (summary: EndSummary) => this.ui.showEnd(summary, this.session),
        chat: (line) => this.view?.chat.receive(line),
        rejected: (_type, reason) => this.ui.toast(reason),
      });
      this.dispatch({ type: 'joined', phase: phaseOf(this.session.state) });
    } catch (e) {
      if (token !== this.joinToken) return;
      const c = classifyJoinError(e);
      this.dispatch({ type: 'failed', ...c });
    }
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
      this.match = new LiveMatch(session.room, map, session.spectator, this.controls);
      this.view = new MatchView(this.pixi, map, this.match, this.controls, this.ui.matchLayer, (t, team) =>
        session.chat(t, team),
      );
      this.pixi.ticker.start();
    } catch (e) {
      this.overlay.replaceChildren(
        errorScreen('error', `Could not load the map: ${(e as Error).message}`, null, () => this.home()),
      );
    }
  }

  private closeMatch(): void {
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
  }
}
