import type { Viewer } from '../../../shared/sim/perception.js';
import type { Objectives } from '../../../shared/sim/types.js';
import { MILL } from '../../../shared/tuning.js';

/** One line of the objectives panel. */
export interface ObjectiveLine {
  text: string;
  done: boolean;
}

export const ACT_TITLES: Record<1 | 2 | 3, string> = {
  1: 'Act 1 · Pescadero',
  2: 'Act 2 · Cyberdyne',
  3: 'Act 3 · The steel mill',
};

/**
 * What the current act asks, phrased for the viewer's side: the escort's
 * to-do list, or the same progress as the hunter's threat board.
 */
export function objectiveLines(act: 1 | 2 | 3, o: Readonly<Objectives>, viewer: Viewer): ObjectiveLine[] {
  const hunter = viewer === 'hunter';
  const lines: ObjectiveLine[] = [];
  if (hunter) lines.push({ text: 'Terminate John Connor before they finish', done: false });
  if (act === 1) {
    lines.push({ text: hunter ? 'They are freeing Sarah' : 'Free Sarah from her cell', done: o.sarahFreed });
    lines.push({
      text: hunter ? 'They will run for the streets' : 'Get John and Sarah out of the hospital',
      done: false,
    });
  } else if (act === 2) {
    const wiped = o.terminalsWiped.filter(Boolean).length;
    lines.push({ text: 'Open the vault', done: o.vaultOpen });
    lines.push({ text: 'Plant a charge on the chip', done: o.chipDestroyed });
    lines.push({
      text: `Wipe the terminals (${wiped}/${o.terminalsWiped.length})`,
      done: wiped === o.terminalsWiped.length && wiped > 0,
    });
  } else {
    const held = Math.min(MILL.extractionSeconds, Math.floor(o.extraction));
    lines.push({
      text: `John holds the extraction (${held}/${MILL.extractionSeconds} s)`,
      done: held >= MILL.extractionSeconds,
    });
    lines.push({
      text: hunter ? 'Stay out of the steel' : 'Or knock the T-1000 into the steel',
      done: false,
    });
  }
  return lines;
}
