import { describe, expect, it } from 'vitest';
import { clockText, feedLine } from '../../../client/src/contract/feedText.js';

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
