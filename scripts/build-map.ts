/**
 * Builds maps/la-1995.tmj (Tiled JSON) from the ASCII source maps/src/la-1995.txt
 * plus the zones, patrol routes and door names below, validates it with the
 * game's own loader, and writes a PNG preview (maps/la-1995.png) and the
 * tileset image Tiled shows (maps/tiles.png).
 *
 *   node_modules/.bin/node --import tsx scripts/build-map.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MapError, parseMap } from '../shared/map/loadMap.js';
import { BLOCKS_WALK, DEADLY, TILE_COUNT, TILE_FLAGS, TILE_NAMES, Tile } from '../shared/map/tiles.js';
import type { DoorKind, GameMap, PatrolUnit, ZoneName } from '../shared/map/types.js';
import { mapPreview, tilesetImage } from './mapPreview.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'maps/src/la-1995.txt');
const OUT = 'maps/la-1995.tmj';
const PX = 32;

/** West to east, as in GAME.md. */
const ZONES: [ZoneName, number, number][] = [
  ['hospital', 0, 36],
  ['streets', 36, 54],
  ['cyberdyne', 90, 35],
  ['mill', 125, 35],
];

/** Door names by the door's top-left tile; other doors are named after their kind. */
const DOOR_NAMES: Record<string, string> = {
  '17,23': 'sarah-cell',
  '23,25': 'cell-block-security',
  '100,28': 'cyberdyne-lobby-security',
  '110,9': 'cyberdyne-north-service',
  '104,17': 'terminal-room-west',
  '113,48': 'cyberdyne-loading-dock',
  '120,28': 'cyberdyne-east-exit',
  '109,25': 'vault',
  '96,39': 'cyberdyne-store-room',
};

interface Route {
  name: string;
  unit: PatrolUnit;
  points: [number, number][];
  loop?: boolean;
  weight?: number;
}

/** Patrol routes in tiles (tile centres end in .5). Police walk the hospital and the streets; guards keep Cyberdyne. */
// biome-ignore format: one route per line reads best
const PATROLS: Route[] = [
  { name: 'hospital-yard', unit: 'police', points: [[32.5, 2.5], [32.5, 56.5]] },
  { name: 'hospital-north-hall', unit: 'police', points: [[13.5, 11.5], [22.5, 11.5], [22.5, 16.5], [27.5, 16.5]] },
  { name: 'hospital-south-hall', unit: 'police', points: [[13.5, 33.5], [22.5, 33.5], [22.5, 39.5], [28.5, 39.5]] },
  { name: 'main-road', unit: 'police', points: [[36.5, 29.5], [89.5, 29.5]], weight: 2 },
  { name: 'north-street', unit: 'police', points: [[37.5, 5.5], [90.5, 5.5]] },
  { name: 'avenue-west', unit: 'police', points: [[53.5, 2.5], [53.5, 52.5]] },
  { name: 'avenue-east', unit: 'police', points: [[73.5, 2.5], [73.5, 52.5]] },
  { name: 'south-road', unit: 'police', points: [[36.5, 52.5], [90.5, 52.5]] },
  { name: 'parking-lot', unit: 'police', points: [[56.5, 36.5], [70.5, 36.5], [70.5, 49.5], [56.5, 49.5]], loop: true },
  { name: 'dyson-block', unit: 'police', points: [[55.5, 6.5], [72.5, 6.5], [72.5, 24.5], [55.5, 24.5]], loop: true },
  { name: 'warehouse-block', unit: 'police', points: [[75.5, 34.5], [89.5, 34.5], [89.5, 51.5], [75.5, 51.5]], loop: true },
  { name: 'lobby-post', unit: 'guard', points: [[98.5, 20.5], [98.5, 37.5]] },
  { name: 'north-corridor-post', unit: 'guard', points: [[102.5, 18.5], [118.5, 18.5]] },
  { name: 'vault-round', unit: 'guard', points: [[104.5, 24.5], [114.5, 24.5], [114.5, 34.5], [104.5, 34.5]], loop: true, weight: 2 },
  { name: 'loading-bay-post', unit: 'guard', points: [[114.5, 38.5], [118.5, 46.5]] },
  { name: 'east-wing-post', unit: 'guard', points: [[117.5, 20.5], [117.5, 33.5]] },
  { name: 'perimeter', unit: 'guard', points: [[91.5, 7.5], [121.5, 7.5], [121.5, 49.5], [91.5, 49.5]], loop: true },
];

const TILE_OF: Record<string, Tile> = { '.': Tile.Floor, '#': Tile.Wall, '|': Tile.Bars, '~': Tile.Steel };
const DOOR_OF: Record<string, [DoorKind, Tile]> = {
  C: ['cell', Tile.DoorLocked],
  D: ['door', Tile.DoorLocked],
  K: ['cyberdyne', Tile.DoorLocked],
  V: ['vault', Tile.DoorLocked],
  o: ['door', Tile.DoorOpen],
};
const SPAWN_OF: Record<string, string> = {
  '0': 't1000',
  '1': 'john',
  '2': 'sarah',
  '3': 't800',
  '4': 'dyson',
};
const POINT_OF: Record<string, string> = { X: 'chip', T: 'terminal', c: 'crate', p: 'poi' };

type TiledObject = Record<string, unknown>;
/** The bounding box of the 'E' tiles and how many there are. */
interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  n: number;
}

function build(rows: string[]) {
  const height = rows.length;
  const width = rows[0].length;
  const objects: TiledObject[] = [];
  let id = 1;
  const add = (o: TiledObject) => objects.push({ id: id++, rotation: 0, visible: true, ...o });
  const props = (p: Record<string, unknown>) =>
    Object.entries(p).map(([name, value]) => ({
      name,
      type: typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'int' : 'string',
      value,
    }));
  const rect = (
    type: string,
    name: string,
    x: number,
    y: number,
    w: number,
    h: number,
    p?: Record<string, unknown>,
  ) =>
    add({
      name,
      type,
      x: x * PX,
      y: y * PX,
      width: w * PX,
      height: h * PX,
      ...(p ? { properties: props(p) } : {}),
    });
  const point = (type: string, name: string, x: number, y: number) =>
    add({ name, type, x: x * PX, y: y * PX, width: 0, height: 0, point: true });

  for (const [name, x, w] of ZONES) rect('zone', name, x, 0, w, height);

  const data: number[] = [];
  const seen = new Set<number>();
  const kindCount: Record<string, number> = {};
  let extraction: Extent | null = null;
  for (let y = 0; y < height; y++) {
    if (rows[y].length !== width)
      throw new MapError(`${SRC}: row ${y} has ${rows[y].length} tiles, expected ${width}`);
    for (let x = 0; x < width; x++) {
      const c = rows[y][x];
      const door = DOOR_OF[c];
      data.push((door ? door[1] : (TILE_OF[c] ?? Tile.Floor)) + 1);
      if (door) {
        if (seen.has(y * width + x)) continue;
        const [x1, y1] = doorExtent(rows, x, y, seen);
        const key = `${x},${y}`;
        const kind = door[0];
        kindCount[kind] = (kindCount[kind] ?? 0) + 1;
        const name = DOOR_NAMES[key] ?? `${kind}-${kindCount[kind]}`;
        rect('door', name, x, y, x1 - x + 1, y1 - y + 1, { kind });
      } else if (SPAWN_OF[c]) point('spawn', SPAWN_OF[c], x + 0.5, y + 0.5);
      else if (POINT_OF[c]) point(POINT_OF[c], '', x + 0.5, y + 0.5);
      else if (c === 'E') {
        const e: Extent = extraction ?? { x0: x, y0: y, x1: x, y1: y, n: 0 };
        extraction = {
          x0: Math.min(e.x0, x),
          y0: Math.min(e.y0, y),
          x1: Math.max(e.x1, x),
          y1: Math.max(e.y1, y),
          n: e.n + 1,
        };
      } else if (!(c in TILE_OF)) throw new MapError(`${SRC}: unknown character '${c}' at (${x}, ${y})`);
    }
  }
  if (!extraction) throw new MapError(`${SRC}: no extraction ('E') tiles`);
  const { x0, y0, x1, y1, n } = extraction;
  if (n !== (x1 - x0 + 1) * (y1 - y0 + 1))
    throw new MapError(`${SRC}: the 'E' tiles do not fill a rectangle`);
  rect('extraction', 'extraction', x0, y0, x1 - x0 + 1, y1 - y0 + 1);

  for (const r of PATROLS) {
    const [px, py] = r.points[0];
    add({
      name: r.name,
      type: 'patrol',
      x: px * PX,
      y: py * PX,
      width: 0,
      height: 0,
      polyline: r.points.map(([x, y]) => ({ x: (x - px) * PX, y: (y - py) * PX })),
      properties: props({ unit: r.unit, loop: r.loop ?? false, weight: r.weight ?? 1 }),
    });
  }

  return {
    compressionlevel: -1,
    type: 'map',
    version: '1.10',
    tiledversion: '1.10.2',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width,
    height,
    tilewidth: PX,
    tileheight: PX,
    nextlayerid: 3,
    nextobjectid: id,
    properties: [{ name: 'name', type: 'string', value: 'Los Angeles 1995' }],
    tilesets: [
      {
        firstgid: 1,
        name: 'liquid-metal',
        tilewidth: PX,
        tileheight: PX,
        tilecount: TILE_COUNT,
        columns: TILE_COUNT,
        margin: 0,
        spacing: 0,
        image: 'tiles.png',
        imagewidth: PX * TILE_COUNT,
        imageheight: PX,
        tiles: TILE_NAMES.map((name, i) => ({ id: i, type: name })),
      },
    ],
    layers: [
      { id: 1, name: 'tiles', type: 'tilelayer', x: 0, y: 0, width, height, opacity: 1, visible: true, data },
      {
        id: 2,
        name: 'objects',
        type: 'objectgroup',
        x: 0,
        y: 0,
        opacity: 1,
        visible: true,
        draworder: 'topdown',
        objects,
      },
    ],
  };
}

/** The far corner of the rectangle of equal door letters starting at (x, y); refuses ragged runs. */
function doorExtent(rows: string[], x: number, y: number, seen: Set<number>): [number, number] {
  const c = rows[y][x];
  let x1 = x;
  while (rows[y][x1 + 1] === c) x1++;
  let y1 = y;
  while (rows[y1 + 1]?.slice(x, x1 + 1) === c.repeat(x1 - x + 1)) y1++;
  for (let j = y; j <= y1; j++) {
    if (rows[j][x - 1] === c || rows[j][x1 + 1] === c)
      throw new MapError(`${SRC}: door '${c}' at (${x}, ${y}) is not a rectangle`);
    for (let i = x; i <= x1; i++) seen.add(j * rows[0].length + i);
  }
  if (rows[y1 + 1]?.slice(x, x1 + 1).includes(c))
    throw new MapError(`${SRC}: door '${c}' at (${x}, ${y}) is not a rectangle`);
  return [x1, y1];
}

/** NPCs walk straight between waypoints: every step of the way must have room for a body (radius 0.35). */
function checkPatrols(map: GameMap): void {
  const blocked = (x: number, y: number) =>
    (TILE_FLAGS[map.tiles[Math.floor(y) * map.width + Math.floor(x)]] & (BLOCKS_WALK | DEADLY)) !== 0;
  for (const r of map.patrols) {
    const pts = r.loop ? [...r.points, r.points[0]] : r.points;
    for (let k = 1; k < pts.length; k++) {
      const a = pts[k - 1];
      const b = pts[k];
      const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 10);
      for (let s = 0; s <= steps; s++) {
        const x = a.x + ((b.x - a.x) * s) / steps;
        const y = a.y + ((b.y - a.y) * s) / steps;
        for (const [dx, dy] of [
          [-0.35, -0.35],
          [0.35, -0.35],
          [-0.35, 0.35],
          [0.35, 0.35],
        ]) {
          if (blocked(x + dx, y + dy)) {
            throw new MapError(
              `${OUT}: patrol "${r.name}" leg ${k} runs into a wall near (${x.toFixed(1)}, ${y.toFixed(1)})`,
            );
          }
        }
      }
    }
  }
}

/** Tiled JSON as Tiled writes it, but with the tile data one map row per line. */
function stringify(json: ReturnType<typeof build>): string {
  const data = json.layers[0].data as number[];
  const text = JSON.stringify(
    { ...json, layers: [{ ...json.layers[0], data: '@DATA@' }, json.layers[1]] },
    null,
    1,
  );
  const rows: string[] = [];
  for (let y = 0; y < json.height; y++) rows.push(data.slice(y * json.width, (y + 1) * json.width).join(','));
  return `${text.replace('"@DATA@"', `[\n${rows.join(',\n')}]`)}\n`;
}

function main(): void {
  const rows = readFileSync(SRC, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'));
  const json = build(rows);
  const map = parseMap(json, OUT);
  checkPatrols(map);
  writeFileSync(join(ROOT, OUT), stringify(json));
  writeFileSync(join(ROOT, 'maps/la-1995.png'), mapPreview(map));
  writeFileSync(join(ROOT, 'maps/tiles.png'), tilesetImage(PX));
  const count = (kind: DoorKind) => map.doors.filter((d) => d.kind === kind).length;
  console.log(
    `${OUT}: ${map.width}×${map.height}, ${map.doors.length} doors (cell ${count('cell')}, door ${count('door')}, ` +
      `cyberdyne ${count('cyberdyne')}, vault ${count('vault')}), ${map.patrols.length} patrols, ` +
      `${map.crates.length} crates, ${map.pois.length} pois`,
  );
}

try {
  main();
} catch (e) {
  console.error(e instanceof MapError ? e.message : `build-map: ${(e as Error).message}`);
  process.exit(2);
}
