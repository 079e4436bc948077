import { Tile } from '../map/tiles.js';
import { ESCORT_ROLES, type EscortRole } from '../roles.js';
import { canOpenDoor } from '../sim/doors.js';
import { isActive } from '../sim/entity.js';
import type { Perception, SeenEntity } from '../sim/perception.js';
import { mapInfo } from './mapInfo.js';
import type { Navigator } from './Navigator.js';
import type { TeamView } from './TeamView.js';

/**
 * Who on the escort does what now. Every escort bot runs this same function
 * on the same team vision and public state, so they agree on a split of the
 * work without talking: the keycard and the hack open doors, the others
 * plant and wipe whatever is nearest, the T-800 stays on John.
 */

export type Job =
  | { kind: 'door'; door: number } // open (hack, card, pick) this door
  | { kind: 'plant' }
  | { kind: 'wipe'; index: number }
  | { kind: 'exit' } // leave the hospital
  | { kind: 'extract' } // John: stand in the extraction zone
  | { kind: 'guard' } // stay by John, between him and the hunter
  | { kind: 'follow' } // stay near John
  | { kind: 'revive'; role: EscortRole }
  | { kind: 'crate' } // the T-800 refills at the nearest crate
  | { kind: 'hold'; x: number; y: number }; // wait at a spot

export type Plan = Partial<Record<EscortRole, Job>>;

const active = (e: SeenEntity | undefined): e is SeenEntity => e !== undefined && isActive(e);

const doorOpen = (p: Perception, id: number) => p.tiles[p.map.doors[id].tiles[0]] !== Tile.DoorLocked;

export function planJobs(p: Perception, team: TeamView, nav: Navigator): Plan {
  const plan: Plan = {};
  const m = team.mates;
  const john = m.john;
  assignRevives(p, team, plan);
  const free = (r: EscortRole) => active(m[r]) && plan[r] === undefined;

  if (p.act === 1) planAct1(p, team, plan, free);
  else if (p.act === 2 && john) planAct2(p, team, nav, plan, free);
  else if (free('john')) plan.john = { kind: 'extract' };

  for (const r of ESCORT_ROLES) {
    if (!free(r)) continue;
    if (p.act === 1 && r === 'dyson' && john && inHospital(p, john)) {
      // Dyson waits at home until John is out: no need to walk into the hunter's wing.
      plan.dyson = { kind: 'hold', x: p.map.spawns.dyson.x, y: p.map.spawns.dyson.y };
    } else plan[r] = r === 't800' || r === 'sarah' ? { kind: 'guard' } : { kind: 'follow' };
  }
  return plan;
}

function inHospital(p: Perception, e: SeenEntity): boolean {
  const z = mapInfo(p.map).zones.hospital;
  return z !== undefined && e.x >= z.x && e.y >= z.y && e.x < z.x + z.w && e.y < z.y + z.h;
}

/** The nearest able escort goes to each downed ally, John first; John revives only when nobody else can. */
function assignRevives(p: Perception, team: TeamView, plan: Plan): void {
  const m = team.mates;
  const order: EscortRole[] = ['john', 'sarah', 't800', 'dyson'];
  for (const r of order) {
    const down = m[r];
    if (down?.life !== 'downed') continue;
    let best: EscortRole | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    for (const h of order) {
      const e = m[h];
      if (h === r || !active(e) || plan[h] !== undefined) continue;
      // John is the one to protect: he revives only as the last one standing.
      const d = Math.hypot(e.x - down.x, e.y - down.y) + (h === 'john' ? 1000 : 0);
      if (d < bestD) {
        bestD = d;
        best = h;
      }
    }
    if (best === 'john' && team.recentThreat(p.time, 3)) best = null;
    if (best) plan[best] = { kind: 'revive', role: r };
  }
}

function planAct1(p: Perception, team: TeamView, plan: Plan, free: (r: EscortRole) => boolean): void {
  const cell = mapInfo(p.map).sarahCell;
  const sarah = team.mates.sarah;
  if (!p.objectives.sarahFreed && sarah && cell >= 0 && !doorOpen(p, cell)) {
    if (free('john')) plan.john = { kind: 'door', door: cell };
    if (free('sarah')) plan.sarah = { kind: 'door', door: cell };
    return;
  }
  if (free('john')) plan.john = { kind: 'exit' };
  if (free('sarah')) plan.sarah = { kind: 'exit' };
}

interface Task {
  job: Job;
  x: number;
  y: number;
}

function planAct2(
  p: Perception,
  team: TeamView,
  nav: Navigator,
  plan: Plan,
  free: (r: EscortRole) => boolean,
): void {
  const m = team.mates;
  const john = m.john as SeenEntity;
  const o = p.objectives;
  const targets: Task[] = [];
  if (!o.chipDestroyed) targets.push({ job: { kind: 'plant' }, x: p.map.chip.x, y: p.map.chip.y });
  p.map.terminals.forEach((t, i) => {
    if (!o.terminalsWiped[i]) targets.push({ job: { kind: 'wipe', index: i }, x: t.x, y: t.y });
  });

  // Doors in the way of any objective, seen from where John stands.
  const doors: number[] = [];
  const open: Task[] = [];
  for (const t of targets) {
    const reachable = ESCORT_ROLES.some((r) => {
      const e = m[r];
      return active(e) && nav.pathDist(e.x, e.y, t.x, t.y) < Number.POSITIVE_INFINITY;
    });
    if (reachable) open.push(t);
    const d = reachable ? -1 : nav.doorInTheWay(john.x, john.y, t.x, t.y);
    if (d >= 0 && !doors.includes(d)) doors.push(d);
  }
  for (const id of doors) {
    const kind = p.map.doors[id].kind;
    const opener = free('dyson') && canOpenDoor('dyson', kind) ? 'dyson' : free('john') ? 'john' : null;
    if (opener) plan[opener] = { kind: 'door', door: id };
  }

  // Plant and wipe: nearest free worker first; the T-800 keeps guarding John.
  const workers = (['sarah', 'dyson', 'john'] as const).filter(free);
  const taken = new Set<number>();
  while (workers.length > 0 && taken.size < open.length) {
    let bw = -1;
    let bt = -1;
    let bd = Number.POSITIVE_INFINITY;
    for (let wi = 0; wi < workers.length; wi++) {
      const e = m[workers[wi]] as SeenEntity;
      for (let ti = 0; ti < open.length; ti++) {
        if (taken.has(ti)) continue;
        const d = nav.pathDist(e.x, e.y, open[ti].x, open[ti].y);
        if (d < bd) {
          bd = d;
          bw = wi;
          bt = ti;
        }
      }
    }
    if (bw < 0) break;
    plan[workers[bw]] = open[bt].job;
    taken.add(bt);
    workers.splice(bw, 1);
  }
  // John with nothing to do stays with the nearest worker, so the T-800 guarding him is near the work too.
  if (free('john')) {
    let best: EscortRole | null = null;
    let bd = Number.POSITIVE_INFINITY;
    for (const r of ['sarah', 'dyson'] as const) {
      const e = m[r];
      const job = plan[r];
      if (!active(e) || !job || job.kind === 'revive') continue;
      const d = Math.hypot(e.x - john.x, e.y - john.y);
      if (d < bd) {
        bd = d;
        best = r;
      }
    }
    const e = best ? m[best] : undefined;
    if (e) plan.john = { kind: 'hold', x: e.x, y: e.y };
  }
}
