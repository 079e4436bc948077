/**
 * The replays page and the replay viewer, outside the screens of a room:
 * `?replays` lists the server's replays, `?replay=ID` (or a dropped file)
 * plays one in the match view as a spectator sees a match (side views,
 * roster, follow, whole map) with the controls bar. Play from here creates
 * a private room from the playhead's moment through the app's normal join
 * and lobby flow. A file that does not read shows its one message.
 */
import type { GameMap } from '../../../shared/map/types.js';
import type { PlayFrom, RolePreference } from '../../../shared/protocol.js';
import { mapHash } from '../../../shared/replay/play.js';
import type { MatchSource, MatchView } from '../match/MatchView.js';
import { loadMap } from '../net/mapLoader.js';
import { h } from '../ui/dom.js';
import { fetchReplay, httpBase, listReplays, replayUrl, uploadReplay } from './api.js';
import { Recording } from './Recording.js';
import { RecordingSource } from './RecordingSource.js';
import { ReplayBar } from './ReplayBar.js';
import { onDroppedReplay, ReplaysPage } from './replaysPage.js';

/** What the viewer needs of the app (App implements it; the viewer never imports App). */
export interface ReplayHost {
  overlay: HTMLElement;
  matchLayer: HTMLElement;
  server: string | null;
  password(): string | null;
  /** The home screen is up (no room): a dropped file opens there. */
  atHome(): boolean;
  showMatchLayer(): void;
  openView(map: GameMap, source: MatchSource): MatchView;
  openMenu(leave: () => void): void;
  closeView(): void;
  home(): void;
  address(search: string): void;
  playFrom(from: PlayFrom, pref: RolePreference): void;
}

/** What is being watched: the recording, its bar, and where it came from. */
interface Watching {
  source: RecordingSource;
  bar: ReplayBar;
  view: MatchView;
  /** The server's id (null for a dropped file not uploaded yet). */
  id: string | null;
  bytes: Uint8Array;
  blobUrl: string | null;
}

/** What the browser tests read (`window.__lm.app.replays.probe()`). */
export interface ReplayProbe {
  page: 'list' | 'viewer' | 'loading' | 'error' | null;
  tick: number;
  time: number;
  playing: boolean;
  speed: number;
  firstTick: number;
  lastTick: number;
  frames: number;
  moments: number;
  side: string | null;
  error: string | null;
  listed: number;
}

export class ReplayViewer {
  private page: ReplaysPage | null = null;
  private watching: Watching | null = null;
  private token = 0;
  private state: ReplayProbe['page'] = null;
  private error: string | null = null;
  private listed = 0;

  constructor(private readonly host: ReplayHost) {
    // A replay file dropped on the home page or the replays page opens in the viewer.
    onDroppedReplay(
      () =>
        this.page !== null ||
        (this.state === null && host.atHome() && host.overlay.querySelector('#home') !== null),
      (bytes, name) => void this.open({ bytes, name }),
    );
  }

  private get base(): string {
    return httpBase(this.host.server);
  }

  private search(set: Record<string, string | null>): string {
    const q = new URLSearchParams(location.search);
    q.delete('password');
    for (const [k, v] of Object.entries(set)) {
      if (v === null) q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString().replace(/=(&|$)/g, '$1');
    return s ? `?${s}` : '';
  }

  /** The replays page: the server's recent replays. */
  showList(): void {
    this.close();
    this.state = 'list';
    this.host.address(this.search({ replay: null, replays: '' }));
    const page = new ReplaysPage({
      watch: (id) => void this.open({ id }),
      downloadUrl: (id) => replayUrl(this.base, id, true, this.host.password()),
      home: () => this.leave(),
    });
    this.page = page;
    document.body.dataset.screen = 'replays';
    this.host.overlay.replaceChildren(page.el);
    listReplays(this.base, this.host.password()).then(
      (list) => {
        this.listed = list.length;
        if (this.page === page) page.setList(list);
      },
      (e: Error) => this.page === page && page.setError(e.message),
    );
  }

  /** Back to the home page. */
  leave(): void {
    this.close();
    this.state = null;
    this.host.home();
  }

  /** Watch a replay: the server's by id, or a file's bytes. */
  async open(src: { id: string } | { bytes: Uint8Array; name: string }): Promise<void> {
    this.close();
    const token = ++this.token;
    this.state = 'loading';
    this.error = null;
    document.body.dataset.screen = 'replay';
    this.host.overlay.replaceChildren(
      h(
        'div',
        { class: 'screen', id: 'replay-loading' },
        h('div', { class: 'card center' }, h('div', { class: 'spinner' }), 'Loading the replay…'),
      ),
    );
    const id = 'id' in src ? src.id : null;
    this.host.address(this.search({ replays: null, replay: id }));
    try {
      const bytes = 'id' in src ? await fetchReplay(this.base, src.id, this.host.password()) : src.bytes;
      const rec = Recording.fromBytes(bytes);
      const header = rec.header;
      if (!header) throw new Error('the file has no header');
      const map = await loadMap(header.map.file || header.map.name);
      if (token !== this.token) return;
      const source = new RecordingSource(rec, map);
      this.host.showMatchLayer();
      const view = this.host.openView(map, source);
      const blobUrl = id === null ? URL.createObjectURL(new Blob([bytes as unknown as BlobPart])) : null;
      const name = 'name' in src ? src.name : `${id}.lmr`;
      const w: Watching = { source, view, id, bytes, blobUrl, bar: null as unknown as ReplayBar };
      w.bar = new ReplayBar(source, {
        download: {
          href: blobUrl ?? replayUrl(this.base, id ?? '', true, this.host.password()),
          name: name.endsWith('.lmr') ? name : `${name}.lmr`,
        },
        playFrom: (role, tick) => void this.playFrom(w, role, tick),
        back: () => this.showList(),
      });
      this.watching = w;
      this.host.matchLayer.append(w.bar.el);
      source.onFrame = () => w.bar.update();
      this.host.openMenu(() => this.showList());
      this.state = 'viewer';
      if (mapHash(map) !== header.map.hash)
        w.bar.say('Recorded on another version of this map: some walls may differ.');
      if (rec.damaged) w.bar.say(`The file stops early: ${rec.damaged}. It plays up to there.`);
    } catch (e) {
      if (token !== this.token) return;
      this.showError((e as Error)?.message ?? String(e));
    }
  }

  /** One clear message for a replay that cannot be played, and the ways back. */
  private showError(text: string): void {
    this.close();
    this.state = 'error';
    this.error = text;
    this.host.overlay.replaceChildren(
      h(
        'div',
        { class: 'screen', id: 'replay-failed' },
        h(
          'div',
          { class: 'card', style: 'max-width:560px' },
          h('h1', { class: 'error-title' }, 'This replay cannot be played'),
          h('p', { id: 'replay-failed-reason' }, text),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              { class: 'primary', id: 'replay-to-list', onclick: () => this.showList() },
              'Replays',
            ),
            h('button', { id: 'replay-to-home', onclick: () => this.leave() }, 'Home'),
          ),
        ),
      ),
    );
  }

  /** Play from here: a dropped file is stored on the server first, then the room is created from its moment. */
  private async playFrom(w: Watching, role: string, tick: number): Promise<void> {
    w.bar.busy = true;
    w.bar.say('Starting a match from this moment…');
    try {
      w.id ??= await uploadReplay(this.base, w.bytes, this.host.password());
    } catch (e) {
      w.bar.busy = false;
      w.bar.say(`Could not send the replay to the server: ${(e as Error).message}`);
      return;
    }
    const id = w.id;
    this.close();
    this.state = null;
    this.host.playFrom({ replay: id, tick }, role as RolePreference);
  }

  /** Closes the page or the viewer (the match view, its bar, a file's Blob URL). */
  close(): void {
    this.token++;
    this.page = null;
    const w = this.watching;
    this.watching = null;
    if (w) {
      w.bar.destroy();
      if (w.blobUrl) URL.revokeObjectURL(w.blobUrl);
      this.host.closeView();
    }
  }

  probe(): ReplayProbe {
    const s = this.watching?.source;
    const r = s?.recording;
    return {
      page: this.state,
      tick: s?.tick ?? 0,
      time: s?.time ?? 0,
      playing: s?.playing ?? false,
      speed: s?.speed ?? 1,
      firstTick: r?.firstTick ?? 0,
      lastTick: r?.lastTick ?? 0,
      frames: r?.frameCount ?? 0,
      moments: r?.moments.length ?? 0,
      side: s?.side ?? null,
      error: this.error,
      listed: this.listed,
    };
  }

  /** The source being watched (the benchmark seeks it directly). */
  get source(): RecordingSource | null {
    return this.watching?.source ?? null;
  }
}
