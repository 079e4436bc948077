import type { GameMap } from '../../../shared/map/types.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { BLADE, DOWNED, LIQUID, MIMIC, PISTOL, SHOTGUN, SPRINT } from '../../../shared/tuning.js';
import { clockText } from '../contract/feedText.js';
import type { FeedLine, MatchFrame, SelfStatus } from '../contract/frame.js';
import { h, setText } from '../ui/dom.js';
import { Minimap } from './Minimap.js';
import { ACT_TITLES, objectiveLines } from './objectives.js';

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
  private readonly interact = new Slot('interact', 'E', 'Interact');
  private readonly special = new Slot('special', 'Q', 'Liquid');
  private readonly sprint = new Slot('sprint', 'Shift', 'Sprint');
  private readonly roleCard: HTMLElement;
  private lastObjectives = '';
  private last = Number.NEGATIVE_INFINITY;

  constructor(map: GameMap) {
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
      ),
      h('div', { class: 'hud-card hud-tr' }, this.minimap.el, this.objectives),
      this.feed,
      h(
        'div',
        { class: 'hud-bottom' },
        this.channel,
        h('div', { class: 'hud-slots' }, this.primary.el, this.interact.el, this.special.el, this.sprint.el),
      ),
      this.spectatorNote,
    );
  }

  /** Adds event lines to the feed (newest last; old ones fade out by CSS). */
  pushFeed(lines: readonly FeedLine[]): void {
    for (const l of lines) {
      const el = h('div', { class: `feed-line ${l.tone}` }, l.text);
      this.feed.append(el);
      setTimeout(() => el.remove(), 8000);
    }
    while (this.feed.childElementCount > 7) this.feed.firstElementChild?.remove();
  }

  /** Updates the HUD; the text parts at most 10 times a second. */
  update(
    frame: MatchFrame,
    view: { x: number; y: number; w: number; h: number },
    now: number,
    following: string,
  ): void {
    this.pushFeed(frame.feed);
    this.minimap.update(frame, view, now);
    this.alarm.classList.toggle('on', frame.alarmLeft > 0);
    if (now - this.last < 0.1) return;
    this.last = now;
    setText(this.clock, clockText(frame.clockLeft));
    this.clock.classList.toggle('urgent', frame.clockLeft <= 60);
    setText(this.act, ACT_TITLES[frame.act]);
    const lines = objectiveLines(frame.act, frame.objectives, frame.viewer);
    const key = lines.map((l) => `${l.done}${l.text}`).join('|');
    if (key !== this.lastObjectives) {
      this.lastObjectives = key;
      this.objectives.replaceChildren(...lines.map((l) => h('li', { class: l.done ? 'done' : '' }, l.text)));
    }
    const spectating = frame.viewer === 'spectator';
    this.spectatorNote.style.display = spectating ? '' : 'none';
    if (spectating)
      setText(this.spectatorNote, `SPECTATING · ${following} · F next player · C free camera · H help`);
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
