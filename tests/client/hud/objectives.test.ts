import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideHint, guideLabel, objectiveLines, progressText } from '../../../client/src/hud/objectives.js';
import { parseMap } from '../../../shared/map/loadMap.js';
import type { TeamObjective } from '../../../shared/sim/objective.js';
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

  it('an escort who comes in mid-act is told what is done and what is next; nothing at the act’s start', () => {
    expect(progressText(objectiveLines(1, { ...fresh, sarahFreed: false }, 'escort'))).toBeNull();
    expect(progressText(objectiveLines(1, { ...fresh, sarahFreed: true }, 'escort'))).toBe(
      'Done already: Free Sarah from her cell. Next: Get John and Sarah out of the hospital.',
    );
  });

  it('the hunter reads the same progress as a threat, with its own goal first', () => {
    const lines = objectiveLines(1, fresh, 'hunter');
    expect(lines[0].text).toMatch(/Terminate John/);
    expect(lines.length).toBe(3);
  });

  it('the way out: an escort already outside is told whom the act waits for, not sent out again', () => {
    const map = parseMap(
      JSON.parse(readFileSync(join(import.meta.dirname, '../../../maps/la-1995.tmj'), 'utf8')),
      'la-1995.tmj',
    );
    const exit: TeamObjective = {
      kind: 'exit',
      x: 40.5,
      y: 28.5,
      index: -1,
      behind: null,
      distance: 0,
      waitingOnYou: false,
      outside: false,
    };
    expect(guideHint(exit, 'john', map)).toBe('Get out of the hospital');
    const out = { ...exit, outside: true };
    expect(guideHint(out, 'john', map)).toBe('You are out: Sarah must get out too');
    expect(guideHint(out, 'sarah', map)).toBe('You are out: John must get out too');
    expect(guideHint(out, 't800', map)).toMatch(/until John and Sarah are through/);
  });
});

describe('the distance after an objective', () => {
  it('never wraps away from what it follows: no breakable space from the dot to the unit', () => {
    const label = guideLabel(
      { kind: 'cell', x: 0, y: 0, index: 0, behind: null, distance: 24, waitingOnYou: false, outside: false },
      23.6,
    );
    expect(label.replaceAll('\u00a0', ' ')).toBe("Sarah's cell · 24 m");
    expect(label.slice(label.indexOf('·'))).not.toMatch(/ /);
  });
});
