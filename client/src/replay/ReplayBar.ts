/**
 * The replay viewer's controls bar: play/pause (Space or K), a seek bar with
 * the match's moments marked (hover for what happened, click to jump), the
 * time and length, speeds 0.25×–4×, frame step (, and .), Download, Play
 * from here (with the role to take) and Back. It drives a
 * {@link RecordingSource}; the match view draws it.
 */
import { ESCORT_ROLES, ROLE_NAMES } from '../../../shared/roles.js';
import { clockText, endReasonText, winnerText } from '../contract/feedText.js';
import { h, setText } from '../ui/dom.js';
import type { Moment } from './Recording.js';
import { type RecordingSource, SPEEDS } from './RecordingSource.js';

export interface ReplayBarActions {
  /** Where Download points: the server's file, or a Blob URL of a dropped file's bytes. */
  download: { href: string; name: string };
  /** Start a private match from the playhead, taking `role` ('hunter' or an escort). */
  playFrom(role: string, tick: number): void;
  back(): void;
}

const MOMENT_MARK: Record<Moment['kind'], string> = {
  act: '◆',
  down: '▼',
  alarm: '!',
  terminate: '✖',
  steel: '▲',
  end: '■',
};

/** The keys of the viewer (none of them a match key): play/pause, frame back, frame forward. */
export const REPLAY_KEYS = { play: ['Space', 'KeyK'], back: ['Comma'], forward: ['Period'] } as const;

export class ReplayBar {
  readonly el: HTMLElement;
  private readonly playBtn: HTMLButtonElement;
  private readonly time: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly seekEl: HTMLElement;
  private readonly speeds: HTMLButtonElement[];
  private readonly status: HTMLElement;
  /** The status line shows the match's result (the end reached). */
  private resultShown = false;
  private readonly fromBtn: HTMLButtonElement;
  private shown = '';

  constructor(
    private readonly source: RecordingSource,
    act: ReplayBarActions,
  ) {
    const r = source.recording;
    this.playBtn = h('button', {
      id: 'replay-play',
      class: 'replay-play',
      title: 'Play / pause (Space, K)',
      onclick: () => this.toggle(),
    });
    this.time = h('span', { id: 'replay-time', class: 'replay-time' });
    this.fill = h('div', { class: 'replay-fill' });
    const span = Math.max(1, r.lastTick - r.firstTick);
    const marks = r.moments.map((m) =>
      h(
        'button',
        {
          class: `replay-mark ${m.kind}`,
          'data-kind': m.kind,
          'data-tick': m.tick,
          title: `${clockText(m.tick / r.tickHz)} — ${m.title}`,
          'aria-label': m.title,
          style: `left:${(((m.tick - r.firstTick) / span) * 100).toFixed(3)}%`,
          onclick: (e: Event) => {
            e.stopPropagation();
            source.seek(m.tick);
            this.update();
          },
        },
        MOMENT_MARK[m.kind],
      ),
    );
    this.seekEl = h(
      'div',
      {
        id: 'replay-seek',
        class: 'replay-seek',
        role: 'slider',
        'aria-label': 'Seek',
        onclick: (e: Event) => this.seekAt((e as MouseEvent).clientX),
      },
      this.fill,
      ...marks,
    );
    this.speeds = SPEEDS.map((s) =>
      h(
        'button',
        {
          class: 'replay-speed',
          'data-speed': s,
          onclick: () => {
            source.setSpeed(s);
            this.update();
          },
        },
        `${s}×`,
      ),
    );
    const role = h(
      'select',
      { id: 'replay-role', 'aria-label': 'Role to take' },
      h('option', { value: 'hunter' }, ROLE_NAMES.t1000),
      ...ESCORT_ROLES.map((r) => h('option', { value: r }, ROLE_NAMES[r])),
    );
    this.fromBtn = h(
      'button',
      {
        id: 'replay-from',
        class: 'primary',
        title: 'A new private match from this moment, bots in the other seats',
        onclick: () => {
          source.pause();
          act.playFrom(role.value, Math.floor(source.tick));
        },
      },
      'Play from here',
    );
    this.status = h('span', { id: 'replay-status', class: 'muted', role: 'status' });
    this.el = h(
      'div',
      { id: 'replay-bar', class: 'replay-bar' },
      h(
        'div',
        { class: 'replay-row' },
        this.playBtn,
        h(
          'button',
          { id: 'replay-back-frame', title: 'Frame back (,)', onclick: () => this.stepBy(-1) },
          '‹ frame',
        ),
        h(
          'button',
          { id: 'replay-next-frame', title: 'Frame forward (.)', onclick: () => this.stepBy(1) },
          'frame ›',
        ),
        this.time,
        this.seekEl,
      ),
      h(
        'div',
        { class: 'replay-row' },
        h('span', { class: 'muted' }, 'Speed'),
        ...this.speeds,
        h(
          'a',
          { id: 'replay-download', class: 'button', href: act.download.href, download: act.download.name },
          'Download',
        ),
        role,
        this.fromBtn,
        this.status,
        h('button', { id: 'replay-exit', onclick: () => act.back() }, 'Back'),
      ),
    );
    window.addEventListener('keydown', this.onKey, true);
    this.update();
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (!this.el.isConnected || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (
      t &&
      (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
    )
      return;
    const code = e.code;
    if ((REPLAY_KEYS.play as readonly string[]).includes(code)) this.toggle();
    else if ((REPLAY_KEYS.back as readonly string[]).includes(code)) this.stepBy(-1);
    else if ((REPLAY_KEYS.forward as readonly string[]).includes(code)) this.stepBy(1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  private toggle(): void {
    this.source.toggle();
    this.update();
  }

  private stepBy(dir: 1 | -1): void {
    this.source.step(dir);
    this.update();
  }

  /** Seek to where the bar was clicked (`clientX`, CSS px). */
  seekAt(clientX: number): void {
    const box = this.seekEl.getBoundingClientRect();
    const r = this.source.recording;
    const f = box.width > 0 ? Math.max(0, Math.min(1, (clientX - box.left) / box.width)) : 0;
    this.source.seek(r.firstTick + f * (r.lastTick - r.firstTick));
    this.update();
  }

  /** Says something under the bar (an upload or a join failing, say). */
  say(text: string): void {
    setText(this.status, text);
  }

  set busy(on: boolean) {
    this.fromBtn.disabled = on;
  }

  /** The bar as the playhead is now (called each frame; writes the DOM only on a change). */
  update(): void {
    const s = this.source;
    const r = s.recording;
    const span = Math.max(1, r.lastTick - r.firstTick);
    const pct = ((s.tick - r.firstTick) / span) * 100;
    const key = `${s.playing}|${s.speed}|${Math.floor(s.time)}|${pct.toFixed(1)}|${r.lastTick}`;
    if (key === this.shown) return;
    this.shown = key;
    // Drawn by CSS (style.css .replay-play), not a ▶ or ❚❚ glyph that a system without a symbol font shows as nothing.
    this.playBtn.dataset.state = s.playing ? 'playing' : 'paused';
    this.playBtn.setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
    setText(this.time, `${clockText(s.time)} / ${clockText(r.lastTick / r.tickHz)}`);
    this.fill.style.width = `${Math.max(0, Math.min(100, pct)).toFixed(2)}%`;
    for (const b of this.speeds) b.classList.toggle('on', Number(b.dataset.speed) === s.speed);
    // At the recording's last frame, who won and how (gone again once it is sought back).
    const res = r.end?.result;
    const atEnd = !!res && s.tick >= r.lastTick;
    if (atEnd && res) this.say(`${winnerText(res.winner)}. ${endReasonText(res.reason)}`);
    else if (this.resultShown) this.say('');
    this.resultShown = atEnd;
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey, true);
    this.el.remove();
  }
}
