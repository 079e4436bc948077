/**
 * The implementations bench/spatial.ts races. Each one's `tick` is its work
 * on positions the bench has just moved — index N points, then one radius
 * query of R around every point — returning the total hits; the floor and
 * move-only rows do less and return -1.
 */
import Flatbush from 'flatbush';
import RBush from 'rbush';
import { SpatialHash } from '../shared/sim/SpatialHash.js';

/** The query radius, tiles. */
export const R = 1.5;
const RR = R * R;

/** One implementation of a tick: index the points, query around each, return the total hits. */
export interface Impl {
  readonly name: string;
  /** Time multiplier when only part of the work is done. */
  readonly scale: number;
  /** Whether `tick` returns a neighbour total to check against the hash. */
  readonly total: boolean;
  tick(xs: Float64Array, ys: Float64Array, n: number): number;
}

function trim(out: number[], k: number): void {
  while (out.length > k) out.pop();
}

export class HashImpl implements Impl {
  readonly name = 'hash';
  readonly scale = 1;
  readonly total = true;
  private readonly hash: SpatialHash;
  private readonly out: number[] = [];
  constructor(side: number) {
    this.hash = new SpatialHash(side, side, 2 * R);
  }
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    const { hash, out } = this;
    hash.rebuild(xs, ys, n);
    let total = 0;
    for (let i = 0; i < n; i++) total += hash.queryRadius(xs[i], ys[i], R, out);
    return total;
  }
}

export class NaiveImpl implements Impl {
  readonly name = 'naive';
  readonly total = true;
  private readonly out: number[] = [];
  constructor(readonly scale: number) {}
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    const out = this.out;
    let total = 0;
    for (let i = 0; i < n; i += this.scale) {
      const x = xs[i];
      const y = ys[i];
      let k = 0;
      for (let j = 0; j < n; j++) {
        const dx = xs[j] - x;
        const dy = ys[j] - y;
        if (dx * dx + dy * dy <= RR) out[k++] = j;
      }
      trim(out, k);
      total += k;
    }
    return total;
  }
}

interface Item {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: number;
}

export class RBushImpl implements Impl {
  readonly name = 'rbush';
  readonly scale = 1;
  readonly total = true;
  private readonly tree = new RBush<Item>();
  private readonly items: Item[] = [];
  private readonly box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  private readonly out: number[] = [];
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    const { tree, items, box, out } = this;
    while (items.length < n) items.push({ minX: 0, minY: 0, maxX: 0, maxY: 0, id: items.length });
    for (let i = 0; i < n; i++) {
      const it = items[i];
      it.minX = it.maxX = xs[i];
      it.minY = it.maxY = ys[i];
    }
    tree.clear();
    tree.load(items.length === n ? items : items.slice(0, n));
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      box.minX = x - R;
      box.minY = y - R;
      box.maxX = x + R;
      box.maxY = y + R;
      const found = tree.search(box);
      let k = 0;
      for (let j = 0; j < found.length; j++) {
        const dx = found[j].minX - x;
        const dy = found[j].minY - y;
        if (dx * dx + dy * dy <= RR) out[k++] = found[j].id;
      }
      trim(out, k);
      total += k;
    }
    return total;
  }
}

export class FlatbushImpl implements Impl {
  readonly name = 'flatbush';
  readonly scale = 1;
  readonly total = true;
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    const index = new Flatbush(n);
    for (let i = 0; i < n; i++) index.add(xs[i], ys[i]);
    index.finish();
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      const found = index.search(x - R, y - R, x + R, y + R, (j) => {
        const dx = xs[j] - x;
        const dy = ys[j] - y;
        return dx * dx + dy * dy <= RR;
      });
      total += found.length;
    }
    return total;
  }
}

export class PlainGridImpl implements Impl {
  readonly name = 'plain grid';
  readonly scale = 1;
  readonly total = true;
  private readonly cols: number;
  private readonly cellStart: Int32Array;
  private readonly cursor: Int32Array;
  private ids = new Int32Array(0);
  private cellOf = new Int32Array(0);
  private readonly out: number[] = [];
  constructor(side: number) {
    this.cols = Math.ceil(side / R);
    this.cellStart = new Int32Array(this.cols * this.cols + 1);
    this.cursor = new Int32Array(this.cols * this.cols);
  }
  private cell(v: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(v / R)));
  }
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    const { cols, cellStart, cursor, out } = this;
    if (this.ids.length < n) [this.ids, this.cellOf] = [new Int32Array(n), new Int32Array(n)];
    const { ids, cellOf } = this;
    cellStart.fill(0);
    for (let i = 0; i < n; i++) {
      cellOf[i] = this.cell(ys[i]) * cols + this.cell(xs[i]);
      cellStart[cellOf[i] + 1]++;
    }
    for (let c = 0; c < cols * cols; c++) cellStart[c + 1] += cellStart[c];
    cursor.set(cellStart.subarray(0, cols * cols));
    for (let i = 0; i < n; i++) ids[cursor[cellOf[i]]++] = i;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      const cx = this.cell(x);
      const cy = this.cell(y);
      let k = 0;
      for (let gy = Math.max(0, cy - 1); gy <= Math.min(cols - 1, cy + 1); gy++) {
        for (let gx = Math.max(0, cx - 1); gx <= Math.min(cols - 1, cx + 1); gx++) {
          const c = gy * cols + gx;
          for (let s = cellStart[c]; s < cellStart[c + 1]; s++) {
            const j = ids[s];
            const dx = xs[j] - x;
            const dy = ys[j] - y;
            if (dx * dx + dy * dy <= RR) out[k++] = j;
          }
        }
      }
      trim(out, k);
      total += k;
    }
    return total;
  }
}

/** Reads each position once: the work every tick must do beyond moving the crowd. */
export class FloorImpl implements Impl {
  readonly name = 'floor';
  readonly scale = 1;
  readonly total = false;
  /** Kept so the sums are used and the loop cannot be optimised away. */
  checksum = 0;
  tick(xs: Float64Array, ys: Float64Array, n: number): number {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += xs[i];
      sy += ys[i];
    }
    this.checksum += sx + sy;
    return -1;
  }
}

/** No work at all: the row shows what moving the crowd costs. */
export class MoveOnlyImpl implements Impl {
  readonly name = 'move only';
  readonly scale = 1;
  readonly total = false;
  tick(): number {
    return -1;
  }
}
