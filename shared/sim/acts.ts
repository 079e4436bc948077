import { inRect, zoneAt } from '../map/grid.js';
import { MILL } from '../tuning.js';
import { isActive, isPresent } from './entity.js';
import { emit } from './events.js';
import type { EndReason, Winner, World } from './types.js';

/**
 * The acts, the objectives that end them, and both victories. Called once a
 * step after everything has moved and acted.
 */

/** Decide the match (once). A win in the steel leaves the no-fate window open before the match is over. */
export function endMatch(w: World, winner: Winner, reason: EndReason): void {
  if (w.result) return;
  w.result = { winner, reason, time: w.time, noFate: false };
  w.endsAt = reason === 't1000-in-steel' ? w.time + MILL.noFateWindow : w.time;
  // Any other win ends the match now, not one step later.
  if (w.endsAt <= w.time) w.over = true;
  emit(w, 'end', -1, -1, 0, 0, winner === 'hunter' ? 0 : winner === 'escort' ? 1 : 2);
}

/**
 * Call the match off now, with no winner: the server is shutting down and
 * no other process of the cluster could take the match over.
 */
export function callOff(w: World): void {
  endMatch(w, 'none', 'shutdown');
}

function setAct(w: World, act: 2 | 3): void {
  w.act = act;
  emit(w, 'act', -1, -1, 0, 0, act);
}

export function stepActs(w: World, dt: number): void {
  if (w.alarm.left > 0) w.alarm.left = Math.max(0, w.alarm.left - dt);
  if (w.alarm.reveal > 0) w.alarm.reveal = Math.max(0, w.alarm.reveal - dt);
  if (w.result) {
    if (w.endsAt !== null && w.time >= w.endsAt) w.over = true;
    return;
  }
  const john = w.entities[w.players.john as number];
  const hunter = w.entities[w.players.t1000 as number];
  if (john.life === 'destroyed') endMatch(w, 'hunter', 'john-in-steel');
  else if (john.life === 'eliminated') endMatch(w, 'hunter', 'bled-out');
  else if (hunter.life === 'destroyed') endMatch(w, 'escort', 't1000-in-steel');
  else if (w.time >= w.options.judgmentDaySeconds) endMatch(w, 'hunter', 'judgment-day');
  if (w.result) return;

  if (w.act === 1) {
    const sid = w.players.sarah;
    const sarah = sid === undefined ? undefined : w.entities[sid];
    const sarahOut =
      !sarah ||
      !isPresent(sarah) ||
      (w.objectives.sarahFreed && zoneAt(w.map, sarah.x, sarah.y) !== 'hospital');
    if (sarahOut && zoneAt(w.map, john.x, john.y) !== 'hospital') setAct(w, 2);
  } else if (w.act === 2) {
    const o = w.objectives;
    if (o.chipDestroyed && o.terminalsWiped.every(Boolean)) setAct(w, 3);
  } else {
    const ex = w.map.extraction;
    const contested = isPresent(hunter) && inRect(ex, hunter.x, hunter.y);
    if (isActive(john) && inRect(ex, john.x, john.y) && !contested) {
      w.objectives.extraction += dt;
      if (w.objectives.extraction >= MILL.extractionSeconds) endMatch(w, 'escort', 'extraction');
    }
  }
}
