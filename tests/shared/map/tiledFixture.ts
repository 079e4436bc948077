/** Builds small Tiled JSON maps in code for the map tests. */

const CODES: Record<string, number> = { '.': 0, '#': 1, '|': 2, D: 3, o: 4, '~': 5 };
const PX = 32;

export type TiledObject = Record<string, unknown>;

/** Tiled's custom property list from a plain object. */
function props(p: Record<string, unknown> | undefined) {
  if (!p) return undefined;
  return Object.entries(p).map(([name, value]) => ({
    name,
    type: typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'string',
    value,
  }));
}

let nextId = 1;

/** A point object at tile coordinates (x, y). */
export function pt(
  type: string,
  name: string,
  x: number,
  y: number,
  p?: Record<string, unknown>,
): TiledObject {
  return {
    id: nextId++,
    name,
    type,
    x: x * PX,
    y: y * PX,
    width: 0,
    height: 0,
    point: true,
    properties: props(p),
  };
}

/** A rectangle object covering tiles [x, x + w) × [y, y + h). */
export function rect(
  type: string,
  name: string,
  x: number,
  y: number,
  w: number,
  h: number,
  p?: Record<string, unknown>,
): TiledObject {
  return {
    id: nextId++,
    name,
    type,
    x: x * PX,
    y: y * PX,
    width: w * PX,
    height: h * PX,
    properties: props(p),
  };
}

/** A polyline object through the given tile points. */
export function poly(name: string, points: [number, number][], p?: Record<string, unknown>): TiledObject {
  const [x0, y0] = points[0];
  return {
    id: nextId++,
    name,
    type: 'patrol',
    x: x0 * PX,
    y: y0 * PX,
    width: 0,
    height: 0,
    polyline: points.map(([x, y]) => ({ x: (x - x0) * PX, y: (y - y0) * PX })),
    properties: props(p),
  };
}

/** A Tiled JSON map from rows of tile characters ('.', '#', '|', 'D', 'o', '~') and objects. */
export function tiled(rows: string[], objects: TiledObject[]) {
  const height = rows.length;
  const width = rows[0].length;
  for (const r of rows) if (r.length !== width) throw new Error(`ragged row: ${r}`);
  const data = rows.flatMap((r) => [...r].map((c) => CODES[c] + 1));
  return {
    type: 'map',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width,
    height,
    tilewidth: PX,
    tileheight: PX,
    tilesets: [{ firstgid: 1, name: 'tiles', tilecount: 6 }],
    layers: [
      { id: 1, name: 'tiles', type: 'tilelayer', width, height, x: 0, y: 0, opacity: 1, visible: true, data },
      { id: 2, name: 'objects', type: 'objectgroup', draworder: 'topdown', x: 0, y: 0, objects },
    ],
  };
}

/**
 * The smallest valid map: Sarah's cell (west), the streets, the vault room
 * behind the vault door, steel in the mill (east).
 */
export const SMALL_ROWS = [
  '########################', // 0
  '#..#..........#..#....~#', // 1
  '#..D..........D..#....~#', // 2
  '####..........#..#....~#', // 3
  '#.............#..#....~#', // 4
  '#.............####....~#', // 5
  '#.....................~#', // 6
  '#.....................~#', // 7
  '#......................#', // 8
  '########################', // 9
];

export function smallObjects(): TiledObject[] {
  return [
    pt('spawn', 'sarah', 1.5, 1.5),
    pt('spawn', 'john', 5.5, 7.5),
    pt('spawn', 't800', 6.5, 7.5),
    pt('spawn', 'dyson', 10.5, 4.5),
    pt('spawn', 't1000', 2.5, 5.5),
    rect('zone', 'hospital', 0, 0, 4, 10),
    rect('zone', 'streets', 4, 0, 10, 10),
    rect('zone', 'cyberdyne', 14, 0, 4, 10),
    rect('zone', 'mill', 18, 0, 6, 10),
    rect('door', 'cell', 3, 2, 1, 1, { kind: 'cell' }),
    rect('door', 'vault', 14, 2, 1, 1, { kind: 'vault' }),
    pt('chip', '', 15.5, 3.5),
    pt('terminal', '', 8.5, 8.5),
    pt('terminal', '', 12.5, 8.5),
    pt('terminal', '', 16.5, 8.5),
    rect('extraction', '', 20, 2, 2, 3),
    poly(
      'beat',
      [
        [5.5, 4.5],
        [12.5, 4.5],
      ],
      { unit: 'police' },
    ),
    poly(
      'post',
      [
        [15.5, 7.5],
        [16.5, 6.5],
        [17.5, 7.5],
      ],
      { unit: 'guard', loop: true, weight: 2 },
    ),
    pt('crate', '', 9.5, 7.5),
    pt('poi', '', 5.5, 1.5),
    pt('poi', '', 9.5, 2.5),
    pt('poi', '', 12.5, 6.5),
  ];
}
