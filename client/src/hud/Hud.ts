import type { GameMap } from '../../../shared/map/types.js';
import { type PlayerRole, ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { ROLE_COLORS } from '../../../shared/sim/names.js';
import type { TeamObjective } from '../../../shared/sim/objective.js';
import { BLADE, DOWNED, LIQUID, MIMIC, PISTOL, SHOTGUN, SPRINT } from '../../../shared/tuning.js';
import { clockText } from '../contract/feedText.js';
import type { FeedLine, MatchFrame, SelfStatus } from '../contract/frame.js';
import { keyFor } from '../input/keymap.js';
import { legibleOn } from '../render/colorVision.js';
import { COLORS, css, displayColor } from '../render/palette.js';
import { h, setText } from '../ui/dom.js';
import { type Briefing, briefingFor } from './briefing.js';
import type { ArrowPlace } from './edgeArrow.js';
import { FEED_LIFE, FeedFolder, foldedText } from './feedFold.js';
import { Minimap } from './Minimap.js';
import {
  ACT_TITLES,
  distanceSuffix,
  guideHint,
  type ObjectiveLine,
  objectiveLines,
  progressText,
  WAITING_TEXT,
} from './objectives.js';

/** Seconds the briefing stays up unless dismissed. */
export const BRIEFING_SECONDS = 20;
/** Keys that dismiss the briefing and only that (they do not reach the game while it is open); Escape closes it too. */
const DISMISS = new Set(['Space', 'Enter', 'NumpadEnter']);

/** The guidance as the HUD shows it: the objective, and the arrow when it is off-screen. */
export interface GuideView {
  objective: TeamObjective;
  role: PlayerRole;
  arrow: ArrowPlace;
  /** Straight-line tiles from the own character. */
  distance: number;
  /** The edge arrow's label (guideLabel: name and distance), as the arrow was placed for it. */
  label: string;
}

/** One ability slot: a name, a key, and a cooldown sweep. */
class Slot {
  readonly el: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly note: HTMLElement;
  constructor(id: string, key: string, label: string) {
    this.fill = h('div', { class: 'slot-fill' });
    this.note = h('div', { class: 'slot-note' });
    this.el = h(
      'div',
      { class: 'slot', id: `slot-${id}` },
      this.fill,
      h('kbd', null, key),
      h('div', { class: 'slot-label' }, label),
      this.note,
    );
  }
  /** `ready` 0–1 (1 = ready), a note (ammo, seconds), whether it is active now. */
  set(ready: number, note: string, active = false, hidden = false): void {
    this.el.style.display = hidden ? 'none' : '';
    this.fill.style.transform = `scaleY(${1 - Math.max(0, Math.min(1, ready))})`;
    this.el.classList.toggle('ready', ready >= 1);
    this.el.classList.toggle('active', active);
    setText(this.note, note);
  }
}

/** The briefing card's background (hud.css, .hud-briefing), which the role's name must read on. */
export const BRIEFING_BACKGROUND = 0x080a0f;

/** The briefing card: role, side, goal, keys, and how to close it. */
function briefingCard(b: Briefing): HTMLElement {
  return h(
    'div',
    {
      class: 'hud-briefing',
      id: 'briefing',
      'data-role': b.role,
      style: `--role: ${css(legibleOn(displayColor(ROLE_COLORS[b.role]), BRIEFING_BACKGROUND))}`,
    },
    h('div', { class: 'briefing-you' }, 'YOU ARE'),
    h('div', { class: 'briefing-name' }, b.name),
    h('div', { class: 'briefing-side' }, b.side),
    h('p', { class: 'briefing-goal' }, b.goal),
    b.progress ? h('p', { class: 'briefing-now', id: 'briefing-now' }, b.progress) : null,
    h(
      'table',
      { class: 'briefing-keys' },
      h(
        'tbody',
        null,
        ...b.keys.map((k) => h('tr', null, h('td', null, h('kbd', null, k.keys)), h('td', null, k.what))),
      ),
    ),
    h('div', { class: 'briefing-go' }, 'Press ', h('kbd', null, 'Space'), ' to play'),
  );
}

const secs = (v: number) => (v > 0 ? `${v.toFixed(v < 10 ? 1 : 0)} s` : '');

/**
 * The heads-up display, in DOM over the canvas: the own role and health,
 * ability cooldowns, sprint and ammo, the act and its objectives, the
 * Judgment Day clock, the minimap and the event feed.
 */
export class Hud {
  readonly el: HTMLElement;
  readonly minimap: Minimap;
  private readonly role = h('div', { class: 'hud-role', id: 'hud-role' });
  private readonly health = h('div', { class: 'hud-health', id: 'hud-health' });
  private readonly status = h('div', { class: 'hud-status', id: 'hud-status' });
  private readonly clock = h('div', { class: 'hud-clock', id: 'hud-clock' });
  private readonly act = h('div', { class: 'hud-act', id: 'hud-act' });
  private readonly objectives = h('ul', { class: 'hud-objectives', id: 'hud-objectives' });
  private readonly feed = h('div', { class: 'hud-feed', id: 'hud-feed' });
  private readonly channel = h('div', { class: 'hud-channel' });
  private readonly channelFill = h('div', { class: 'hud-channel-fill' });
  private readonly alarm = h('div', { class: 'hud-alarm' });
  private readonly spectatorNote = h('div', { class: 'hud-spectator', id: 'hud-spectator' });
  private readonly primary = new Slot('primary', 'click', 'Strike');
  private readonly interact = new Slot('interact', keyFor('interact'), 'Interact');
  private readonly special = new Slot('special', keyFor('liquid'), 'Liquid');
  private readonly sprint = new Slot('sprint', keyFor('sprint'), 'Sprint');
  private readonly roleCard: HTMLElement;
  private readonly guideLine = h('div', { class: 'hud-guide', id: 'hud-guide' });
  private readonly waiting = h('div', { class: 'hud-waiting', id: 'hud-waiting' }, WAITING_TEXT);
  private readonly arrow = h('div', { class: 'guide-arrow', id: 'guide-arrow' });
  private readonly arrowHead = h('div', { class: 'guide-arrow-head' });
  private readonly arrowText = h('div', { class: 'guide-arrow-text' });
  private readonly folder = new FeedFolder();
  private readonly feedEls = new Map<number, HTMLElement>();
  private briefing: HTMLElement | null = null;
  private briefingAt = 0;
  private lastRole: PlayerRole | null = null;
  private lastAct: 1 | 2 | 3 = 1;
  /** The act's objectives as last shown (the briefing opened again says what is done). */
  private lastLines: readonly ObjectiveLine[] = [];
  private lastObjectives = '';
  private lastGuide = '';
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly map: GameMap) {
    this.minimap = new Minimap(map);
    this.channel.append(this.channelFill, h('span'));
    this.roleCard = h('div', { class: 'hud-card hud-tl' }, this.role, this.health, this.status);
    this.el = h(
      'div',
      { class: 'hud', id: 'hud' },
      this.alarm,
      this.roleCard,
      h(
        'div',
        { class: 'hud-top' },
        h('div', { class: 'hud-clock-label' }, 'JUDGMENT DAY'),
        this.clock,
        this.act,
        this.waiting,
      ),
      h('div', { class: 'hud-card hud-tr' }, this.minimap.el, this.objectives, this.guideLine),
      this.arrow,
      this.feed,
      h(
        'div',
        { class: 'hud-bottom' },
        this.channel,
        h('div', { class: 'hud-slots' }, this.primary.el, this.interact.el, this.special.el, this.sprint.el),
      ),
      this.spectatorNote,
    );
    this.arrow.append(this.arrowHead, this.arrowText);
    this.arrow.style.display = 'none';
    this.waiting.style.display = 'none';
    this.guideLine.style.display = 'none';
    this.el.style.setProperty('--guide', css(COLORS.guide));
    window.addEventListener('keydown', this.briefingKey, true);
  }

  /**
   * Adds event lines to the feed, newest last: the same line again within a
   * few seconds folds into the one shown, with a count ("×7"); lines fade
   * out (CSS) and leave {@link FEED_LIFE} s after they last happened.
   */
  pushFeed(lines: readonly FeedLine[], now = performance.now() / 1000): void {
    let changed = false;
    for (const l of lines) {
      const f = this.folder.push(l, now);
      let el = this.feedEls.get(f.id);
      if (!el) {
        el = h('div', { class: `feed-line ${l.tone}` });
        this.feedEls.set(f.id, el);
      } else {
        // Start the fade again: the line is news again.
        el.style.animation = 'none';
        void el.offsetWidth;
        el.style.animation = '';
      }
      el.dataset.count = String(f.count);
      setText(el, foldedText(f));
      changed = true;
    }
    const before = this.folder.shown.length;
    this.folder.expire(now);
    if (changed || this.folder.shown.length !== before) this.drawFeed();
  }

  private drawFeed(): void {
    const shown = this.folder.shown;
    const keep = new Set(shown.map((l) => l.id));
    for (const [id, el] of this.feedEls) {
      if (!keep.has(id)) {
        el.remove();
        this.feedEls.delete(id);
      }
    }
    const els = shown.map((l) => this.feedEls.get(l.id) as HTMLElement);
    const same =
      els.length === this.feed.childElementCount && els.every((el, i) => this.feed.children[i] === el);
    if (!same) this.feed.replaceChildren(...els);
  }

  /**
   * Shows the role briefing: who you are, your goal in this act, your keys
   * (as bound now). Without arguments, for the role and act last seen (the
   * match menu's "briefing" calls it so). Space or Enter dismisses it without
   * firing or opening the chat; Escape closes it and opens the match menu as
   * usual; it also goes by itself after {@link BRIEFING_SECONDS}.
   * Returns whether it is shown (a spectator has none).
   */
  showBriefing(
    role: PlayerRole | null = this.lastRole,
    act: 1 | 2 | 3 = this.lastAct,
    lines: readonly ObjectiveLine[] = this.lastLines,
  ): boolean {
    if (!role) return false;
    this.hideBriefing();
    const progress = role === 't1000' ? null : progressText(lines);
    this.briefing = briefingCard({ ...briefingFor(role, act), progress });
    this.briefingAt = performance.now() / 1000;
    this.el.append(this.briefing);
    return true;
  }

  /** Hides the briefing if it is up. */
  hideBriefing(): void {
    this.briefing?.remove();
    this.briefing = null;
  }

  get briefingOpen(): boolean {
    return this.briefing !== null;
  }

  private readonly briefingKey = (e: KeyboardEvent): void => {
    if (!this.briefing) return;
    // Keys aimed at a field or a dialog (the settings panel rebinding a key) are theirs.
    const t = e.target as Node | null;
    const onPage =
      t === null || t === document.body || t === document.documentElement || t instanceof HTMLCanvasElement;
    if (!onPage) return;
    if (e.code === 'Escape') {
      // Escape closes the briefing and goes on to the match menu, which it opens as ever.
      this.hideBriefing();
      return;
    }
    if (!DISMISS.has(e.code)) return;
    // Captured before the game's own key handler: the key that closes the briefing does nothing else.
    e.preventDefault();
    e.stopImmediatePropagation();
    this.hideBriefing();
  };

  /** Shows the guidance (the objective line, the waiting banner, the edge arrow), or none. */
  setGuide(g: GuideView | null): void {
    this.minimap.objective = g ? { x: g.objective.x, y: g.objective.y } : null;
    this.waiting.style.display = g?.objective.waitingOnYou ? '' : 'none';
    if (!g) {
      this.arrow.style.display = 'none';
      this.guideLine.style.display = 'none';
      return;
    }
    const a = g.arrow;
    this.arrow.style.display = a.onScreen ? 'none' : '';
    if (!a.onScreen) {
      this.arrow.style.transform = `translate(${a.x.toFixed(1)}px, ${a.y.toFixed(1)}px)`;
      this.arrowHead.style.transform = `rotate(${a.angle.toFixed(4)}rad)`;
      this.arrow.dataset.angle = a.angle.toFixed(4);
      setText(this.arrowText, g.label);
    }
    const key = `${g.objective.kind}${g.objective.index}${g.objective.behind}${g.role}${Math.round(g.distance)}`;
    if (key !== this.lastGuide) {
      this.lastGuide = key;
      this.guideLine.style.display = '';
      this.guideLine.dataset.kind = g.objective.kind;
      setText(this.guideLine, `▶ ${guideHint(g.objective, g.role, this.map)}${distanceSuffix(g.distance)}`);
    }
  }

  /** Removes the HUD's window listener (the element itself is removed by its owner). */
  destroy(): void {
    window.removeEventListener('keydown', this.briefingKey, true);
    this.hideBriefing();
  }

  /** Updates the HUD; the text parts at most 10 times a second. */
  update(
    frame: MatchFrame,
    view: { x: number; y: number; w: number; h: number },
    now: number,
    following: string,
  ): void {
    this.pushFeed(frame.feed, now);
    this.minimap.update(frame, view, now);
    if (frame.self) this.lastRole = frame.self.role;
    this.lastAct = frame.act;
    if (this.briefing && now - this.briefingAt > BRIEFING_SECONDS) this.hideBriefing();
    this.alarm.classList.toggle('on', frame.alarmLeft > 0);
    if (now - this.last < 0.1) return;
    this.last = now;
    setText(this.clock, clockText(frame.clockLeft));
    this.clock.classList.toggle('urgent', frame.clockLeft <= 60);
    setText(this.act, ACT_TITLES[frame.act]);
    const lines = objectiveLines(frame.act, frame.objectives, frame.viewer);
    this.lastLines = lines;
    const key = lines.map((l) => `${l.done}${l.text}`).join('|');
    if (key !== this.lastObjectives) {
      this.lastObjectives = key;
      this.objectives.replaceChildren(...lines.map((l) => h('li', { class: l.done ? 'done' : '' }, l.text)));
    }
    const spectating = frame.viewer === 'spectator';
    this.spectatorNote.style.display = spectating ? '' : 'none';
    if (spectating)
      setText(
        this.spectatorNote,
        `SPECTATING · ${following} · F next player · C free camera · V view · M whole map · H help`,
      );
    this.roleCard.style.display = frame.self ? '' : 'none';
    this.el.querySelector<HTMLElement>('.hud-bottom')!.style.display = frame.self ? '' : 'none';
    if (frame.self) this.updateSelf(frame.self);
  }

  private updateSelf(s: SelfStatus): void {
    const disguise = s.mimicRole ? ` · disguised as ${s.mimicName || ROLE_NAMES[s.mimicRole as Role]}` : '';
    setText(this.role, `${ROLE_NAMES[s.role]}${disguise}`);
    this.role.dataset.role = s.role;
    if (s.role === 't1000') {
      setText(this.health, s.liquid ? 'LIQUID' : 'SOLID');
    } else {
      const left = Math.max(0, s.hitsToDown - s.hits);
      setText(this.health, `${'■'.repeat(left)}${'□'.repeat(s.hitsToDown - left)}`);
    }
    const notes: string[] = [];
    if (s.life === 'downed')
      notes.push(`DOWN — bleeding out in ${Math.ceil(DOWNED.bleedOut - s.downedFor)} s`);
    else if (s.life === 'injured') notes.push('injured');
    if (s.stun > 0) notes.push('stunned');
    if (s.slow > 0) notes.push('held by police');
    setText(this.status, notes.join(' · '));
    this.status.classList.toggle('bad', s.life === 'downed');

    const hunter = s.role === 't1000';
    const gun = s.role === 't800' ? SHOTGUN : s.role === 'sarah' ? PISTOL : null;
    const cd = hunter ? BLADE.cooldown : (gun?.cooldown ?? 1);
    const primaryLabel = hunter
      ? 'Blade'
      : s.role === 't800'
        ? 'Shotgun'
        : s.role === 'sarah'
          ? 'Pistol'
          : '';
    this.primary.el.querySelector('.slot-label')!.textContent = primaryLabel;
    this.primary.set(
      1 - s.cooldown / cd,
      s.role === 't800' ? `${s.ammo} shells` : secs(s.cooldown),
      false,
      !hunter && !gun,
    );
    const interactLabel = hunter
      ? 'Mimic'
      : s.role === 'john'
        ? 'Hack'
        : s.role === 'dyson'
          ? 'Keycard'
          : 'Interact';
    this.interact.el.querySelector('.slot-label')!.textContent = interactLabel;
    this.interact.set(
      hunter ? 1 - s.mimicCooldown / MIMIC.cooldown : 1,
      hunter ? (s.mimicLeft > 0 ? `${Math.ceil(s.mimicLeft)} s left` : secs(s.mimicCooldown)) : '',
      s.action !== '',
    );
    this.special.set(1 - s.morph / LIQUID.morph, s.liquid ? 'liquid' : '', s.liquid, !hunter);
    const sprinting = s.sprintLeft > 0;
    const rest = SPRINT.duration + SPRINT.recharge;
    this.sprint.set(
      sprinting ? 1 : 1 - s.sprintCooldown / rest,
      sprinting ? 'sprinting' : secs(s.sprintCooldown),
      sprinting,
      hunter,
    );
    this.channel.style.display = s.action !== '' ? '' : 'none';
    this.channelFill.style.transform = `scaleX(${s.actionProgress})`;
    setText(
      this.channel.lastElementChild as HTMLElement,
      s.action === '' ? '' : `${s.action}… ${Math.round(s.actionProgress * 100)} %`,
    );
  }
}
