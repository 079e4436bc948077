import type { GameMap } from '../../../shared/map/types.js';
import { type PlayerRole, ROLE_NAMES } from '../../../shared/roles.js';
import { canOpenDoor } from '../../../shared/sim/doors.js';
import type { ObjectiveKind, TeamObjective } from '../../../shared/sim/objective.js';
import type { Viewer } from '../../../shared/sim/perception.js';
import type { Objectives } from '../../../shared/sim/types.js';
import { MILL } from '../../../shared/tuning.js';
import { keyFor } from '../input/keymap.js';

/** One line of the objectives panel. */
export interface ObjectiveLine {
  text: string;
  done: boolean;
}

/**
 * For an escort who comes in with the act under way (a join mid-match, the
 * briefing opened again): what the team has done already and what is next.
 * Null at the act's start, when the act's goal says it all.
 */
export function progressText(lines: readonly ObjectiveLine[]): string | null {
  const done = lines.filter((l) => l.done);
  if (done.length === 0) return null;
  const next = lines.find((l) => !l.done);
  return `Done already: ${done.map((l) => l.text).join(', ')}.${next ? ` Next: ${next.text}.` : ''}`;
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

const PLACE: Record<ObjectiveKind, string> = {
  cell: "Sarah's cell",
  exit: 'Hospital exit',
  door: 'Locked door',
  vault: 'The vault',
  chip: 'The chip',
  terminal: 'Terminal',
  extraction: 'Extraction',
  john: ROLE_NAMES.john,
};

/** The objective's short name, for the marker and the edge arrow ("Terminal 2", "Sarah's cell"). */
export function guideName(o: TeamObjective): string {
  if (o.kind === 'terminal') return `Terminal ${o.index + 1}`;
  return PLACE[o.kind];
}

/**
 * How far, after a text: " · 14 m", with no-break spaces, so that a line
 * that wraps never leaves "m" (or "14 m") alone on the next line.
 */
export function distanceSuffix(distance: number): string {
  return ` ·\u00a0${Math.round(distance)}\u00a0m`;
}

/** The edge arrow's label: the objective's name and how far it is ("Terminal 2 · 14 m"). */
export function guideLabel(o: TeamObjective, distance: number): string {
  return `${guideName(o)}${distanceSuffix(distance)}`;
}

/** The line under the objectives panel: what to do there, in the viewer's role's words. */
export function guideHint(o: TeamObjective, role: PlayerRole, map: GameMap): string {
  const hunter = role === 't1000';
  switch (o.kind) {
    case 'john':
      return 'John Connor was seen here: terminate him';
    case 'cell':
      if (hunter) return "Sarah's cell: they will come to free her";
      return role === 'sarah'
        ? `Pick the lock of your cell (hold ${keyFor('interact')})`
        : 'Free Sarah: open her cell';
    case 'exit':
      if (hunter) return 'The way out of the hospital: cut them off';
      if (o.outside) {
        // Out already: the act ends when John and Sarah both are.
        if (role === 'john') return 'You are out: Sarah must get out too';
        if (role === 'sarah') return 'You are out: John must get out too';
        return 'Hold the way out until John and Sarah are through';
      }
      return role === 'dyson' ? 'Meet John and Sarah at the hospital gate' : 'Get out of the hospital';
    case 'door': {
      const kind = map.doors[o.index]?.kind ?? 'door';
      const behind = o.behind ? PLACE[o.behind].toLowerCase() : 'the objective';
      const who = canOpenDoor(role, kind)
        ? 'open it'
        : kind === 'cell'
          ? "John's hack or Sarah's lock-pick opens it"
          : kind === 'door'
            ? "John's hack opens it"
            : "John's hack or Dyson's card opens it";
      return `A locked door stands before ${behind}: ${who}`;
    }
    case 'vault':
      if (hunter) return 'The vault: they must open it for the chip';
      return canOpenDoor(role, 'vault')
        ? role === 'dyson'
          ? 'Open the vault with your card'
          : 'Hack the vault'
        : 'The vault: John or Dyson opens it';
    case 'chip':
      return hunter ? 'The chip: they will plant a charge here' : 'Plant the charge on the chip';
    case 'terminal':
      return hunter ? `Terminal ${o.index + 1}: they will wipe it` : `Wipe terminal ${o.index + 1}`;
    case 'extraction':
      if (hunter) return 'The extraction: stand in it to stop John’s count';
      return role === 'john' ? 'Stand in the extraction zone' : 'Hold the extraction zone with John';
  }
}

/** What the player is told when the team waits on them alone. */
export const WAITING_TEXT = 'The team is waiting for you: get out of the hospital';
