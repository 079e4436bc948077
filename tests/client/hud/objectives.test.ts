import { describe, expect, it } from 'vitest';
import { objectiveLines } from '../../../client/src/hud/objectives.js';
import { MILL } from '../../../shared/tuning.js';

const fresh = {
  sarahFreed: false,
  vaultOpen: false,
  chipDestroyed: false,
  terminalsWiped: [true, false, true],
  extraction: 0,
};

describe('the objectives panel', () => {
  it('act 2 counts the wiped terminals and ticks the vault', () => {
    const lines = objectiveLines(2, { ...fresh, vaultOpen: true }, 'escort');
    expect(lines.find((l) => l.text.startsWith('Open the vault'))?.done).toBe(true);
    expect(lines.some((l) => l.text.includes('(2/3)'))).toBe(true);
  });

  it('act 3 shows the extraction count out of the time the rules ask for', () => {
    expect(objectiveLines(3, { ...fresh, extraction: 34.7 }, 'escort')[0].text).toContain(
      `34/${MILL.extractionSeconds} s`,
    );
  });

  it('the hunter reads the same progress as a threat, with its own goal first', () => {
    const lines = objectiveLines(1, fresh, 'hunter');
    expect(lines[0].text).toMatch(/Terminate John/);
    expect(lines.length).toBe(3);
  });
});
