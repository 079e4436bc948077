import { PLAYER_ROLES, type PlayerRole } from '../roles.js';
import { TILE_COUNT } from './tiles.js';
import type { DoorKind, GameMap, PatrolRoute, PatrolUnit, Rect, Vec2, ZoneName } from './types.js';
import { DOOR_KINDS, ZONE_NAMES } from './types.js';
import { type RawObjects, validateMap } from './validateMap.js';

/** A map that cannot be used; the message is one line naming the file, the layer and the fault. */
export class MapError extends Error {
  override name = 'MapError';
}

/** Pixels per tile in Tiled files (the client draws 32 px per tile too). */
export const TILE_PX = 32;
/** Larger maps are refused rather than allocated. */
const MAX_SIDE = 4096;
/** Tiled sets these high bits of a gid for flipped or rotated tiles. */
const FLIP_BITS = 0xe0000000;

/** Where an error was found, for the message. */
export interface MapContext {
  file: string;
  layer: string | null;
}

/** Throws a MapError: `file: layer "name": message`. */
export function mapFail(ctx: MapContext, message: string): never {
  throw new MapError(
    ctx.layer === null ? `${ctx.file}: ${message}` : `${ctx.file}: layer "${ctx.layer}": ${message}`,
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates a Tiled JSON (.tmj) map: orthogonal, 32 px tiles, one
 * tile layer "tiles" (plain array of gids, gid = tile code + 1) and one object
 * group "objects". `file` names the map in error messages.
 * @throws MapError with a one-line message naming the file, the layer and the fault.
 */
export function parseMap(json: unknown, file: string): GameMap {
  const top: MapContext = { file, layer: null };
  if (!isObj(json)) mapFail(top, 'not a Tiled map (expected a JSON object)');
  if (json.orientation !== 'orthogonal')
    mapFail(top, `orientation must be "orthogonal", not ${str(json.orientation)}`);
  if (json.tilewidth !== TILE_PX || json.tileheight !== TILE_PX) {
    mapFail(
      top,
      `tiles must be ${TILE_PX}×${TILE_PX} px, not ${str(json.tilewidth)}×${str(json.tileheight)}`,
    );
  }
  if (json.infinite === true) mapFail(top, 'infinite maps are not supported');
  const width = json.width;
  const height = json.height;
  if (!isSide(width) || !isSide(height)) {
    mapFail(
      top,
      `width and height must be whole numbers from 1 to ${MAX_SIDE}, not ${str(width)}×${str(height)}`,
    );
  }
  if (!Array.isArray(json.layers)) mapFail(top, 'has no "layers" array');
  let tileLayer: Obj | null = null;
  let objectLayer: Obj | null = null;
  for (const layer of json.layers) {
    if (!isObj(layer)) mapFail(top, 'a layer is not an object');
    if (layer.type === 'tilelayer' && tileLayer === null) tileLayer = layer;
    else if (layer.type === 'objectgroup' && objectLayer === null) objectLayer = layer;
    else
      mapFail(
        top,
        `unexpected layer ${str(layer.name)} of type ${str(layer.type)} (want one tilelayer and one objectgroup)`,
      );
  }
  if (tileLayer === null) mapFail(top, 'has no tile layer "tiles"');
  if (objectLayer === null) mapFail(top, 'has no object layer "objects"');
  if (Array.isArray(json.tilesets)) {
    for (const ts of json.tilesets) {
      if (isObj(ts) && ts.firstgid !== 1) mapFail(top, `tileset ${str(ts.name)} must have firstgid 1`);
    }
  }

  const tiles = parseTiles(tileLayer, file, width, height);
  const raw = parseObjects(objectLayer, file, width, height);
  const name = typeof prop(json, 'name') === 'string' ? (prop(json, 'name') as string) : baseName(file);
  return validateMap({ file, name, width, height, tiles }, raw, (layer, message) =>
    mapFail({ file, layer }, message),
  );
}

function parseTiles(layer: Obj, file: string, width: number, height: number): Uint8Array {
  const ctx: MapContext = { file, layer: String(layer.name) };
  if (layer.name !== 'tiles') mapFail(ctx, 'the tile layer must be named "tiles"');
  if (layer.encoding !== undefined && layer.encoding !== 'csv') {
    mapFail(ctx, `data must be a plain array of gids (layer format CSV), not ${str(layer.encoding)}`);
  }
  if (layer.width !== width || layer.height !== height) {
    mapFail(ctx, `is ${str(layer.width)}×${str(layer.height)} but the map is ${width}×${height}`);
  }
  const data = layer.data;
  if (!Array.isArray(data)) mapFail(ctx, 'has no "data" array');
  if (data.length !== width * height) mapFail(ctx, `has ${data.length} tiles, expected ${width * height}`);
  const tiles = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const gid = data[i];
    const where = `tile (${i % width}, ${Math.floor(i / width)})`;
    if (!Number.isInteger(gid) || gid < 0) mapFail(ctx, `${where} has gid ${str(gid)}, not a whole number`);
    if (gid === 0) mapFail(ctx, `${where} is empty (gid 0); every tile must be set`);
    if ((gid & FLIP_BITS) !== 0) mapFail(ctx, `${where} is flipped or rotated`);
    if (gid > TILE_COUNT) mapFail(ctx, `${where} has gid ${gid}; tile gids run from 1 to ${TILE_COUNT}`);
    tiles[i] = gid - 1;
  }
  return tiles;
}

function parseObjects(layer: Obj, file: string, width: number, height: number): RawObjects {
  const ctx: MapContext = { file, layer: String(layer.name) };
  if (layer.name !== 'objects') mapFail(ctx, 'the object layer must be named "objects"');
  if (!Array.isArray(layer.objects)) mapFail(ctx, 'has no "objects" array');
  const raw: RawObjects = {
    spawns: {},
    zones: [],
    doors: [],
    chips: [],
    terminals: [],
    extractions: [],
    patrols: [],
    crates: [],
    pois: [],
  };
  for (const o of layer.objects) {
    if (!isObj(o)) mapFail(ctx, 'an object is not a JSON object');
    const type = typeof o.type === 'string' && o.type !== '' ? o.type : o.class;
    const name = typeof o.name === 'string' ? o.name : '';
    const what = `${typeof type === 'string' ? type : 'object'}${name ? ` "${name}"` : ` (object ${str(o.id)})`}`;
    switch (type) {
      case 'spawn': {
        if (!(PLAYER_ROLES as readonly string[]).includes(name)) {
          mapFail(ctx, `spawn ${str(name)} is not a player role (${PLAYER_ROLES.join(', ')})`);
        }
        const role = name as PlayerRole;
        if (raw.spawns[role]) mapFail(ctx, `spawn "${role}" appears twice`);
        raw.spawns[role] = point(ctx, o, what);
        break;
      }
      case 'zone': {
        if (!(ZONE_NAMES as readonly string[]).includes(name)) {
          mapFail(ctx, `zone ${str(name)} is not one of ${ZONE_NAMES.join(', ')}`);
        }
        if (raw.zones.some((z) => z.name === name)) mapFail(ctx, `zone "${name}" appears twice`);
        raw.zones.push({ name: name as ZoneName, ...rect(ctx, o, what, width, height) });
        break;
      }
      case 'door': {
        const kind = prop(o, 'kind');
        if (!(DOOR_KINDS as readonly unknown[]).includes(kind)) {
          mapFail(ctx, `${what} needs a property kind = ${DOOR_KINDS.join('|')}, not ${str(kind)}`);
        }
        const doorName = name || `door ${raw.doors.length}`;
        raw.doors.push({ name: doorName, kind: kind as DoorKind, rect: rect(ctx, o, what, width, height) });
        break;
      }
      case 'chip':
        raw.chips.push(point(ctx, o, what));
        break;
      case 'terminal':
        raw.terminals.push(point(ctx, o, what));
        break;
      case 'extraction':
        raw.extractions.push(rect(ctx, o, what, width, height));
        break;
      case 'patrol':
        raw.patrols.push(patrol(ctx, o, what, name || `patrol ${raw.patrols.length}`));
        break;
      case 'crate':
        raw.crates.push(point(ctx, o, what));
        break;
      case 'poi':
        raw.pois.push(point(ctx, o, what));
        break;
      default:
        mapFail(ctx, `${what} has unknown type ${str(type)}`);
    }
  }
  return raw;
}

/** A point object (or a rectangle's centre), in tiles. */
function point(ctx: MapContext, o: Obj, what: string): Vec2 {
  const { x, y } = o;
  if (!isNum(x) || !isNum(y)) mapFail(ctx, `${what} has no valid x and y`);
  const w = isNum(o.width) ? o.width : 0;
  const h = isNum(o.height) ? o.height : 0;
  if (o.point === true || (w === 0 && h === 0)) return { x: x / TILE_PX, y: y / TILE_PX };
  return { x: (x + w / 2) / TILE_PX, y: (y + h / 2) / TILE_PX };
}

/** A rectangle object aligned to whole tiles and inside the map, in tiles. */
function rect(ctx: MapContext, o: Obj, what: string, width: number, height: number): Rect {
  const { x, y, width: pw, height: ph } = o;
  if (!isNum(x) || !isNum(y) || !isNum(pw) || !isNum(ph) || o.point === true || o.polyline || o.polygon) {
    mapFail(ctx, `${what} must be a rectangle`);
  }
  if (isNum(o.rotation) && o.rotation !== 0) mapFail(ctx, `${what} must not be rotated`);
  const r = { x: x / TILE_PX, y: y / TILE_PX, w: pw / TILE_PX, h: ph / TILE_PX };
  if (![r.x, r.y, r.w, r.h].every(Number.isInteger)) {
    mapFail(
      ctx,
      `${what} must be aligned to whole tiles (${TILE_PX} px), not at (${x}, ${y}) size ${pw}×${ph} px`,
    );
  }
  if (r.w <= 0 || r.h <= 0) mapFail(ctx, `${what} has an empty size ${pw}×${ph} px`);
  if (r.x < 0 || r.y < 0 || r.x + r.w > width || r.y + r.h > height)
    mapFail(ctx, `${what} reaches outside the map`);
  return r;
}

function patrol(ctx: MapContext, o: Obj, what: string, name: string): PatrolRoute {
  const unit = prop(o, 'unit');
  if (unit !== 'police' && unit !== 'guard')
    mapFail(ctx, `${what} needs a property unit = police|guard, not ${str(unit)}`);
  const loop = prop(o, 'loop') ?? false;
  if (typeof loop !== 'boolean') mapFail(ctx, `${what}: property loop must be a bool`);
  const weight = prop(o, 'weight') ?? 1;
  if (!Number.isInteger(weight) || (weight as number) < 1)
    mapFail(ctx, `${what}: property weight must be a whole number ≥ 1`);
  const line = o.polyline;
  if (!Array.isArray(line) || line.length < 2)
    mapFail(ctx, `${what} must be a polyline of at least 2 points`);
  const { x, y } = o;
  if (!isNum(x) || !isNum(y)) mapFail(ctx, `${what} has no valid x and y`);
  const points = line.map((p) => {
    if (!isObj(p) || !isNum(p.x) || !isNum(p.y)) mapFail(ctx, `${what} has a polyline point without x and y`);
    return { x: (x + p.x) / TILE_PX, y: (y + p.y) / TILE_PX };
  });
  return { name, unit: unit as PatrolUnit, points, loop, weight: weight as number };
}

/** A custom property's value: Tiled's [{name, type, value}] list, or a plain object. */
function prop(o: Obj, name: string): unknown {
  const props = o.properties;
  if (Array.isArray(props)) {
    for (const p of props) if (isObj(p) && p.name === name) return p.value;
    return undefined;
  }
  return isObj(props) ? props[name] : undefined;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isSide = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_SIDE;
const str = (v: unknown): string =>
  typeof v === 'string' ? `"${v}"` : v === undefined ? 'nothing' : String(v);
const baseName = (file: string): string => (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
