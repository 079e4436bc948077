import { PathCache } from '../map/paths.js';
import type { GameMap } from '../map/types.js';
import type { SeenEntity } from './perception.js';
import { SpatialHash } from './SpatialHash.js';
import type { GameEvent, World } from './types.js';

/**
 * Per-world working memory that is derived from the world and never
 * serialised: the spatial hash of this step, position buffers, path fields
 * and per-step vision. A restored world rebuilds it on its first step.
 */
export interface Runtime {
  hash: SpatialHash;
  xs: Float64Array;
  ys: Float64Array;
  /** The tick the hash was built for. */
  hashTick: number;
  /** Path fields on the map as drawn (patrols, wandering): built once per goal, shared by every match on the map. */
  paths: PathCache;
  /** Path fields on the tiles as they are now (police converging on an alarm). */
  alarmPaths: PathCache;
  /** Per route goal (tile index): the walking direction from each tile as a byte angle (see npcs.ts). */
  steer: Map<number, Uint8Array>;
  /** Scratch list for queries (never held across calls). */
  near: number[];
  /** Vision per viewer, memoised for one tick. */
  visionTick: number;
  /** Per viewer, its visible ids (one array each, overwritten), and the viewers already computed this tick. */
  vision: Map<string, number[]>;
  visionFresh: Set<string>;
  /** Scratch for vision: marks of entities already seen, and query results. */
  marks: Uint8Array;
  visionNear: number[];
  /** What each viewer perceives, shared by the bots of one team for one tick. */
  perceptions: Map<string, { tick: number; seen: SeenEntity[]; events: GameEvent[] }>;
}

const runtimes = new WeakMap<World, Runtime>();

/**
 * Route fields and walking directions depend only on the map as drawn, so
 * every match on one map shares them (a server runs many matches at once).
 */
const routeData = new WeakMap<GameMap, { paths: PathCache; steer: Map<number, Uint8Array> }>();

function routesOf(map: GameMap) {
  let r = routeData.get(map);
  if (!r) {
    const goals = map.pois.length + map.patrols.reduce((s, p) => s + p.points.length, 0);
    r = { paths: new PathCache(goals + 64), steer: new Map() };
    routeData.set(map, r);
  }
  return r;
}

/** Spatial hash cell size: the common query radii (touch, blade, revive) fit in one or two cells. */
const CELL = 2;

export function runtime(world: World): Runtime {
  let rt = runtimes.get(world);
  if (!rt) {
    const n = world.entities.length;
    const { width, height } = world.map;
    const routes = routesOf(world.map);
    rt = {
      hash: new SpatialHash(width, height, CELL),
      xs: new Float64Array(n),
      ys: new Float64Array(n),
      hashTick: -1,
      paths: routes.paths,
      alarmPaths: new PathCache(4),
      steer: routes.steer,
      near: [],
      visionTick: -1,
      vision: new Map(),
      visionFresh: new Set(),
      marks: new Uint8Array(n),
      visionNear: [],
      perceptions: new Map(),
    };
    runtimes.set(world, rt);
  }
  return rt;
}

/** The spatial hash over all entities' positions as they are now (rebuilt at most once per tick unless forced). */
export function spatial(world: World, force = false): SpatialHash {
  const rt = runtime(world);
  if (force || rt.hashTick !== world.tick) {
    const es = world.entities;
    for (let i = 0; i < es.length; i++) {
      rt.xs[i] = es[i].x;
      rt.ys[i] = es[i].y;
    }
    rt.hash.rebuild(rt.xs, rt.ys, es.length);
    rt.hashTick = world.tick;
  }
  return rt.hash;
}

/** Margin that covers how far anything moves within one step after the hash was built. */
const DRIFT = 0.6;

/**
 * Clears `out` and fills it with the ids of entities whose current position
 * is within r of (x, y). Exact: candidates from the hash are checked against
 * the entities' live positions.
 */
export function nearby(world: World, x: number, y: number, r: number, out: number[]): number[] {
  const hash = spatial(world);
  hash.queryRadius(x, y, r + DRIFT, out);
  const es = world.entities;
  let k = 0;
  const r2 = r * r;
  for (let i = 0; i < out.length; i++) {
    const e = es[out[i]];
    const dx = e.x - x;
    const dy = e.y - y;
    if (dx * dx + dy * dy <= r2) out[k++] = out[i];
  }
  // pop() keeps the array's backing store; assigning length is slower on V8.
  while (out.length > k) out.pop();
  sortIds(out);
  return out;
}

/**
 * Sort ids ascending, in place. What a step does with neighbours (who is
 * pushed first, which guard's sighting sets the alarm) must not depend on the
 * order the spatial hash happens to return them in, or any change to its
 * internals would change every match and replay.
 */
function sortIds(a: number[]): void {
  const n = a.length;
  if (n > 24) {
    a.sort((p, q) => p - q);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Forget this tick's derived data (after changing a world outside {@link step}, e.g. in a test or an editor). */
export function refresh(world: World): void {
  const rt = runtime(world);
  rt.hashTick = -1;
  rt.visionTick = -1;
  rt.perceptions.clear();
}
