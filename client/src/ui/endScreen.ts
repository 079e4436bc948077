import type { EndSummary } from '../../../shared/protocol.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { clockText, endReasonText, winnerText } from '../contract/feedText.js';
import { h } from './dom.js';

/** The stats columns, in order, with their headings and how to show a value. */
const COLUMNS: readonly [string, string, (v: number) => string][] = [
  ['distance', 'Distance', (v) => `${Math.round(v)} t`],
  ['hitsDealt', 'Hits', (v) => String(v)],
  ['hitsTaken', 'Taken', (v) => String(v)],
  ['downs', 'Downs', (v) => String(v)],
  ['revives', 'Revives', (v) => String(v)],
  ['objectives', 'Objectives', (v) => String(v)],
  ['timeDisguised', 'Disguised', (v) => clockText(v)],
  ['timeLiquid', 'Liquid', (v) => clockText(v)],
];

/** Which side the player was on, for "you won" / "you lost". */
export type Side = 'hunter' | 'escort' | null;

/**
 * The end screen: who won and why, each player's stats, and the ways on:
 * back to this room's lobby with the same group (`lobby`, for players; the
 * whole room goes back when one asks), quick play with strangers, or home.
 */
export function endScreen(
  end: EndSummary,
  side: Side,
  you: string,
  back: () => void,
  again: () => void,
  lobby?: () => void,
  /**
   * What became of the room, said above the buttons: `lobby`, it is back in
   * its lobby (someone else chose it); `closed`, it has closed.
   */
  room: 'lobby' | 'closed' | null = null,
): HTMLElement {
  const won = side === null || end.winner === 'none' ? null : side === end.winner;
  const headline = winnerText(end.winner).toUpperCase();
  return h(
    'div',
    { class: 'screen', id: 'end' },
    h(
      'div',
      { class: 'card' },
      h('p', { class: 'muted', style: 'margin:0' }, won === null ? 'Match over' : won ? 'Victory' : 'Defeat'),
      h('h1', { class: `banner ${end.winner}`, id: 'result' }, headline),
      h('p', { class: 'subtitle' }, endReasonText(end.reason), ` · after ${clockText(end.time)}`),
      end.noFate
        ? h(
            'p',
            null,
            h('span', { class: 'tag good' }, 'NO FATE'),
            ' The T-800 lowered itself into the steel.',
          )
        : null,
      h('h2', null, 'Players'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'list', id: 'stats' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Player'),
              h('th', null, 'Role'),
              ...COLUMNS.map(([, title]) => h('th', null, title)),
            ),
          ),
          h(
            'tbody',
            null,
            end.players.map((p) =>
              h(
                'tr',
                null,
                h(
                  'td',
                  null,
                  h('strong', null, p.name),
                  p.bot && !/bot/i.test(p.name) ? h('span', { class: 'tag' }, 'bot') : null,
                  p.name === you ? h('span', { class: 'muted' }, ' (you)') : null,
                ),
                h('td', null, ROLE_NAMES[p.role as Role] ?? p.role),
                ...COLUMNS.map(([key, , fmt]) => h('td', null, fmt(Number(p.stats[key] ?? 0)))),
              ),
            ),
          ),
        ),
      ),
      h('p', { class: 'muted' }, `Map ${end.map} · seed ${end.seed}`),
      room === 'lobby' && lobby
        ? h(
            'p',
            { id: 'end-lobby-note' },
            'The room is back in its lobby: join the others there when you are ready.',
          )
        : null,
      room === 'closed'
        ? h(
            'p',
            { id: 'end-closed-note', class: 'muted' },
            'This room has closed: start a new match, or go home and make one for your friends.',
          )
        : null,
      h(
        'div',
        { class: 'row', style: 'margin-top:16px' },
        lobby ? h('button', { class: 'primary', id: 'to-lobby', onclick: lobby }, 'BACK TO THE LOBBY') : null,
        // Beside "Back to the lobby" (the same people), say that this one is strangers: friends took it for a rematch.
        h(
          'button',
          {
            class: lobby ? '' : 'primary',
            id: 'again',
            onclick: again,
            title: 'A new match with other players (quick play)',
          },
          lobby ? 'New quick play' : 'PLAY AGAIN',
        ),
        h('button', { id: 'home-button', onclick: back }, 'Back to home'),
        end.replay
          ? h(
              'a',
              { class: 'button', id: 'watch-replay', href: `?replay=${encodeURIComponent(end.replay)}` },
              'Watch the replay',
            )
          : null,
      ),
    ),
  );
}
