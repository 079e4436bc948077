import { BLOCKS_WALK, DEADLY, TILE_FLAGS } from './tiles.js';

/**
 * Grid pathfinding shared by NPCs and bots: distance fields (Dijkstra from a
 * set of goal tiles) and a steering rule that walks down them.
 *
 * Costs are integers: an orthogonal step costs {@link DIST_SCALE}, a diagonal
 * one 7 (≈ 1.4 × 5). A field value divided by DIST_SCALE is a length in tiles.
 */

/** Field value of a tile that cannot reach any goal. */
export const UNREACHABLE = 0xffff;
/** Field units per tile of orthogonal walking. */
export const DIST_SCALE = 5;
const ORTHO = DIST_SCALE;
const DIAG = 7;
/** Buckets of Dial's queue: one more than the largest step cost. */
const BUCKETS = 8;
const MAX_DIST = 0xfffe;
/** How far past `stopAt` a bounded search goes (field units: 4 tiles). */
const STOP_MARGIN = 4 * DIST_SCALE;
/** Half the side of the box tested for a walking circle (ENTITY_RADIUS plus a small margin). */
const CLEARANCE = 0.4;
/** How many tiles down the field flowDirection looks for a straight line to walk. */
const LOOKAHEAD = 5;
const chain = new Int32Array(LOOKAHEAD);

// Scratch reused by every call: one queue per bucket and a passability map.
let bucketData = new Int32Array(0);
const bucketLen = new Int32Array(BUCKETS);
/** Per block mask, 1 for each tile code a walker may enter (DEADLY never). */
const PASSABLE: Uint8Array[] = [];
for (let m = 0; m < 16; m++) {
  PASSABLE.push(Uint8Array.from(TILE_FLAGS, (f) => ((f & (m | DEADLY)) === 0 ? 1 : 0)));
}

/** Lowers tile idx to distance d and queues it. */
function relax(field: Uint16Array, idx: number, d: number, n: number): void {
  field[idx] = d;
  const b = d & (BUCKETS - 1);
  bucketData[b * n + bucketLen[b]++] = idx;
}

function ensureScratch(n: number): void {
  if (bucketData.length < n * BUCKETS) {
    bucketData = new Int32Array(n * BUCKETS);
  }
}

/**
 * Dijkstra distance field (Dial's bucket queue, 8 neighbours, no corner
 * cutting past a blocked tile) from the goal tiles over tiles whose
 * `TILE_FLAGS & blockMask` is 0. DEADLY tiles are always blocked.
 * Unreachable tiles get {@link UNREACHABLE}.
 *
 * A goal on a blocked (but not deadly) tile is still a source, so a caller
 * can path to a door or a terminal on a wall: the field leads to the
 * walkable tiles beside it. Goals outside the grid or in steel are ignored.
 *
 * With `stopAt` (a tile index, e.g. the walker's own tile) the search ends a
 * few tiles past that tile's distance: enough for {@link flowDirection} from
 * there, at a fraction of the cost when the goal is near. Tiles farther
 * than that read UNREACHABLE or an overestimate.
 */
export function distanceField(
  tiles: Uint8Array,
  width: number,
  height: number,
  goals: readonly { x: number; y: number }[],
  blockMask: number,
  out?: Uint16Array,
  stopAt = -1,
): Uint16Array {
  const n = width * height;
  const field = out && out.length >= n ? out : new Uint16Array(n);
  field.fill(UNREACHABLE, 0, n);
  ensureScratch(n);
  const pass = PASSABLE[blockMask & 15];
  bucketLen.fill(0);
  // Rows by multiplication: exact for any grid index, and faster than a modulo per tile.
  const invWidth = 1 / width + 1e-12;

  for (const g of goals) {
    const gx = Math.floor(g.x);
    const gy = Math.floor(g.y);
    if (gx < 0 || gy < 0 || gx >= width || gy >= height) continue;
    const idx = gy * width + gx;
    if (TILE_FLAGS[tiles[idx]] & DEADLY || field[idx] === 0) continue;
    field[idx] = 0;
    bucketData[bucketLen[0]++] = idx;
  }

  // Every queued distance lies within BUCKETS of the one being read, so a full lap of empty buckets ends it.
  let limit = MAX_DIST;
  for (let d = 0, empty = 0; empty < BUCKETS && d <= limit; d++) {
    const b = d & (BUCKETS - 1);
    const base = b * n;
    // Step costs are ≥ 5, so relaxing never appends to the bucket being read.
    const len = bucketLen[b];
    empty = len === 0 ? empty + 1 : 0;
    for (let i = 0; i < len; i++) {
      const idx = bucketData[base + i];
      if (field[idx] !== d) continue; // a stale entry, improved since it was queued
      if (idx === stopAt) limit = d + STOP_MARGIN;
      const y = (idx * invWidth) | 0;
      const x = idx - y * width;
      const left = x > 0 && pass[tiles[idx - 1]] === 1;
      const right = x < width - 1 && pass[tiles[idx + 1]] === 1;
      const up = y > 0 && pass[tiles[idx - width]] === 1;
      const down = y < height - 1 && pass[tiles[idx + width]] === 1;
      const o = d + ORTHO;
      if (o <= MAX_DIST) {
        if (left && field[idx - 1] > o) relax(field, idx - 1, o, n);
        if (right && field[idx + 1] > o) relax(field, idx + 1, o, n);
        if (up && field[idx - width] > o) relax(field, idx - width, o, n);
        if (down && field[idx + width] > o) relax(field, idx + width, o, n);
      }
      const g = d + DIAG;
      if (g <= MAX_DIST) {
        // A diagonal step needs both tiles beside it open: no cutting a wall corner.
        if (up && left && pass[tiles[idx - width - 1]] === 1 && field[idx - width - 1] > g)
          relax(field, idx - width - 1, g, n);
        if (up && right && pass[tiles[idx - width + 1]] === 1 && field[idx - width + 1] > g)
          relax(field, idx - width + 1, g, n);
        if (down && left && pass[tiles[idx + width - 1]] === 1 && field[idx + width - 1] > g)
          relax(field, idx + width - 1, g, n);
        if (down && right && pass[tiles[idx + width + 1]] === 1 && field[idx + width + 1] > g)
          relax(field, idx + width + 1, g, n);
      }
    }
    bucketLen[b] = 0;
  }
  return field;
}

/** The field value under the float point (x, y); UNREACHABLE outside the grid. */
export function fieldAt(field: Uint16Array, width: number, height: number, x: number, y: number): number {
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= width || ty >= height) return UNREACHABLE;
  return field[ty * width + tx];
}

/** Whether a walker may stand on tile idx of this field (reachable, and not a blocked goal such as a door). */
function walkable(field: Uint16Array, tiles: Uint8Array, idx: number): boolean {
  const v = field[idx];
  return v !== UNREACHABLE && (v > 0 || (TILE_FLAGS[tiles[idx]] & BLOCKS_WALK) === 0);
}

/**
 * The neighbour of tile idx lowest on the field (diagonals only past open
 * corners), or -1 if none is lower: the next tile of the path down the field.
 */
export function downhill(field: Uint16Array, width: number, height: number, idx: number): number {
  const x = idx % width;
  const y = (idx - x) / width;
  let best = -1;
  let bestV = field[idx];
  for (let dy = -1; dy <= 1; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      if ((dx === 0 && dy === 0) || nx < 0 || nx >= width) continue;
      const nidx = ny * width + nx;
      const v = field[nidx];
      if (v >= bestV) continue;
      if (dx !== 0 && dy !== 0) {
        if (field[y * width + nx] === UNREACHABLE || field[ny * width + x] === UNREACHABLE) continue;
      }
      best = nidx;
      bestV = v;
    }
  }
  return best;
}

/** Whether a circle can walk straight from (ax, ay) to (bx, by) over walkable tiles of the field. */
function walkClear(
  field: Uint16Array,
  tiles: Uint8Array,
  width: number,
  height: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): boolean {
  const len = Math.hypot(bx - ax, by - ay);
  const steps = Math.max(1, Math.ceil(len / 0.35));
  // The box's corner tiles change only every few samples: test each new box once.
  let px0 = -1;
  let py0 = -1;
  let px1 = -1;
  let py1 = -1;
  for (let s = 1; s <= steps; s++) {
    const t = s / steps;
    const px = ax + (bx - ax) * t;
    const py = ay + (by - ay) * t;
    const x0 = Math.floor(px - CLEARANCE);
    const x1 = Math.floor(px + CLEARANCE);
    const y0 = Math.floor(py - CLEARANCE);
    const y1 = Math.floor(py + CLEARANCE);
    if (x0 === px0 && x1 === px1 && y0 === py0 && y1 === py1) continue;
    px0 = x0;
    px1 = x1;
    py0 = y0;
    py1 = y1;
    if (x0 < 0 || y0 < 0 || x1 >= width || y1 >= height) return false;
    if (!walkable(field, tiles, y0 * width + x0) || !walkable(field, tiles, y0 * width + x1)) return false;
    if (!walkable(field, tiles, y1 * width + x0) || !walkable(field, tiles, y1 * width + x1)) return false;
  }
  return true;
}

/**
 * Unit direction (written into `out`) to walk from the float position (x, y)
 * down the field; false when (x, y) is on a goal tile or nothing reachable is
 * near. It follows the field up to a few tiles ahead and aims at the farthest
 * tile centre a circle of ENTITY_RADIUS can walk to in a straight line, so
 * paths are smooth and stay off wall corners and steel edges. Allocation-free.
 */
export function flowDirection(
  field: Uint16Array,
  tiles: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  out: { x: number; y: number },
): boolean {
  const tx = Math.floor(x);
  const ty = Math.floor(y);
  if (tx < 0 || ty < 0 || tx >= width || ty >= height) return false;
  const here = ty * width + tx;
  if (field[here] === 0) return false;
  // The next tiles down the field; aim at the farthest one a straight walk reaches.
  let k = 0;
  let next = downhill(field, width, height, here);
  while (next >= 0) {
    chain[k++] = next;
    if (k === LOOKAHEAD || field[next] === 0) break;
    next = downhill(field, width, height, next);
  }
  if (k === 0) return false;
  let target = chain[0];
  for (let j = k - 1; j > 0; j--) {
    const c = chain[j];
    if (walkClear(field, tiles, width, height, x, y, (c % width) + 0.5, Math.floor(c / width) + 0.5)) {
      target = c;
      break;
    }
  }
  const dx = (target % width) + 0.5 - x;
  const dy = Math.floor(target / width) + 0.5 - y;
  const len = Math.hypot(dx, dy);
  if (len < 1e-6) return false;
  out.x = dx / len;
  out.y = dy / len;
  return true;
}

/**
 * Distance fields cached per (goal, blockMask). A field built for an older
 * tiles version (World.tilesVersion, bumped when a door opens) is rebuilt
 * when next asked for; passing another tile array drops them all. Least
 * recently used fields are evicted past `maxFields`, and their buffers reused.
 */
export class PathCache {
  /**
   * How many out-of-date fields may still be rebuilt; unlimited by default
   * (every field is current). A caller that sets it, say once per step,
   * spreads the rebuilds after a door opens over several steps and is
   * served the previous version's field meanwhile. That is safe when tiles
   * only ever open (doors do): every way in the old field is still there.
   */
  refreshBudget = Number.POSITIVE_INFINITY;
  private readonly maxFields: number;
  private readonly fields = new Map<number | string, { field: Uint16Array; version: number }>();
  private readonly spare: Uint16Array[] = [];
  private tiles: Uint8Array | null = null;

  constructor(maxFields = 16) {
    this.maxFields = Math.max(1, maxFields);
  }

  /** The field toward the tile containing (goalX, goalY) over tiles not blocked by `blockMask`. */
  field(
    tiles: Uint8Array,
    width: number,
    height: number,
    version: number,
    goalX: number,
    goalY: number,
    blockMask: number,
  ): Uint16Array {
    const key = (Math.floor(goalY) * width + Math.floor(goalX)) * 16 + (blockMask & 15);
    return this.lookup(tiles, width, height, version, key, blockMask, [{ x: goalX, y: goalY }]);
  }

  /**
   * The field toward several goal tiles at once (e.g. every tile of a zone's
   * exit), cached under a caller-chosen name that must identify the goals.
   */
  fieldFor(
    tiles: Uint8Array,
    width: number,
    height: number,
    version: number,
    name: string,
    goals: readonly { x: number; y: number }[],
    blockMask: number,
  ): Uint16Array {
    return this.lookup(tiles, width, height, version, `${name}#${blockMask & 15}`, blockMask, goals);
  }

  /** How many fields are cached now. */
  get size(): number {
    return this.fields.size;
  }

  private lookup(
    tiles: Uint8Array,
    width: number,
    height: number,
    version: number,
    key: number | string,
    blockMask: number,
    goals: readonly { x: number; y: number }[],
  ): Uint16Array {
    if (tiles !== this.tiles) {
      for (const e of this.fields.values()) this.spare.push(e.field);
      this.fields.clear();
      this.tiles = tiles;
    }
    const hit = this.fields.get(key);
    if (hit) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.fields.delete(key);
      this.fields.set(key, hit);
      if (hit.version !== version && this.refreshBudget > 0) {
        this.refreshBudget--;
        distanceField(tiles, width, height, goals, blockMask, hit.field);
        hit.version = version;
      }
      return hit.field;
    }
    if (this.fields.size >= this.maxFields) {
      const oldest = this.fields.keys().next().value as number | string;
      const e = this.fields.get(oldest);
      this.fields.delete(oldest);
      if (e) this.spare.push(e.field);
    }
    let buf = this.spare.pop();
    while (buf && buf.length < width * height) buf = this.spare.pop();
    const field = distanceField(tiles, width, height, goals, blockMask, buf);
    this.fields.set(key, { field, version });
    return field;
  }
}
