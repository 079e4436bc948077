import type { RosterRow, SpectatorSide } from '../contract/frame.js';
import { rosterState } from '../contract/roster.js';
import { h, setText } from '../ui/dom.js';

/** The side views in the order V cycles through them, with their names. */
export const SIDES: readonly { side: SpectatorSide; name: string }[] = [
  { side: 'all', name: 'All' },
  { side: 'escort', name: 'Escorts’ view' },
  { side: 'hunter', name: 'Hunter’s view' },
];

/** The side after `side` in {@link SIDES}. */
export const nextSide = (side: SpectatorSide): SpectatorSide =>
  SIDES[(SIDES.findIndex((s) => s.side === side) + 1) % SIDES.length].side;

/** What the panel asks of the match view. */
export interface SpectatorActions {
  side(side: SpectatorSide): void;
  overview(): void;
  follow(id: number): void;
}

/**
 * The spectators' panel: the side views (All, the escorts', the hunter's),
 * the whole-map overview, and the roster — each player's name, role, health
 * and state (the truth); a click on a row follows that player.
 */
export class SpectatorPanel {
  readonly el: HTMLElement;
  private readonly buttons = new Map<SpectatorSide, HTMLButtonElement>();
  private readonly overviewButton: HTMLButtonElement;
  private readonly rows = h('tbody');
  private rosterKey = '';

  constructor(private readonly actions: SpectatorActions) {
    const sides = SIDES.map(({ side, name }) => {
      const b = h(
        'button',
        { class: 'spec-side', 'data-side': side, onclick: () => actions.side(side) },
        name,
      );
      this.buttons.set(side, b);
      return b;
    });
    this.overviewButton = h(
      'button',
      { class: 'spec-overview', onclick: () => actions.overview() },
      'Whole map',
    );
    this.el = h(
      'div',
      { class: 'hud-card spec-panel', id: 'spectator-panel' },
      h('div', { class: 'spec-sides' }, sides, this.overviewButton),
      h(
        'table',
        { class: 'spec-roster' },
        h(
          'thead',
          null,
          h('tr', null, h('th', null, 'Player'), h('th', null, 'Character'), h('th', null, 'State')),
        ),
        this.rows,
      ),
    );
  }

  update(
    side: SpectatorSide,
    overview: boolean,
    roster: readonly RosterRow[],
    followed: number | null,
  ): void {
    for (const [s, b] of this.buttons) b.classList.toggle('on', s === side);
    this.overviewButton.classList.toggle('on', overview);
    const key = roster
      .map((r) => `${r.id}|${r.player}|${r.name}|${r.role}|${rosterState(r)}|${r.shown}|${r.id === followed}`)
      .join('/');
    if (key === this.rosterKey) return;
    this.rosterKey = key;
    this.rows.replaceChildren(
      ...roster.map((r) => {
        const row = h(
          'tr',
          {
            class: `spec-row${r.shown ? '' : ' unseen'}${r.id === followed ? ' followed' : ''}`,
            'data-role': r.role,
            'data-life': r.life,
            title: r.shown ? `Follow ${r.name}` : `Follow ${r.name} (not in this side’s sight)`,
            onclick: () => this.actions.follow(r.id),
          },
          h('td', null, r.player),
          h('td', null, r.name),
          h('td', { class: 'spec-state' }),
        );
        setText(row.querySelector('.spec-state') as HTMLElement, rosterState(r));
        return row;
      }),
    );
  }
}
