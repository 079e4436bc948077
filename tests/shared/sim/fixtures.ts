import { Tile } from '../../../shared/map/tiles.js';
import type { DoorDef, DoorKind, GameMap, PatrolRoute, Rect, Vec2, Zone } from '../../../shared/map/types.js';
import type { NpcRole, PlayerRole } from '../../../shared/roles.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { step } from '../../../shared/sim/step.js';
import type {
  Entity,
  GameEvent,
  GameEventType,
  PlayerInput,
  StepInputs,
  World,
} from '../../../shared/sim/types.js';
import { createWorld, playerEntity } from '../../../shared/sim/world.js';
import type { MatchOptions } from '../../../shared/tuning.js';

/**
 * Small worlds drawn in ASCII for rule tests.
 * `.` floor, `#` wall, `|` bars, `D` locked door, `d` open door, `~` molten steel.
 * Each 4-connected group of door tiles is one door; `doorKinds` gives kinds in reading order (default 'door').
 */
export interface AsciiMapOptions {
  spawns?: Partial<Record<PlayerRole, Vec2>>;
  zones?: Zone[];
  doorKinds?: DoorKind[];
  chip?: Vec2;
  terminals?: Vec2[];
  extraction?: Rect;
  patrols?: PatrolRoute[];
  crates?: Vec2[];
  pois?: Vec2[];
}

const CODES: Record<string, number> = {
  '.': Tile.Floor,
  '#': Tile.Wall,
  '|': Tile.Bars,
  D: Tile.DoorLocked,
  d: Tile.DoorOpen,
  '~': Tile.Steel,
};

export function asciiMap(rows: string[], o: AsciiMapOptions = {}): GameMap {
  const height = rows.length;
  const width = rows[0].length;
  const tiles = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) tiles[y * width + x] = CODES[row[x]];
  });
  const doors: DoorDef[] = [];
  const seen = new Set<number>();
  const isDoor = (i: number) => tiles[i] === Tile.DoorLocked || tiles[i] === Tile.DoorOpen;
  for (let i = 0; i < tiles.length; i++) {
    if (!isDoor(i) || seen.has(i)) continue;
    const group: number[] = [];
    const stack = [i];
    seen.add(i);
    while (stack.length) {
      const t = stack.pop() as number;
      group.push(t);
      const x = t % width;
      for (const n of [t - width, t + width, x > 0 ? t - 1 : -1, x < width - 1 ? t + 1 : -1]) {
        if (n >= 0 && n < tiles.length && isDoor(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    const cx = group.reduce((s, t) => s + (t % width) + 0.5, 0) / group.length;
    const cy = group.reduce((s, t) => s + Math.floor(t / width) + 0.5, 0) / group.length;
    const id = doors.length;
    doors.push({
      id,
      name: `door${id}`,
      kind: o.doorKinds?.[id] ?? 'door',
      tiles: group.sort((a, b) => a - b),
      x: cx,
      y: cy,
      locked: tiles[i] === Tile.DoorLocked,
    });
  }
  const at = (x: number, y: number) => ({ x, y });
  const spawns = {
    t1000: at(width - 1.5, height - 1.5),
    john: at(1.5, 1.5),
    sarah: at(2.5, 1.5),
    t800: at(3.5, 1.5),
    dyson: at(4.5, 1.5),
    ...o.spawns,
  };
  return {
    file: 'test.tmj',
    name: 'test',
    width,
    height,
    tiles,
    spawns,
    zones: o.zones ?? [{ name: 'streets', x: 0, y: 0, w: width, h: height }],
    doors,
    chip: o.chip ?? at(width / 2, height / 2),
    terminals: o.terminals ?? [at(1.5, height - 1.5), at(2.5, height - 1.5), at(3.5, height - 1.5)],
    extraction: o.extraction ?? { x: width - 3, y: 0, w: 3, h: 3 },
    patrols: o.patrols ?? [],
    crates: o.crates ?? [],
    pois: o.pois ?? [at(width / 2, height / 2)],
  };
}

/** An open floor room of the given size with walls around. */
export function room(width: number, height: number): string[] {
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) =>
      x === 0 || y === 0 || x === width - 1 || y === height - 1 ? '#' : '.',
    ).join(''),
  );
}

/** A world on the map with no NPCs, the given roles, seed 1. */
export function testWorld(
  map: GameMap,
  roles: PlayerRole[] = ['t1000', 'john', 'sarah', 't800', 'dyson'],
): World {
  return createWorld({ map, seed: 1, roles, options: { police: 0, civilians: 0 } });
}

export function ent(w: World, role: PlayerRole): Entity {
  const e = playerEntity(w, role);
  if (!e) throw new Error(`${role} is not in the match`);
  return e;
}

/** Put a character somewhere (and let the world's derived data know). */
export function place(w: World, role: PlayerRole, x: number, y: number): Entity {
  const e = ent(w, role);
  e.x = x;
  e.y = y;
  refresh(w);
  return e;
}

export const input = (p: Partial<PlayerInput> = {}): PlayerInput => ({
  moveX: 0,
  moveY: 0,
  aim: 0,
  buttons: 0,
  ...p,
});

/** Step `seconds` of game time with the same inputs every step. */
export function run(w: World, seconds: number, inputs: StepInputs = {}): void {
  const n = Math.round(seconds * 30);
  for (let i = 0; i < n; i++) step(w, inputs);
}

/** Step until `done` is true or `seconds` pass; returns the steps taken. */
export function runUntil(
  w: World,
  done: () => boolean,
  seconds: number,
  inputs: StepInputs | (() => StepInputs) = {},
): number {
  const n = Math.round(seconds * 30);
  for (let i = 0; i < n; i++) {
    if (done()) return i;
    step(w, typeof inputs === 'function' ? inputs() : inputs);
  }
  return n;
}

/** Steps in `seconds` of game time (the sim runs at 30 Hz). */
export const steps = (seconds: number) => Math.round(seconds * 30);

export interface NpcWorldOptions {
  seed?: number;
  police?: number;
  civilians?: number;
  roles?: PlayerRole[];
  options?: Partial<MatchOptions>;
}

/** A world with NPCs (police / guards on the map's routes, civilians at its points of interest). */
export function npcWorld(map: GameMap, o: NpcWorldOptions = {}): World {
  return createWorld({
    map,
    seed: o.seed ?? 1,
    roles: o.roles ?? ['t1000', 'john', 'sarah', 't800', 'dyson'],
    options: { police: o.police ?? 0, civilians: o.civilians ?? 0, ...o.options },
  });
}

/** The NPCs of a role, in id order. */
export function npcsOf(w: World, role: NpcRole): Entity[] {
  return w.entities.filter((e) => e.role === role);
}

/** Move any entity (NPC or player) and let the world's derived data know. */
export function moveTo(w: World, e: Entity, x: number, y: number): Entity {
  e.x = x;
  e.y = y;
  refresh(w);
  return e;
}

/** One step; returns a copy of its events. */
export function tick(w: World, inputs: StepInputs = {}): GameEvent[] {
  step(w, inputs);
  return w.events.slice();
}

/** Step `seconds` and collect every event with the tick it happened on. */
export function record(
  w: World,
  seconds: number,
  inputs: StepInputs | (() => StepInputs) = {},
): (GameEvent & { tick: number })[] {
  const out: (GameEvent & { tick: number })[] = [];
  for (let i = 0; i < steps(seconds); i++) {
    step(w, typeof inputs === 'function' ? inputs() : inputs);
    for (const ev of w.events) out.push({ ...ev, tick: w.tick });
  }
  return out;
}

/** The events of one type in a list. */
export const ofType = <E extends GameEvent>(evs: readonly E[], type: GameEventType): E[] =>
  evs.filter((e) => e.type === type);
