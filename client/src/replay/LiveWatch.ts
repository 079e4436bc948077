/**
 * Watching a match as it is played: the match's watch room sends its
 * recording once the spectator delay lets it out, and the recording plays
 * in the match view as a replay does, in live mode (a little behind the
 * newest frame received). The side views, roster, follow and whole map are
 * the spectator panel's. A match still in its lobby is waited for; at the
 * end the result is shown with its replay; a rematch in the same room goes
 * on with the new match. `?watch=MATCH` in the address (a room id or a
 * private match's code) comes back here after a reload.
 */
import type { Client } from '@colyseus/sdk';
import { type ChatLine, type WatchInfo, watchBehindSeconds } from '../../../shared/protocol.js';
import { ROLE_NAMES } from '../../../shared/roles.js';
import { endReasonText, winnerText } from '../contract/feedText.js';
import type { MatchView } from '../match/MatchView.js';
import { type Classified, classifyJoinError, FAILURE_TEXT } from '../net/failures.js';
import { loadMap } from '../net/mapLoader.js';
import { WatchFeed } from '../net/WatchFeed.js';
import { h, setText } from '../ui/dom.js';
import { Recording } from './Recording.js';
import { RecordingSource } from './RecordingSource.js';
import type { ReplayHost } from './ReplayViewer.js';

export interface LiveHost
  extends Pick<
    ReplayHost,
    'overlay' | 'matchLayer' | 'showMatchLayer' | 'openMenu' | 'closeView' | 'home' | 'address'
  > {
  client: Client;
  name(): string;
  password(): string | null;
  openView(
    map: Parameters<ReplayHost['openView']>[0],
    source: RecordingSource,
    chat: (text: string) => void,
  ): MatchView;
}

/** What the browser tests read (`window.__lm.app.live.probe()`). */
export interface LiveProbe {
  state: 'joining' | 'waiting' | 'watching' | 'ended' | 'error' | null;
  match: string;
  delay: number;
  replay: string;
  /** The playhead and the newest frame received (world ticks). */
  tick: number;
  lastTick: number;
  frames: number;
  /** Entities in the recording at the playhead (every one: a spectator is sent the truth). */
  entities: number;
  side: string | null;
  error: string | null;
}

/** Attempts to find the watch room of a match that moved (half a second apart). */
const MOVE_ATTEMPTS = 40;

export class LiveWatch {
  private feed: WatchFeed | null = null;
  private rec: Recording | null = null;
  private source: RecordingSource | null = null;
  private view: MatchView | null = null;
  private info: WatchInfo | null = null;
  private banner: HTMLElement | null = null;
  private state: LiveProbe['state'] = null;
  private error: string | null = null;
  private match = '';
  private token = 0;
  private endShown = false;

  constructor(private readonly host: LiveHost) {}

  /** Where Stop watching goes: home, or (an eliminated player) back to their own view. */
  private back: (() => void) | null = null;

  /** Watch `match` (a room id or a private code); `back` instead of home when the watching stops. */
  async start(match: string, back?: () => void, moving = 0): Promise<void> {
    this.stop();
    const token = ++this.token;
    this.back = back ?? null;
    this.match = match;
    this.state = 'joining';
    this.host.address(this.search(match));
    this.card('live-joining', 'Joining as a spectator…');
    try {
      const feed = await WatchFeed.join(
        this.host.client,
        match,
        { name: this.host.name(), password: this.host.password() },
        {
          watching: (info) => token === this.token && this.watching(info),
          records: (b) => token === this.token && this.records(b),
          chat: (line: ChatLine) => token === this.token && this.view?.chat.receive(line),
          // The match moved to another server (a deploy, a crash): watch it there, from where it goes on.
          moved: () => token === this.token && this.follow(match, back, 1),
          closed: (f) => {
            if (token !== this.token || this.state === 'ended') return;
            if (f) this.failWith(f);
            // Closed without a failure and without an end (the server let the match go): say it ended.
            else this.showEnd();
          },
        },
      );
      if (token !== this.token) {
        void feed.leave();
        return;
      }
      this.feed = feed;
      if (this.state === 'joining') {
        this.state = 'waiting';
        this.card('live-waiting', 'Waiting for the match to start…');
      }
    } catch (e) {
      if (token !== this.token) return;
      // A moved match takes a moment to be there again.
      if (moving > 0 && moving < MOVE_ATTEMPTS) return this.follow(match, back, moving + 1);
      this.failWith(classifyJoinError(e));
    }
  }

  /** Join the moved match's watch room again, half a second from now. */
  private follow(match: string, back: (() => void) | undefined, attempt: number): void {
    const token = this.token;
    this.card('live-joining', 'The match moved to another server: following it…');
    setTimeout(() => {
      if (token === this.token) void this.start(match, back, attempt);
    }, 500);
  }

  private search(match: string | null): string {
    const q = new URLSearchParams(location.search);
    q.delete('password');
    if (match === null) q.delete('watch');
    else q.set('watch', match);
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  /** A new recording begins (the match started, or a rematch did). */
  private watching(info: WatchInfo): void {
    this.closeView();
    this.info = info;
    this.rec = new Recording({ magic: false });
    this.endShown = false;
    this.state = 'waiting';
    // Behind a delay, the first seconds of a match that has begun show only once the delay lets them out.
    this.card(
      'live-waiting',
      info.delay > 0
        ? `The match is on. Spectators see it ${info.delay} s behind: it shows here once its first ${info.delay} s have passed.`
        : 'The match is starting…',
    );
  }

  private records(bytes: Uint8Array): void {
    const rec = this.rec;
    if (!rec) return;
    rec.append(bytes);
    if (!this.source && !this.opening && rec.header && rec.frameCount > 1) void this.open(rec);
  }

  private opening = false;

  private async open(rec: Recording): Promise<void> {
    const header = rec.header;
    if (!header) return;
    this.opening = true;
    const token = this.token;
    try {
      const map = await loadMap(header.map.file || header.map.name);
      if (token !== this.token || rec !== this.rec) return;
      const source = new RecordingSource(rec, map);
      source.liveBehind = watchBehindSeconds(this.info?.delay ?? 0);
      source.setLive(true);
      this.host.showMatchLayer();
      this.view = this.host.openView(map, source, (text) => this.feed?.chat(text));
      this.source = source;
      this.banner = h('div', { class: 'live-banner', id: 'live-banner' });
      this.host.matchLayer.append(this.banner);
      source.onFrame = () => this.frame();
      this.host.openMenu(() => this.leave());
      this.state = 'watching';
    } catch (e) {
      if (token === this.token) this.fail('Could not load the map', (e as Error).message);
    } finally {
      this.opening = false;
    }
  }

  /** After each frame drawn: the banner, and the end once the last frame has played. */
  private frame(): void {
    const s = this.source;
    const rec = this.rec;
    if (!s || !rec || !this.banner) return;
    const delay = this.info?.delay ?? 0;
    setText(
      this.banner,
      delay > 0
        ? `● Watching · ${delay} s behind the match (the spectator delay)`
        : '● Watching · a moment behind the match',
    );
    // The recording is complete: play it out to its last frame (live mode stays behind the newest).
    if (rec.finished && s.live) s.setLive(false);
    if (rec.finished && s.tick >= rec.lastTick && !this.endShown) this.showEnd();
  }

  private showEnd(): void {
    this.endShown = true;
    this.state = 'ended';
    const result = this.rec?.end?.result;
    const title = result ? winnerText(result.winner) : 'The match ended';
    const why = result ? endReasonText(result.reason) : '';
    const replay = this.info?.replay;
    this.host.overlay.replaceChildren(
      h(
        'div',
        { class: 'screen', id: 'live-ended' },
        h(
          'div',
          { class: 'card center', style: 'max-width:480px' },
          h('h1', {}, title),
          why ? h('p', { id: 'live-ended-reason' }, why) : null,
          // One unbreakable piece per player ("T-" and "800" were split over two lines).
          h(
            'p',
            { class: 'muted' },
            ...(this.rec?.players ?? []).flatMap((r, i) => [
              i > 0 ? ' · ' : '',
              h(
                'span',
                { style: 'white-space:nowrap' },
                r.bot ? `${ROLE_NAMES[r.role]} (bot)` : `${ROLE_NAMES[r.role]}: ${r.name}`,
              ),
            ]),
          ),
          h(
            'div',
            { class: 'row' },
            replay
              ? h(
                  'a',
                  {
                    class: 'button primary',
                    id: 'live-replay',
                    href: `?replay=${encodeURIComponent(replay)}`,
                  },
                  'Watch the replay',
                )
              : null,
            h('button', { id: 'live-home', onclick: () => this.leave() }, 'Home'),
          ),
        ),
      ),
    );
  }

  private card(id: string, text: string): void {
    this.host.overlay.replaceChildren(
      h(
        'div',
        { class: 'screen', id },
        h(
          'div',
          { class: 'card center' },
          h('div', { class: 'spinner' }),
          text,
          h('div', { class: 'row' }, h('button', { id: 'live-cancel', onclick: () => this.leave() }, 'Home')),
        ),
      ),
    );
  }

  /** A failure's title, and the server's word under it — or what to do, when the server only said the title again. */
  private failWith(c: Classified): void {
    const t = FAILURE_TEXT[c.failure];
    const plain = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    this.fail(t.title, plain(c.detail) === plain(t.title) ? t.hint : c.detail);
  }

  private fail(title: string, detail: string): void {
    this.stop();
    this.state = 'error';
    this.error = detail || title;
    this.host.overlay.replaceChildren(
      h(
        'div',
        { class: 'screen', id: 'error', 'data-failure': 'watch' },
        h(
          'div',
          { class: 'card', style: 'max-width:520px' },
          h('h1', { class: 'error-title' }, title),
          detail ? h('p', { id: 'error-detail' }, detail) : null,
          h('div', { class: 'row' }, h('button', { class: 'primary', onclick: () => this.leave() }, 'Home')),
        ),
      ),
    );
  }

  /** Stop watching: home (or back where the watching was started from). */
  leave(): void {
    const back = this.back;
    this.close();
    this.host.address(this.search(null));
    if (back) back();
    else this.host.home();
  }

  /** Stop watching, no screen change. */
  close(): void {
    this.stop();
    this.state = null;
    this.back = null;
  }

  private closeView(): void {
    this.banner?.remove();
    this.banner = null;
    if (this.source) this.source.onFrame = null;
    this.source = null;
    if (this.view) this.host.closeView();
    this.view = null;
  }

  /** Leave the watch room and close the view (no screen change). */
  stop(): void {
    this.token++;
    this.closeView();
    void this.feed?.leave();
    this.feed = null;
    this.rec = null;
    this.info = null;
  }

  get active(): boolean {
    return this.state !== null;
  }

  probe(): LiveProbe {
    return {
      state: this.state,
      match: this.match,
      delay: this.info?.delay ?? 0,
      replay: this.info?.replay ?? '',
      tick: this.source?.tick ?? 0,
      lastTick: this.rec?.lastTick ?? 0,
      frames: this.rec?.frameCount ?? 0,
      entities: this.source?.entitiesNow().length ?? 0,
      side: this.source?.side ?? null,
      error: this.error,
    };
  }
}
