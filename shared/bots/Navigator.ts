import { DIST_SCALE, distanceField, downhill, flowDirection, PathCache, UNREACHABLE } from '../map/paths.js';
import { BLOCKS_WALK, DEADLY, TILE_FLAGS, Tile } from '../map/tiles.js';
import type { GameMap } from '../map/types.js';
import type { Perception } from '../sim/perception.js';
import { type RngHolder, random } from '../sim/rng.js';
import { DT } from '../tuning.js';
import { mapInfo } from './mapInfo.js';

/**
 * How a bot finds its way: cached distance fields toward fixed goals (shared
 * by every bot of a match), bounded fields toward moving targets (re-planned
 * a few times a second), straight lines when the way is clear, and a nudge
 * when it is stuck in a crowd. Reads only the perceived map and tiles.
 */

/** Fields shared by every bot on one world's tile array. */
interface SharedFields {
  real: PathCache;
  /** Fields over the map with every locked door open, to find which door is in the way. */
  open: PathCache;
  /** The tiles with every tile beside the steel walled off, for a walker that must not be knocked in. */
  wary: Uint8Array | null;
  waryVersion: number;
  waryFields: PathCache;
  /** Game time the rebuild budgets were last refilled. */
  budgetAt: number;
}
const shared = new WeakMap<Uint8Array, SharedFields>();

/** Half-side of the box a straight walk must keep clear (the circle radius plus a margin). */
const CLEAR = 0.38;
/** Moving targets are re-planned at most this often (seconds). */
const REPLAN = 0.3;
/** Out-of-date fields rebuilt per step for all the bots of a match. */
const REBUILDS_PER_STEP = 1;
/** Straight lines are tried up to this length (tiles). */
const DIRECT = 8;

export class Navigator {
  /** The direction chosen by the last {@link steer}. */
  readonly dir = { x: 0, y: 0 };
  private map!: GameMap;
  /** The tiles paths are found on: the world's, or the wary copy. */
  private tiles!: Uint8Array;
  private worldTiles!: Uint8Array;
  private cache!: PathCache;
  private fields!: SharedFields;
  /** Doors open now: a cheap version of the tiles (doors only ever open). */
  version = 0;
  private time = 0;
  private chaseBuf: Uint16Array | null = null;
  private scratch: Uint16Array | null = null;
  private chaseGoal = -1;
  private chaseMask = -1;
  private chaseTiles: Uint8Array | null = null;
  private chaseVersion = -1;
  private chaseAt = Number.NEGATIVE_INFINITY;
  private lastX = 0;
  private lastY = 0;
  private stillFor = 0;
  private nudgeLeft = 0;
  private nudgeX = 0;
  private nudgeY = 0;
  private readonly rng: RngHolder;

  constructor(rng: RngHolder) {
    this.rng = rng;
  }

  /** Call once per think, before anything else. */
  begin(p: Perception): void {
    this.map = p.map;
    this.tiles = p.tiles;
    let f = shared.get(p.tiles);
    if (!f) {
      f = {
        real: new PathCache(48),
        open: new PathCache(32),
        wary: null,
        waryVersion: -1,
        waryFields: new PathCache(8),
        budgetAt: Number.NaN,
      };
      shared.set(p.tiles, f);
    }
    this.fields = f;
    if (f.budgetAt !== p.time) {
      // Spread the rebuilds after a door opens over the next steps (old fields stay walkable meanwhile).
      f.budgetAt = p.time;
      f.real.refreshBudget = REBUILDS_PER_STEP;
      f.waryFields.refreshBudget = REBUILDS_PER_STEP;
    }
    this.worldTiles = p.tiles;
    this.cache = f.real;
    let v = 0;
    for (const d of p.map.doors) if (p.tiles[d.tiles[0]] === Tile.DoorOpen) v++;
    this.version = v;
    this.time = p.time;
  }

  /**
   * Path and walk straight lines as if every tile beside molten steel were
   * a wall (on) or over the tiles as they are (off). The hunter walks wary,
   * so that no shot on the way can knock it in.
   */
  setWary(on: boolean): void {
    if (!on) {
      this.tiles = this.worldTiles;
      this.cache = this.fields.real;
      return;
    }
    const f = this.fields;
    if (!f.wary || f.waryVersion !== this.version) {
      const info = mapInfo(this.map);
      const t = this.worldTiles.slice();
      for (let i = 0; i < t.length; i++) if (info.nearSteel[i] === 1) t[i] = Tile.Wall;
      f.wary = t;
      f.waryVersion = this.version;
    }
    this.tiles = f.wary;
    this.cache = f.waryFields;
  }

  /** The cached field toward a fixed goal over the tiles as they are. */
  field(gx: number, gy: number, mask = BLOCKS_WALK): Uint16Array {
    const { width, height } = this.map;
    return this.cache.field(this.tiles, width, height, this.version, gx, gy, mask);
  }

  /** The cached field toward several goals, under a name that identifies them. */
  fieldFor(name: string, goals: readonly { x: number; y: number }[], mask = BLOCKS_WALK): Uint16Array {
    const { width, height } = this.map;
    return this.cache.fieldFor(this.tiles, width, height, this.version, name, goals, mask);
  }

  /** Walking distance in tiles from (x, y) down a field; Infinity if unreachable. */
  distOn(field: Uint16Array, x: number, y: number): number {
    const { width, height } = this.map;
    const tx = Math.floor(x);
    const ty = Math.floor(y);
    if (tx < 0 || ty < 0 || tx >= width || ty >= height) return Number.POSITIVE_INFINITY;
    const v = field[ty * width + tx];
    return v === UNREACHABLE ? Number.POSITIVE_INFINITY : v / DIST_SCALE;
  }

  /** Walking distance in tiles from (x, y) to a fixed goal; Infinity if unreachable now. */
  pathDist(x: number, y: number, gx: number, gy: number, mask = BLOCKS_WALK): number {
    return this.distOn(this.field(gx, gy, mask), x, y);
  }

  /** Walking distance in tiles from (x, y) to (gx, gy) if every locked door were open. */
  openDist(x: number, y: number, gx: number, gy: number): number {
    const { width, height } = this.map;
    const f = this.fields.open.field(mapInfo(this.map).openTiles, width, height, 0, gx, gy, BLOCKS_WALK);
    return this.distOn(f, x, y);
  }

  /**
   * Walking distance in tiles from (x, y) to (gx, gy) over `mask`. A fixed
   * goal uses the shared cache; a moving one a bounded search (cheap when
   * near). Infinity if unreachable.
   */
  pathDistTo(x: number, y: number, gx: number, gy: number, mask: number, moving: boolean): number {
    if (!moving) return this.pathDist(x, y, gx, gy, mask);
    const { width, height } = this.map;
    const n = width * height;
    if (!this.scratch || this.scratch.length < n) this.scratch = new Uint16Array(n);
    const self = Math.floor(y) * width + Math.floor(x);
    distanceField(this.tiles, width, height, [{ x: gx, y: gy }], mask, this.scratch, self);
    return this.distOn(this.scratch, x, y);
  }

  /**
   * The first locked door on the way from (x, y) to (gx, gy) if the doors
   * were open, or -1 (none in the way, or no way even then).
   */
  doorInTheWay(x: number, y: number, gx: number, gy: number): number {
    const { width, height } = this.map;
    const info = mapInfo(this.map);
    const f = this.fields.open.field(info.openTiles, width, height, 0, gx, gy, BLOCKS_WALK);
    let idx = Math.floor(y) * width + Math.floor(x);
    if (idx < 0 || idx >= width * height || f[idx] === UNREACHABLE) return -1;
    for (let guard = 0; guard < width * height && f[idx] > 0; guard++) {
      if (this.tiles[idx] === Tile.DoorLocked) return info.doorAt[idx];
      idx = downhill(f, width, height, idx);
      if (idx < 0) return -1;
    }
    return this.tiles[idx] === Tile.DoorLocked ? info.doorAt[idx] : -1;
  }

  /** Flags of the tile under (x, y); outside the map counts as wall. */
  flagsAt(x: number, y: number): number {
    const tx = Math.floor(x);
    const ty = Math.floor(y);
    const { width, height } = this.map;
    if (tx < 0 || ty < 0 || tx >= width || ty >= height) return TILE_FLAGS[Tile.Wall];
    return TILE_FLAGS[this.tiles[ty * width + tx]];
  }

  /** Whether a circle can walk straight from a to b without touching a blocked or deadly tile. */
  clearLine(ax: number, ay: number, bx: number, by: number, mask = BLOCKS_WALK): boolean {
    const { width, height } = this.map;
    const m = mask | DEADLY;
    const len = Math.hypot(bx - ax, by - ay);
    const steps = Math.max(1, Math.ceil(len / 0.45));
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const px = ax + (bx - ax) * t;
      const py = ay + (by - ay) * t;
      for (let c = 0; c < 4; c++) {
        const cx = Math.floor(px + (c & 1 ? CLEAR : -CLEAR));
        const cy = Math.floor(py + (c & 2 ? CLEAR : -CLEAR));
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) return false;
        if (TILE_FLAGS[this.tiles[cy * width + cx]] & m) return false;
      }
    }
    return true;
  }

  /**
   * Sets {@link dir} to walk from (x, y) toward (gx, gy). `moving` targets get
   * a private bounded field re-planned a few times a second; fixed ones a
   * shared cached field. Returns false when there is no way there now.
   */
  steer(x: number, y: number, gx: number, gy: number, mask = BLOCKS_WALK, moving = false): boolean {
    const dx = gx - x;
    const dy = gy - y;
    const d = Math.hypot(dx, dy);
    if (d < 1e-3) {
      this.dir.x = 0;
      this.dir.y = 0;
      return true;
    }
    if (d <= DIRECT && this.clearLine(x, y, gx, gy, mask)) {
      this.dir.x = dx / d;
      this.dir.y = dy / d;
      return true;
    }
    const { width, height } = this.map;
    const field = moving ? this.chaseField(x, y, gx, gy, mask) : this.field(gx, gy, mask);
    if (flowDirection(field, this.tiles, width, height, x, y, this.dir)) return true;
    const here = this.distOn(field, x, y);
    if (here === 0) {
      // On the goal's tile: walk the last bit straight.
      this.dir.x = dx / d;
      this.dir.y = dy / d;
      return true;
    }
    return false;
  }

  /** Sets {@link dir} down a given field from (x, y); false at its goal or where it does not reach. */
  steerOn(field: Uint16Array, x: number, y: number): boolean {
    const { width, height } = this.map;
    return flowDirection(field, this.tiles, width, height, x, y, this.dir);
  }

  private chaseField(x: number, y: number, gx: number, gy: number, mask: number): Uint16Array {
    const { width, height } = this.map;
    const n = width * height;
    if (!this.chaseBuf || this.chaseBuf.length < n) this.chaseBuf = new Uint16Array(n);
    const goal = Math.floor(gy) * width + Math.floor(gx);
    const self = Math.floor(y) * width + Math.floor(x);
    const stale =
      this.chaseTiles !== this.tiles ||
      this.chaseMask !== mask ||
      this.chaseVersion !== this.version ||
      this.chaseBuf[self] === UNREACHABLE ||
      (goal !== this.chaseGoal && this.time - this.chaseAt >= REPLAN);
    if (stale) {
      distanceField(this.tiles, width, height, [{ x: gx, y: gy }], mask, this.chaseBuf, self);
      this.chaseGoal = goal;
      this.chaseTiles = this.tiles;
      this.chaseMask = mask;
      this.chaseVersion = this.version;
      this.chaseAt = this.time;
    }
    return this.chaseBuf;
  }

  /**
   * Writes the move for this step into `out`, at `speed` (0–1) along
   * {@link dir}, swapped for a short sideways nudge when the walker has not
   * moved for a second although it meant to (a crowd, another circle).
   */
  move(x: number, y: number, out: { moveX: number; moveY: number }, speed = 1): void {
    const wants = speed > 0 && (this.dir.x !== 0 || this.dir.y !== 0);
    if (wants && Math.hypot(x - this.lastX, y - this.lastY) < 0.02) this.stillFor += DT;
    else this.stillFor = 0;
    this.lastX = x;
    this.lastY = y;
    if (this.stillFor > 1 && this.nudgeLeft <= 0) {
      this.stillFor = 0;
      const first = random(this.rng) < 0.5 ? 1 : -1;
      for (const side of [first, -first]) {
        const nx = -this.dir.y * side + this.dir.x * 0.3;
        const ny = this.dir.x * side + this.dir.y * 0.3;
        // Never nudge toward a wall corner or the steel.
        if (!this.clearLine(x, y, x + nx, y + ny)) continue;
        this.nudgeX = nx;
        this.nudgeY = ny;
        this.nudgeLeft = 0.5;
        break;
      }
    }
    if (this.nudgeLeft > 0 && wants) {
      this.nudgeLeft -= DT;
      out.moveX = this.nudgeX * speed;
      out.moveY = this.nudgeY * speed;
      return;
    }
    out.moveX = this.dir.x * speed;
    out.moveY = this.dir.y * speed;
  }
}
