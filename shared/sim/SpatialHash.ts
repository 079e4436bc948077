/**
 * A uniform grid over the map for "who is near here" queries (collision, hits,
 * touch, vision, NPCs). It is rebuilt from scratch every step by a counting
 * sort, so there is no incremental state to drift.
 *
 * The layout serves the query loop, which runs once per entity per step:
 * - cells are numbered row-major and the points are copied into cell order,
 *   interleaved as `[x, y, index]` triples in one Float64Array. The cells of
 *   one grid row are one contiguous run of triples, so a query scans one span
 *   per grid row it touches (two for a radius of half a cell) rather than
 *   visiting each cell, and one cache line brings a point's coordinates and
 *   index together;
 * - `start[c]` is the first point of cell c and `start[cells]` is n, so the
 *   span of row `cy`, columns `cx0..cx1` is `start[cy*cols+cx0] .. start[cy*cols+cx1+1]`;
 * - the coordinates are float64 copies, so the distance test is bit-for-bit
 *   the brute-force `dx*dx + dy*dy <= r*r` on the caller's numbers;
 * - the distance test adds its result to the count instead of branching on it,
 *   and every candidate's index is written at the count: a hit moves past it,
 *   a miss is overwritten. About half the candidates are hits, a branch on that
 *   would be a coin toss for the CPU's predictor;
 * - buffers are kept and only grown, so a step allocates nothing once the
 *   largest n has been seen.
 * Pick cellSize about twice the common query radius: a query then touches two
 * rows of two cells.
 */
export class SpatialHash {
  readonly width: number;
  readonly height: number;
  readonly cellSize: number;
  /** `[x, y, index]` per point, in cell order. */
  private pts = new Float64Array(0);
  /** First point of each cell, then `n`. */
  private readonly start: Int32Array;
  private readonly inv: number;
  private readonly cols: number;
  private readonly rows: number;
  private n = 0;

  /** A grid over [0,width)×[0,height) tiles with square cells of cellSize tiles. Points outside are clamped into edge cells. */
  constructor(width: number, height: number, cellSize: number) {
    const cols = Math.ceil(width / cellSize);
    const rows = Math.ceil(height / cellSize);
    if (!(width > 0 && height > 0 && cellSize > 0 && cols * rows <= 1 << 26)) {
      throw new RangeError(`SpatialHash: bad grid ${width}×${height} with cells of ${cellSize}`);
    }
    this.width = width;
    this.height = height;
    this.cellSize = cellSize;
    this.inv = 1 / cellSize;
    this.cols = cols;
    this.rows = rows;
    this.start = new Int32Array(cols * rows + 1);
  }

  /** Number of points indexed by the last rebuild. */
  get size(): number {
    return this.n;
  }

  /** Rebuild from points 0..n-1 (counting sort into cells). */
  rebuild(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number): void {
    if (3 * n > this.pts.length) this.pts = new Float64Array(3 * Math.max(n, (this.pts.length / 3) * 2, 16));
    const { start, inv, cols } = this;
    const maxX = cols - 1;
    const maxY = this.rows - 1;
    start.fill(0);
    for (let i = 0; i < n; i++) {
      start[cell(ys[i] * inv, maxY) * cols + cell(xs[i] * inv, maxX)]++;
    }
    // Prefix sums leave start[c] at the end of cell c; the scatter walks back
    // and decrements, which leaves start[c] at the first point of c.
    const cells = start.length - 1;
    let sum = 0;
    for (let c = 0; c < cells; c++) {
      sum += start[c];
      start[c] = sum;
    }
    start[cells] = n;
    // The cell is computed again rather than kept from the first pass: that
    // is cheaper than writing and reading back an array of n cells.
    const pts = this.pts;
    for (let i = n - 1; i >= 0; i--) {
      const x = xs[i];
      const y = ys[i];
      const k = 3 * --start[cell(y * inv, maxY) * cols + cell(x * inv, maxX)];
      pts[k] = x;
      pts[k + 1] = y;
      pts[k + 2] = i;
    }
    this.n = n;
  }

  /** Clears `out`, pushes the index of every point with distance <= r from (x, y), returns the count. Order is not specified. */
  queryRadius(x: number, y: number, r: number, out: number[]): number {
    const rr = r * r;
    let count = 0;
    if (rr >= 0 && this.n > 0) {
      const { inv, cols, start, pts } = this;
      const maxX = cols - 1;
      const maxY = this.rows - 1;
      let cx0 = 0;
      let cx1 = maxX;
      let cy0 = 0;
      let cy1 = maxY;
      if (rr < Number.POSITIVE_INFINITY) {
        const e = reach(r);
        cx0 = cell((x - e) * inv, maxX);
        cx1 = cell((x + e) * inv, maxX);
        cy0 = cell((y - e) * inv, maxY);
        cy1 = cell((y + e) * inv, maxY);
      }
      for (let row = cy0 * cols, last = cy1 * cols; row <= last; row += cols) {
        const end = 3 * start[row + cx1 + 1];
        for (let k = 3 * start[row + cx0]; k < end; k += 3) {
          const dx = pts[k] - x;
          const dy = pts[k + 1] - y;
          out[count] = pts[k + 2] | 0;
          count += +(dx * dx + dy * dy <= rr);
        }
      }
    }
    // `pop` keeps the array's storage; setting `length` goes through the runtime.
    while (out.length > count) out.pop();
    return count;
  }

  /** Same for the closed box [x0,x1]×[y0,y1]. */
  queryRect(x0: number, y0: number, x1: number, y1: number, out: number[]): number {
    let count = 0;
    if (x0 <= x1 && y0 <= y1 && this.n > 0) {
      const { inv, cols, start, pts } = this;
      const maxX = cols - 1;
      const maxY = this.rows - 1;
      const cx0 = cell(x0 * inv, maxX);
      const cx1 = cell(x1 * inv, maxX);
      const cy0 = cell(y0 * inv, maxY);
      const cy1 = cell(y1 * inv, maxY);
      for (let row = cy0 * cols, last = cy1 * cols; row <= last; row += cols) {
        const end = 3 * start[row + cx1 + 1];
        for (let k = 3 * start[row + cx0]; k < end; k += 3) {
          const px = pts[k];
          const py = pts[k + 1];
          if (px >= x0 && px <= x1 && py >= y0 && py <= y1) out[count++] = pts[k + 2] | 0;
        }
      }
    }
    while (out.length > count) out.pop();
    return count;
  }

  /** Visit every point within r without allocating; stop when fn returns true. */
  forEachInRadius(x: number, y: number, r: number, fn: (i: number) => boolean | undefined): void {
    const rr = r * r;
    if (!(rr >= 0) || this.n === 0) return;
    const { inv, cols, start, pts } = this;
    const maxX = cols - 1;
    const maxY = this.rows - 1;
    let cx0 = 0;
    let cx1 = maxX;
    let cy0 = 0;
    let cy1 = maxY;
    if (rr < Number.POSITIVE_INFINITY) {
      const e = reach(r);
      cx0 = cell((x - e) * inv, maxX);
      cx1 = cell((x + e) * inv, maxX);
      cy0 = cell((y - e) * inv, maxY);
      cy1 = cell((y + e) * inv, maxY);
    }
    for (let row = cy0 * cols, last = cy1 * cols; row <= last; row += cols) {
      const end = 3 * start[row + cx1 + 1];
      for (let k = 3 * start[row + cx0]; k < end; k += 3) {
        const dx = pts[k] - x;
        const dy = pts[k + 1] - y;
        if (dx * dx + dy * dy <= rr && fn(pts[k + 2] | 0) === true) return;
      }
    }
  }
}

/**
 * Half the side of a box that holds every point the float test
 * `dx*dx + dy*dy <= r*r` accepts (for a finite r*r): r widened a little for
 * rounding, plus an absolute term for when r*r underflows and accepts
 * distances far larger than r.
 */
function reach(r: number): number {
  return (r < 0 ? -r : r) * (1 + 2 ** -30) + 1e-150;
}

/**
 * The column or row of a coordinate already divided by the cell size, clamped
 * to [0, max]. Clamps before truncating (`| 0` of a huge float wraps), and NaN
 * lands in 0.
 */
function cell(f: number, max: number): number {
  return f >= max ? max : f > 0 ? f | 0 : 0;
}
