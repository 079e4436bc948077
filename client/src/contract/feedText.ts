import type { EndReason, GameEventType, Winner } from '../../../shared/sim/types.js';
import type { FeedLine } from './frame.js';

/** Who did it and to whom, as the viewer knows them ('' when unseen or none). */
export interface EventNames {
  by: string;
  target: string;
}

const ACT_TEXT: Record<number, string> = {
  2: 'Act 2 — Cyberdyne: destroy the chip and wipe the files.',
  3: 'Act 3 — The steel mill: hold the extraction or drop the T-1000 in the steel.',
};

/** The name the own character goes by in the feed (the live match and the sandbox both use it). */
export const YOU = 'You';

/** "You were" / "Sarah was": the past of "to be" for a name. */
const was = (name: string) => `${name} ${name === YOU ? 'were' : 'was'}`;
/** "You are" / "Sarah is". */
const is = (name: string) => `${name} ${name === YOU ? 'are' : 'is'}`;
/** "your" / "their". */
const their = (name: string) => (name === YOU ? 'your' : 'their');

/**
 * The event feed's line for a game event, or null for events too small to
 * report (swings, shots, melts are seen on the map instead). The own
 * character is named {@link YOU}, and every phrasing agrees with it.
 */
export function feedLine(type: GameEventType, value: number, names: EventNames): FeedLine | null {
  const by = names.by || 'someone';
  const target = names.target || 'someone';
  switch (type) {
    case 'hit':
      return { text: `${was(target)} cut by the blade`, tone: 'bad' };
    case 'downed':
      return target === YOU
        ? { text: 'You are down — stay close to your team for a revive', tone: 'bad' }
        : { text: `${is(target)} down — revive them!`, tone: 'bad' };
    case 'revived':
      return { text: `${is(target)} back on ${their(target)} feet`, tone: 'good' };
    case 'eliminated':
      return { text: `${is(target)} out`, tone: 'bad' };
    case 'destroyed':
      return { text: `${target} fell into the molten steel`, tone: 'alarm' };
    case 'shot-hit':
      return { text: `${by} hit ${target === YOU ? 'you' : 'the T-1000'}`, tone: 'good' };
    case 'mimic':
      return { text: `You took the look of ${target}`, tone: 'info' };
    case 'unmask':
      return { text: 'The disguise is off', tone: 'info' };
    case 'door':
      return { text: 'A door opened', tone: 'info' };
    case 'alarm':
      return { text: 'ALARM — the police are converging', tone: 'alarm' };
    case 'act':
      return ACT_TEXT[value] ? { text: ACT_TEXT[value], tone: 'good' } : null;
    case 'objective':
      return { text: value < 0 ? 'The chip is destroyed' : `Terminal ${value + 1} wiped`, tone: 'good' };
    case 'crate':
      return { text: `${by} refilled shells`, tone: 'info' };
    case 'slowed':
      return { text: `${was(target)} grabbed by the police`, tone: 'info' };
    case 'end':
      return { text: 'The match is over', tone: 'alarm' };
    default:
      return null;
  }
}

/** Who holds a role in the roster: a person (with their name, and whether they are connected) or a bot. */
export interface Occupant {
  name: string;
  bot: boolean;
  connected: boolean;
}

/**
 * The feed's lines for what changed among the other players between two
 * looks at the roster (by role): a friend who left (a bot plays on), lost
 * the connection, came back or joined. The own seat is left out.
 */
export function rosterLines(
  before: ReadonlyMap<string, Occupant>,
  after: ReadonlyMap<string, Occupant>,
  roleName: (role: string) => string,
): FeedLine[] {
  const lines: FeedLine[] = [];
  for (const [role, now] of after) {
    const was = before.get(role);
    if (!was) continue;
    const character = roleName(role);
    if (!was.bot && now.bot) lines.push({ text: `${was.name} left: a bot plays ${character}`, tone: 'info' });
    else if (was.bot && !now.bot) lines.push({ text: `${now.name} joined as ${character}`, tone: 'info' });
    else if (!now.bot && was.name === now.name && was.connected !== now.connected)
      lines.push(
        now.connected
          ? { text: `${now.name} is back`, tone: 'good' }
          : { text: `${now.name} lost the connection`, tone: 'info' },
      );
  }
  return lines;
}

/** Whole seconds as m:ss. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A line for every way a match ends (the wire's `reason` is a plain string: an unknown one is shown as sent). */
const REASON_TEXT: Readonly<Record<EndReason, string>> = {
  terminated: 'The T-1000 terminated John Connor.',
  'bled-out': 'John Connor bled out.',
  'john-in-steel': 'John Connor fell into the molten steel.',
  'judgment-day': 'The clock ran out. Judgment Day came.',
  't1000-in-steel': 'The T-1000 fell into the molten steel.',
  extraction: 'John held the extraction point. The future is not set.',
  shutdown: 'The server shut down and no other server could take the match: it was called off.',
};

/** The same, in a few words (the replays list). */
const REASON_SHORT: Readonly<Record<EndReason, string>> = {
  terminated: 'John terminated',
  'bled-out': 'John bled out',
  'john-in-steel': 'John in the steel',
  'judgment-day': 'Judgment Day',
  't1000-in-steel': 'T-1000 in the steel',
  extraction: 'John extracted',
  shutdown: 'called off',
};

/** How a match ended, in a few words. */
export const endReasonShort = (reason: string): string =>
  (REASON_SHORT as Readonly<Record<string, string>>)[reason] ?? reason;

/** How a match ended, as a sentence: the end screen, a spectator's end, a replay's last moment. */
export const endReasonText = (reason: string): string =>
  (REASON_TEXT as Readonly<Record<string, string>>)[reason] ?? reason;

/** Who won, as a title, and in the past in a few words (the replays list); an unknown side as sent. */
const WINNER_TEXT: Readonly<Record<Winner, readonly [title: string, short: string]>> = {
  hunter: ['The T-1000 wins', 'T-1000 won'],
  escort: ['The escort wins', 'Escort won'],
  none: ['No winner', 'No winner'],
};

/** Who won, as a title. */
export const winnerText = (winner: string): string => WINNER_TEXT[winner as Winner]?.[0] ?? 'No winner';

/** Who won, in a few words. */
export const winnerShort = (winner: string): string => WINNER_TEXT[winner as Winner]?.[1] ?? winner;
