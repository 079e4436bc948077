import { describe, expect, it } from 'vitest';
import type { FeedLine } from '../../../client/src/contract/frame.js';
import {
  FEED_LIFE,
  FEED_MAX,
  FeedFolder,
  FOLD_WINDOW,
  foldedText,
} from '../../../client/src/hud/feedFold.js';

const hit: FeedLine = { text: 'T-800 hit the T-1000', tone: 'good' };
const line = (text: string): FeedLine => ({ text, tone: 'info' });

describe('the folded event feed', () => {
  it('seven hits in a row make one line with a count, and the line before them stays', () => {
    const f = new FeedFolder();
    f.push(line('Terminal 1 wiped'), 0);
    for (let i = 0; i < 7; i++) f.push(hit, 1 + i * 0.8);
    expect(f.shown.map(foldedText)).toEqual(['Terminal 1 wiped', 'T-800 hit the T-1000 ×7']);
  });

  it('a repeat moves its line to the bottom, the newest', () => {
    const f = new FeedFolder();
    f.push(hit, 0);
    f.push(line('A door opened'), 1);
    f.push(hit, 2);
    expect(f.shown.map(foldedText)).toEqual(['A door opened', 'T-800 hit the T-1000 ×2']);
  });

  it('the same event after the window is a new line', () => {
    const f = new FeedFolder();
    f.push(hit, 0);
    f.push(line('A door opened'), FOLD_WINDOW);
    f.push(hit, FOLD_WINDOW + 0.5);
    expect(f.shown.map(foldedText)).toEqual([
      'T-800 hit the T-1000',
      'A door opened',
      'T-800 hit the T-1000',
    ]);
  });

  it('the same words in another tone do not fold', () => {
    const f = new FeedFolder();
    f.push({ text: 'x', tone: 'good' }, 0);
    f.push({ text: 'x', tone: 'bad' }, 0);
    expect(f.shown).toHaveLength(2);
  });

  it('lines expire after their life, counted from their last repeat, and the feed keeps a few', () => {
    const f = new FeedFolder();
    f.push(hit, 0);
    f.push(hit, 5);
    f.expire(5 + FEED_LIFE - 0.1);
    expect(f.shown).toHaveLength(1);
    f.expire(5 + FEED_LIFE + 0.1);
    expect(f.shown).toHaveLength(0);
    for (let i = 0; i < FEED_MAX + 3; i++) f.push(line(`line ${i}`), 20);
    expect(f.shown).toHaveLength(FEED_MAX);
    expect(f.shown.at(-1)?.line.text).toBe(`line ${FEED_MAX + 2}`);
  });
});
