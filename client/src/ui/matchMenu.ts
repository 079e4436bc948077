import { actionOf } from '../input/keymap.js';
import { h } from './dom.js';
import { keyHelp } from './keyHelp.js';

/** What the in-match menu's entries do; a null entry is left out (no settings panel yet, say). */
export interface MatchMenuActions {
  /** Opens the settings panel. */
  settings: (() => void) | null;
  /** Shows the role briefing again. */
  briefing: (() => void) | null;
  /** Leaves the match for good (the character goes to a bot). */
  leave(): void;
  /** The menu opened or closed: while it is open the character is held still. */
  toggled(open: boolean): void;
  /** Label of the leave entry ("Leave the match", "Leave practice"). */
  leaveLabel?: string;
  /** Whether another dialog (the settings panel) is open and owns the keys, Escape included. */
  busy?: () => boolean;
  /** Whether the menu is over the player's own character (held still while it is open); not for watching. */
  player?: boolean;
  /** An entry shown only while `available()` (an eliminated player: watch the whole match). */
  watch?: { label: string; available(): boolean; run(): void };
}

/** Whether a key event is typed into a field (chat, the name box): the menu leaves those alone. */
function typing(e: Event): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/**
 * The in-match menu: Escape (or the small ☰ button) opens it over the match
 * with Resume, Settings, Help (the keys, and the role briefing again) and
 * Leave; Escape or Resume closes it. While it is open no key reaches the game
 * (the app also holds the character still), so a key pressed on a menu button
 * neither moves nor shoots.
 */
export class MatchMenu {
  readonly button: HTMLButtonElement;
  private panel: HTMLElement | null = null;
  private help = false;

  constructor(
    private readonly layer: HTMLElement,
    private readonly act: MatchMenuActions,
  ) {
    this.button = h(
      'button',
      {
        id: 'menu-button',
        title: 'Menu (Esc)',
        'aria-label': 'Menu',
        style: 'position:absolute;right:14px;bottom:14px;pointer-events:auto;padding:4px 10px;opacity:0.85',
        onclick: () => this.open(),
      },
      '☰ Esc',
    );
    layer.append(this.button);
    // Capture: the menu sees a key before the game's own listeners do.
    window.addEventListener('keydown', this.onKey, true);
  }

  get isOpen(): boolean {
    return this.panel !== null;
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (typing(e) || this.act.busy?.()) return;
    const target = e.target as Node | null;
    const onPage = target === document.body || target === document.documentElement || target === null;
    const inMenu = !!this.panel && !!target && this.panel.contains(target);
    const onCanvas = target instanceof HTMLCanvasElement;
    // Keys aimed at another dialog (a settings panel over the menu) are that dialog's.
    if (!onPage && !inMenu && !onCanvas) return;
    if (e.code === 'Escape' || e.key === 'Escape') {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (!e.repeat) this.toggle();
      return;
    }
    // While open, Tab goes round the menu's buttons (it walked out of the menu to the page).
    if (this.panel && e.key === 'Tab') {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.cycleFocus(e.shiftKey ? -1 : 1);
      return;
    }
    // While open, a game key goes nowhere (but Enter and Space still press the focused menu button).
    if (this.panel && actionOf(e.code)) e.stopImmediatePropagation();
  };

  /** Focus the next (or previous) button of the menu, round from the last to the first. */
  private cycleFocus(step: 1 | -1): void {
    const items = [...(this.panel?.querySelectorAll<HTMLElement>('button, a[href]') ?? [])];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length;
    items[next].focus();
  }

  toggle(): void {
    if (this.panel) this.close();
    else this.open();
  }

  open(): void {
    if (this.panel) return;
    this.help = false;
    this.panel = h('div', { class: 'overlay', id: 'match-menu', style: 'pointer-events:auto' });
    this.panel.addEventListener('click', (e) => {
      if (e.target === this.panel) this.close();
    });
    this.render();
    this.layer.append(this.panel);
    this.button.style.display = 'none';
    this.act.toggled(true);
    this.panel.querySelector<HTMLButtonElement>('#menu-resume')?.focus();
  }

  close(): void {
    if (!this.panel) return;
    this.panel.remove();
    this.panel = null;
    this.button.style.display = '';
    this.act.toggled(false);
  }

  private render(): void {
    const panel = this.panel;
    if (!panel) return;
    const item = (id: string, label: string, fn: () => void, primary = false) =>
      h('button', { id, class: primary ? 'primary' : null, style: 'width:100%', onclick: fn }, label);
    const entries = h(
      'div',
      { style: 'display:flex;flex-direction:column;gap:8px;min-width:240px' },
      item('menu-resume', 'Resume', () => this.close(), true),
      this.act.settings
        ? item('menu-settings', 'Settings', () => {
            this.close();
            this.act.settings?.();
          })
        : null,
      item('menu-help', this.help ? 'Hide help' : 'Help', () => {
        this.help = !this.help;
        this.render();
      }),
      this.act.watch?.available()
        ? item('menu-watch', this.act.watch.label, () => {
            this.close();
            this.act.watch?.run();
          })
        : null,
      item('menu-leave', this.act.leaveLabel ?? 'Leave the match', () => {
        this.close();
        this.act.leave();
      }),
    );
    const help = this.help
      ? h(
          'div',
          { id: 'menu-help-panel', style: 'margin-top:14px;max-height:55vh;overflow:auto' },
          this.act.briefing
            ? h(
                'p',
                null,
                h(
                  'button',
                  {
                    id: 'menu-briefing',
                    onclick: () => {
                      this.close();
                      this.act.briefing?.();
                    },
                  },
                  'Show my role briefing again',
                ),
              )
            : null,
          keyHelp(),
        )
      : null;
    panel.replaceChildren(
      h(
        'div',
        { class: 'card', style: 'max-width:640px' },
        h('h2', { style: 'margin-top:0' }, 'Menu'),
        entries,
        help,
        h(
          'p',
          { class: 'muted', style: 'margin-bottom:0' },
          this.act.player
            ? 'Esc closes the menu. The match goes on meanwhile; your character stands still.'
            : 'Esc closes the menu.',
        ),
      ),
    );
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey, true);
    this.close();
    this.button.remove();
  }
}
