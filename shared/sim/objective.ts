import { doorFacts } from '../map/doorFacts.js';
import { zoneAt } from '../map/grid.js';
import { DIST_SCALE, distanceField, downhill, UNREACHABLE } from '../map/paths.js';
import { BLOCKS_WALK, DEADLY, TILE_FLAGS, Tile } from '../map/tiles.js';
import type { GameMap, Vec2 } from '../map/types.js';
import type { PlayerRole, Role } from '../roles.js';
import { canOpenDoor } from './doors.js';
import type { Objectives } from './types.js';

/**
 * The team's next objective, for one viewer: where the guidance (the marker
 * in the world, on the minimap and the arrow at the screen's edge) points.
 * One rule for every reader, pure and deterministic, and it asks only for
 * what that viewer's client knows anyway (the map, the tiles, the public
 * objectives, the characters it sees), so it can run in the browser.
 *
 * It follows the same plan as the escort bots (shared/bots/teamPlan.ts):
 * act 1 Sarah's cell while she is locked in, then the way out of the
 * hospital; act 2 the nearest of the vault (for whoever can open it), the
 * chip once the vault is open and the unwiped terminals; act 3 the
 * extraction zone. A locked door on the way to the objective comes first,
 * as the bots' `doorInTheWay` does. The bots could call this module for
 * their targets; they keep their own copy of the cell rule in mapInfo today.
 *
 * The hunter is shown John when it knows where he is, or else the escort's
 * objective (public: the objectives are sent to everyone), which is where
 * the escort has to go.
 */

export type ObjectiveKind =
  | 'cell' // Sarah's cell door
  | 'exit' // the way out of the hospital
  | 'door' // a locked door on the way to another objective
  | 'vault'
  | 'chip'
  | 'terminal'
  | 'extraction'
  | 'john'; // the hunter's quarry, where it was seen

export interface TeamObjective {
  kind: ObjectiveKind;
  /** Where to mark it, in tiles. */
  x: number;
  y: number;
  /** The door id (cell, door, vault), the terminal index, or -1. */
  index: number;
  /** For a door in the way: the objective it leads to; otherwise null. */
  behind: ObjectiveKind | null;
  /** Walking distance from the viewer in tiles (doors counted open), or Infinity when unknown. */
  distance: number;
  /** The rest of the team has done its part and waits on this viewer alone (act 1: leave the hospital). */
  waitingOnYou: boolean;
  /** Act 1, the way out: the viewer is already out of the hospital (the act waits on the others). */
  outside: boolean;
}

/** What a viewer knows that the rule needs. */
export interface ObjectiveQuery {
  map: GameMap;
  /** The tiles as the viewer has them now (open doors are public) and their version. */
  tiles: Uint8Array;
  tilesVersion: number;
  act: 1 | 2 | 3;
  objectives: Readonly<Objectives>;
  /** The viewer's own role and position. */
  role: PlayerRole;
  x: number;
  y: number;
  /** The other characters the viewer sees, by the role they look like (escorts always see their team). */
  others: readonly { role: Role; x: number; y: number }[];
  /** The hunter only: where John is known to be (seen now, or last seen), or null. */
  john?: Vec2 | null;
}

interface Field {
  tiles: Uint8Array | null;
  version: number;
  field: Uint16Array;
}

/** Per map: derived facts and distance fields toward each objective (doors open, and the live tiles). */
interface MapGuide {
  doorAt: Int16Array;
  sarahCell: number;
  /** Walkable tiles outside the hospital beside a walkable hospital tile: reaching one leaves it. */
  exits: Vec2[];
  openTiles: Uint8Array;
  open: Map<string, Uint16Array>;
  live: Map<string, Field>;
}

const guides = new WeakMap<GameMap, MapGuide>();

/** The cell door nearest Sarah's spawn: her cell (-1 if the map has no cell). */
export function sarahCellDoor(map: GameMap): number {
  return guideOf(map).sarahCell;
}

function guideOf(map: GameMap): MapGuide {
  let g = guides.get(map);
  if (g) return g;
  const { width, height } = map;
  const { doorAt, sarahCell, openTiles } = doorFacts(map);
  const walk = (x: number, y: number) =>
    x >= 0 &&
    y >= 0 &&
    x < width &&
    y < height &&
    (TILE_FLAGS[openTiles[y * width + x]] & (BLOCKS_WALK | DEADLY)) === 0;
  const inHosp = (x: number, y: number) => zoneAt(map, x + 0.5, y + 0.5) === 'hospital';
  const exits: Vec2[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!walk(x, y) || inHosp(x, y)) continue;
      const beside = [
        [x - 1, y],
        [x + 1, y],
        [x, y - 1],
        [x, y + 1],
      ].some(([a, b]) => walk(a, b) && inHosp(a, b));
      if (beside) exits.push({ x: x + 0.5, y: y + 0.5 });
    }
  }
  g = { doorAt, sarahCell, exits, openTiles, open: new Map(), live: new Map() };
  guides.set(map, g);
  return g;
}

/** The field toward `goals` with every locked door open (the map's routes once doors are opened). */
function openField(map: GameMap, g: MapGuide, key: string, goals: readonly Vec2[]): Uint16Array {
  let f = g.open.get(key);
  if (!f) {
    f = distanceField(g.openTiles, map.width, map.height, goals, BLOCKS_WALK);
    g.open.set(key, f);
  }
  return f;
}

/** The field toward `goals` over the tiles as they are now; rebuilt when a door opens. */
function liveField(
  map: GameMap,
  g: MapGuide,
  key: string,
  goals: readonly Vec2[],
  tiles: Uint8Array,
  version: number,
): Uint16Array {
  let f = g.live.get(key);
  if (f && f.tiles === tiles && f.version === version) return f.field;
  if (!f) {
    f = { tiles: null, version: -1, field: new Uint16Array(map.width * map.height) };
    g.live.set(key, f);
  }
  distanceField(tiles, map.width, map.height, goals, BLOCKS_WALK, f.field);
  f.tiles = tiles;
  f.version = version;
  return f.field;
}

const tileOf = (map: GameMap, x: number, y: number): number => {
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return -1;
  return ty * map.width + tx;
};

const at = (f: Uint16Array, i: number): number => (i < 0 ? UNREACHABLE : f[i]);

interface Candidate {
  kind: ObjectiveKind;
  index: number;
  key: string;
  goals: Vec2[];
}

const doorGoal = (map: GameMap, id: number): Vec2[] => {
  const d = map.doors[id];
  return d.tiles.map((t) => ({ x: (t % map.width) + 0.5, y: Math.floor(t / map.width) + 0.5 }));
};

const isLocked = (q: ObjectiveQuery, id: number): boolean =>
  q.tiles[q.map.doors[id].tiles[0]] === Tile.DoorLocked;

const inHospital = (map: GameMap, x: number, y: number): boolean => zoneAt(map, x, y) === 'hospital';

/** The candidates of the viewer's act, in the order ties go. */
function candidates(q: ObjectiveQuery, g: MapGuide): Candidate[] {
  const { map, objectives: o, role } = q;
  const hunter = role === 't1000';
  const exit: Candidate = { kind: 'exit', index: -1, key: 'exit', goals: g.exits };
  if (q.act === 1) {
    const cell = g.sarahCell;
    const sarahHere = role === 'sarah' || q.others.some((e) => e.role === 'sarah');
    const cellNeeded = !o.sarahFreed && cell >= 0 && isLocked(q, cell) && (sarahHere || hunter);
    // Dyson meets the others at the hospital's gate, as his bot waits for John to come out.
    if (cellNeeded && role !== 'dyson')
      return [{ kind: 'cell', index: cell, key: `door${cell}`, goals: doorGoal(map, cell) }];
    return g.exits.length > 0 ? [exit] : [];
  }
  if (q.act === 2) {
    const out: Candidate[] = [];
    const terminals: Candidate[] = [];
    map.terminals.forEach((t, i) => {
      if (!o.terminalsWiped[i])
        terminals.push({ kind: 'terminal', index: i, key: `terminal${i}`, goals: [t] });
    });
    const vault = map.doors.find((d) => d.kind === 'vault');
    if (!o.vaultOpen && vault) {
      // Only John's hack and Dyson's card open the vault; the others see it once nothing else is left.
      if (hunter || canOpenDoor(role, 'vault') || terminals.length === 0)
        out.push({ kind: 'vault', index: vault.id, key: `door${vault.id}`, goals: doorGoal(map, vault.id) });
    } else if (!o.chipDestroyed) {
      out.push({ kind: 'chip', index: -1, key: 'chip', goals: [map.chip] });
    }
    return [...out, ...terminals];
  }
  const e = map.extraction;
  return [
    {
      kind: 'extraction',
      index: -1,
      key: 'extraction',
      goals: [{ x: e.x + e.w / 2, y: e.y + e.h / 2 }],
    },
  ];
}

/** Where a field leads from tile `from`: the goal tile it ends on (for a set of goals, the nearest). */
function endOf(map: GameMap, f: Uint16Array, from: number): number {
  let idx = from;
  for (let guard = 0; guard < f.length && f[idx] > 0; guard++) {
    const next = downhill(f, map.width, map.height, idx);
    if (next < 0) break;
    idx = next;
  }
  return idx;
}

/** The first locked door (other than `own`) on the doors-open way from tile `from` down field `f`, or -1. */
function doorInTheWay(q: ObjectiveQuery, g: MapGuide, f: Uint16Array, from: number, own: number): number {
  const { map } = q;
  let idx = from;
  for (let guard = 0; guard < f.length; guard++) {
    const d = g.doorAt[idx];
    if (d >= 0 && d !== own && q.tiles[idx] === Tile.DoorLocked) return d;
    if (f[idx] === 0) return -1;
    const next = downhill(f, map.width, map.height, idx);
    if (next < 0) return -1;
    idx = next;
  }
  return -1;
}

/**
 * The viewer's next objective, or null when there is none to show (no own
 * character, nothing left, or a map without the place).
 */
export function nextObjective(q: ObjectiveQuery): TeamObjective | null {
  const { map } = q;
  const g = guideOf(map);
  const hunter = q.role === 't1000';
  const from = tileOf(map, q.x, q.y);
  if (hunter && q.john) {
    return {
      kind: 'john',
      x: q.john.x,
      y: q.john.y,
      index: -1,
      behind: null,
      distance: Math.hypot(q.john.x - q.x, q.john.y - q.y),
      waitingOnYou: false,
      outside: false,
    };
  }
  const list = candidates(q, g);
  let best: Candidate | null = null;
  let bestField: Uint16Array | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of list) {
    if (c.goals.length === 0) continue;
    const f = openField(map, g, c.key, c.goals);
    const d = at(f, from);
    if (best === null || d < bestD) {
      best = c;
      bestField = f;
      bestD = d;
    }
  }
  if (!best || !bestField) return null;
  const distance = bestD === UNREACHABLE ? Number.POSITIVE_INFINITY : bestD / DIST_SCALE;
  const ownDoor = best.kind === 'cell' || best.kind === 'vault' ? best.index : -1;
  const result: TeamObjective = {
    kind: best.kind,
    x: best.goals[0].x,
    y: best.goals[0].y,
    index: best.index,
    behind: null,
    distance,
    waitingOnYou: false,
    outside: false,
  };
  if (ownDoor >= 0) {
    result.x = map.doors[ownDoor].x;
    result.y = map.doors[ownDoor].y;
  }
  if (best.kind === 'exit' && from >= 0 && bestD !== UNREACHABLE) {
    // The nearest way out, as the viewer walks: where the field from every exit tile leads.
    const live = liveField(map, g, best.key, best.goals, q.tiles, q.tilesVersion);
    const end = endOf(map, at(live, from) !== UNREACHABLE ? live : bestField, from);
    result.x = (end % map.width) + 0.5;
    result.y = Math.floor(end / map.width) + 0.5;
  }
  if (!hunter && from >= 0 && bestD !== UNREACHABLE) {
    // The liquid hunter slides under doors; an escort has to open the one in the way first.
    const live = liveField(map, g, best.key, best.goals, q.tiles, q.tilesVersion);
    if (live[from] === UNREACHABLE) {
      const d = doorInTheWay(q, g, bestField, from, ownDoor);
      if (d >= 0) {
        result.behind = best.kind;
        result.kind = 'door';
        result.index = d;
        result.x = map.doors[d].x;
        result.y = map.doors[d].y;
      }
    }
  }
  if (q.act === 1 && best.kind === 'exit') {
    result.waitingOnYou = waitingOn(q);
    result.outside = !hunter && result.kind === 'exit' && !inHospital(map, q.x, q.y);
  }
  return result;
}

/**
 * Act 1 ends when John and a freed Sarah have both left the hospital: the
 * team waits on the viewer when the viewer is one of them, still inside,
 * and the other one is out (or not in the match).
 */
function waitingOn(q: ObjectiveQuery): boolean {
  const { map } = q;
  if (q.role !== 'john' && q.role !== 'sarah') return false;
  if (!inHospital(map, q.x, q.y)) return false;
  if (q.role === 'sarah') {
    if (!q.objectives.sarahFreed) return false;
    const johns = q.others.filter((e) => e.role === 'john');
    return johns.length > 0 && johns.every((e) => !inHospital(map, e.x, e.y));
  }
  const sarahs = q.others.filter((e) => e.role === 'sarah');
  return sarahs.every((e) => !inHospital(map, e.x, e.y));
}
