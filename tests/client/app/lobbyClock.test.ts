import { describe, expect, it } from 'vitest';
import { clockLeftAtStart } from '../../../client/src/ui/lobbyScreen.js';
import { TICK_HZ } from '../../../shared/tuning.js';

describe('the lobby’s Judgment Day', () => {
  it('is the match’s length, or what is left of it from a replay’s moment', () => {
    expect(clockLeftAtStart({ matchSeconds: 180, from: null })).toBe(180);
    // Play from here at 1:42 of a 3:00 match: the clock starts at 1:18 (the lobby said 3 min).
    expect(clockLeftAtStart({ matchSeconds: 180, from: { tick: 102 * TICK_HZ } })).toBe(78);
    expect(clockLeftAtStart({ matchSeconds: 60, from: { tick: 90 * TICK_HZ } })).toBe(0);
  });
});
