import { describe, expect, it } from 'vitest';
import {
  clockText,
  feedLine,
  type Occupant,
  rosterLines,
  YOU,
} from '../../../client/src/contract/feedText.js';
import { resultText } from '../../../client/src/replay/replaysPage.js';

describe('the event feed and the clock', () => {
  it('names who was downed and asks for a revive', () => {
    expect(feedLine('downed', 0, { by: 'T-1000', target: 'Sarah Connor' })).toEqual({
      text: 'Sarah Connor is down — revive them!',
      tone: 'bad',
    });
  });

  it('keeps small events off the feed', () => {
    expect(feedLine('shot', 0, { by: 'a', target: '' })).toBeNull();
    expect(feedLine('windup', 0, { by: 'a', target: '' })).toBeNull();
  });

  it('says which terminal was wiped, counting from one', () => {
    expect(feedLine('objective', 0, { by: '', target: '' })?.text).toBe('Terminal 1 wiped');
    expect(feedLine('objective', -1, { by: '', target: '' })?.text).toBe('The chip is destroyed');
  });

  it('shows the Judgment Day clock as m:ss', () => {
    expect(clockText(900)).toBe('15:00');
    expect(clockText(61.9)).toBe('1:01');
    expect(clockText(-3)).toBe('0:00');
  });
});

describe('the feed speaks to the player as "You"', () => {
  const you = { by: YOU, target: YOU };
  it('says "You were", "You are", "your" — never "You was" or "You is"', () => {
    const all = [
      'hit',
      'downed',
      'revived',
      'eliminated',
      'destroyed',
      'shot-hit',
      'crate',
      'slowed',
      'mimic',
    ] as const;
    for (const type of all) {
      const text = feedLine(type, 0, you)?.text ?? '';
      expect(text, type).not.toMatch(/\bYou (was|is|has)\b/);
      expect(text, type).not.toMatch(/\bYou\b.*\btheir\b/);
    }
    expect(feedLine('slowed', 0, you)?.text).toBe('You were grabbed by the police');
    expect(feedLine('hit', 0, you)?.text).toBe('You were cut by the blade');
    expect(feedLine('revived', 0, you)?.text).toBe('You are back on your feet');
    expect(feedLine('eliminated', 0, you)?.text).toBe('You are out');
    expect(feedLine('downed', 0, you)?.text).toMatch(/^You are down/);
    expect(feedLine('shot-hit', 0, { by: 'Sarah Connor', target: YOU })?.text).toBe('Sarah Connor hit you');
  });

  it('keeps the third person for everyone else', () => {
    const sarah = { by: 'T-800', target: 'Sarah Connor' };
    expect(feedLine('slowed', 0, sarah)?.text).toBe('Sarah Connor was grabbed by the police');
    expect(feedLine('revived', 0, sarah)?.text).toBe('Sarah Connor is back on their feet');
    expect(feedLine('shot-hit', 0, sarah)?.text).toBe('T-800 hit the T-1000');
  });
});

describe('a result in words', () => {
  it('names the winner and how the match ended in the replays list', () => {
    expect(resultText({ winner: 'hunter', reason: 'terminated' })).toBe('T-1000 won · John terminated');
    expect(resultText({ winner: 'escort', reason: 'extraction' })).toBe('Escort won · John extracted');
    // A match the server called off has no winner, said as such (not the wire's "none").
    expect(resultText({ winner: 'none', reason: 'shutdown' })).toBe('No winner · called off');
    expect(resultText(null)).toBe('unfinished');
  });
});

describe('the other players coming and going', () => {
  const seats = (entries: [string, Occupant][]) => new Map(entries);
  const name = (r: string) => ({ john: 'John Connor', sarah: 'Sarah Connor' })[r] ?? r;
  const bob = { name: 'Bob', bot: false, connected: true };
  const bot = { name: 'John Connor (bot)', bot: true, connected: true };

  it('says who left (a bot plays on), who dropped and came back, and who joined', () => {
    expect(rosterLines(seats([['john', bob]]), seats([['john', bot]]), name)).toEqual([
      { text: 'Bob left: a bot plays John Connor', tone: 'info' },
    ]);
    const away = { ...bob, connected: false };
    expect(rosterLines(seats([['john', bob]]), seats([['john', away]]), name)).toEqual([
      { text: 'Bob lost the connection', tone: 'info' },
    ]);
    expect(rosterLines(seats([['john', away]]), seats([['john', bob]]), name)).toEqual([
      { text: 'Bob is back', tone: 'good' },
    ]);
    expect(rosterLines(seats([['john', bot]]), seats([['john', bob]]), name)).toEqual([
      { text: 'Bob joined as John Connor', tone: 'info' },
    ]);
  });

  it('says nothing when nothing changed, nor for seats first seen', () => {
    expect(rosterLines(seats([['john', bob]]), seats([['john', { ...bob }]]), name)).toEqual([]);
    expect(
      rosterLines(
        new Map(),
        seats([
          ['john', bob],
          ['sarah', bot],
        ]),
        name,
      ),
    ).toEqual([]);
  });
});
