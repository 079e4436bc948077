import { describe, expect, it } from 'vitest';
import { MapError, parseMap } from '../../../shared/map/loadMap.js';
import { Tile } from '../../../shared/map/tiles.js';
import { poly, pt, rect, SMALL_ROWS, smallObjects, type TiledObject, tiled } from './tiledFixture.js';

const FILE = 'maps/t.tmj';

type Json = ReturnType<typeof tiled>;

/** The small valid map with its rows and objects edited, then any JSON edit. */
function variant(
  edit: { rows?: (rows: string[]) => string[]; objects?: (objs: TiledObject[]) => TiledObject[] } = {},
  json?: (j: Json) => unknown,
): unknown {
  const rows = edit.rows ? edit.rows([...SMALL_ROWS]) : SMALL_ROWS;
  const objects = edit.objects ? edit.objects(smallObjects()) : smallObjects();
  const j = tiled(rows, objects);
  return json ? json(j) : j;
}

/** Sets the character at (x, y). */
const setTile = (x: number, y: number, c: string) => (rows: string[]) =>
  rows.map((r, j) => (j === y ? r.slice(0, x) + c + r.slice(x + 1) : r));
const without = (pred: (o: TiledObject) => boolean) => (objs: TiledObject[]) => objs.filter((o) => !pred(o));
const named = (type: string, name: string) => (o: TiledObject) => o.type === type && o.name === name;
const ofType = (type: string) => (o: TiledObject) => o.type === type;
const plus =
  (...extra: TiledObject[]) =>
  (objs: TiledObject[]) => [...objs, ...extra];
const moved = (type: string, name: string, x: number, y: number) => (objs: TiledObject[]) =>
  objs.map((o) => (o.type === type && o.name === name ? pt(type, name, x, y) : o));

/** Asserts that the map is refused with a one-line MapError naming the file and containing `text`. */
function refused(json: unknown, text: string): void {
  let error: unknown;
  try {
    parseMap(json, FILE);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MapError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message.startsWith(`${FILE}: `)).toBe(true);
  expect(message).toContain(text);
}

const OBJ = `${FILE}: layer "objects": `;
const TILES = `${FILE}: layer "tiles": `;

describe('parseMap: a valid map', () => {
  const map = parseMap(variant(), FILE);

  it('reads size, tiles and name', () => {
    expect(map.file).toBe(FILE);
    expect(map.name).toBe('t');
    expect([map.width, map.height]).toEqual([24, 10]);
    expect(map.tiles[0]).toBe(Tile.Wall);
    expect(map.tiles[1 * 24 + 1]).toBe(Tile.Floor);
    expect(map.tiles[2 * 24 + 3]).toBe(Tile.DoorLocked);
    expect(map.tiles[1 * 24 + 22]).toBe(Tile.Steel);
  });

  it('converts pixel positions to tiles', () => {
    expect(map.spawns.sarah).toEqual({ x: 1.5, y: 1.5 });
    expect(map.spawns.t1000).toEqual({ x: 2.5, y: 5.5 });
    expect(map.chip).toEqual({ x: 15.5, y: 3.5 });
    expect(map.terminals).toHaveLength(3);
    expect(map.extraction).toEqual({ x: 20, y: 2, w: 2, h: 3 });
    expect(map.zones.map((z) => z.name)).toEqual(['hospital', 'streets', 'cyberdyne', 'mill']);
    expect(map.zones[1]).toEqual({ name: 'streets', x: 4, y: 0, w: 10, h: 10 });
    expect(map.crates).toEqual([{ x: 9.5, y: 7.5 }]);
    expect(map.pois).toHaveLength(3);
  });

  it('reads doors with their kind, tiles, centre and lock state', () => {
    expect(map.doors).toEqual([
      { id: 0, name: 'cell', kind: 'cell', tiles: [2 * 24 + 3], x: 3.5, y: 2.5, locked: true },
      { id: 1, name: 'vault', kind: 'vault', tiles: [2 * 24 + 14], x: 14.5, y: 2.5, locked: true },
    ]);
  });

  it('reads patrols with absolute points; loop defaults to false and weight to 1', () => {
    expect(map.patrols[0]).toEqual({
      name: 'beat',
      unit: 'police',
      points: [
        { x: 5.5, y: 4.5 },
        { x: 12.5, y: 4.5 },
      ],
      loop: false,
      weight: 1,
    });
    expect(map.patrols[1]).toMatchObject({ unit: 'guard', loop: true, weight: 2 });
    expect(map.patrols[1].points[1]).toEqual({ x: 16.5, y: 6.5 });
  });

  it("accepts an object's `class` in place of `type`, and a map property `name`", () => {
    const j = variant({ objects: (objs) => objs.map(({ type, ...o }) => ({ ...o, type: '', class: type })) });
    const withName = { ...(j as Json), properties: [{ name: 'name', type: 'string', value: 'Tiny' }] };
    expect(parseMap(withName, FILE).name).toBe('Tiny');
  });

  it('starts a door open when its tiles are open doors', () => {
    const j = variant({
      rows: setTile(8, 5, 'o'),
      objects: plus(rect('door', 'side', 8, 5, 1, 1, { kind: 'door' })),
    });
    expect(parseMap(j, FILE).doors[2]).toMatchObject({ kind: 'door', locked: false });
  });
});

describe('parseMap: the map as a whole', () => {
  it('refuses what is not a JSON object', () => refused([1, 2], `${FILE}: not a Tiled map`));
  it('refuses a non-orthogonal map', () =>
    refused(
      variant({}, (j) => ({ ...j, orientation: 'isometric' })),
      'orientation must be "orthogonal"',
    ));
  it('refuses tiles that are not 32 px', () =>
    refused(
      variant({}, (j) => ({ ...j, tilewidth: 16 })),
      'tiles must be 32×32 px, not 16×32',
    ));
  it('refuses an infinite map', () =>
    refused(
      variant({}, (j) => ({ ...j, infinite: true })),
      'infinite maps',
    ));
  it('refuses a bad width or height', () =>
    refused(
      variant({}, (j) => ({ ...j, height: 0 })),
      'width and height must be whole numbers',
    ));
  it('refuses a map without layers', () =>
    refused(
      variant({}, (j) => ({ ...j, layers: undefined })),
      'has no "layers" array',
    ));
  it('refuses a map without a tile layer', () =>
    refused(
      variant({}, (j) => ({ ...j, layers: [j.layers[1]] })),
      'has no tile layer "tiles"',
    ));
  it('refuses a map without an object layer', () =>
    refused(
      variant({}, (j) => ({ ...j, layers: [j.layers[0]] })),
      'has no object layer "objects"',
    ));
  it('refuses a second tile layer', () =>
    refused(
      variant({}, (j) => ({ ...j, layers: [...j.layers, { ...j.layers[0], name: 'deco' }] })),
      'unexpected layer "deco" of type "tilelayer"',
    ));
  it('refuses a tileset that does not start at gid 1', () =>
    refused(
      variant({}, (j) => ({ ...j, tilesets: [{ firstgid: 2, name: 'x' }] })),
      'tileset "x" must have firstgid 1',
    ));
});

describe('parseMap: the tile layer', () => {
  const tileLayer = (edit: Record<string, unknown>) => (j: Json) => ({
    ...j,
    layers: [{ ...j.layers[0], ...edit }, j.layers[1]],
  });
  const gid = (i: number, value: number) => (j: Json) => {
    const data = [...(j.layers[0] as { data: number[] }).data];
    data[i] = value;
    return tileLayer({ data })(j);
  };

  it('must be named "tiles"', () =>
    refused(
      variant({}, tileLayer({ name: 'ground' })),
      `${FILE}: layer "ground": the tile layer must be named "tiles"`,
    ));
  it('must hold a plain array, not base64', () =>
    refused(
      variant({}, tileLayer({ encoding: 'base64', data: 'AAAA' })),
      `${TILES}data must be a plain array`,
    ));
  it('must match the map size', () =>
    refused(variant({}, tileLayer({ width: 23 })), `${TILES}is 23×10 but the map is 24×10`));
  it('must have one gid per tile', () =>
    refused(variant({}, tileLayer({ data: [1, 2, 3] })), `${TILES}has 3 tiles, expected 240`));
  it('refuses an empty tile (gid 0)', () =>
    refused(variant({}, gid(24 + 5, 0)), `${TILES}tile (5, 1) is empty (gid 0)`));
  it('refuses a gid that is not a tile code', () =>
    refused(variant({}, gid(2 * 24 + 1, 7)), `${TILES}tile (1, 2) has gid 7; tile gids run from 1 to 6`));
  it('refuses a fractional gid', () => refused(variant({}, gid(0, 1.5)), `${TILES}tile (0, 0) has gid 1.5`));
  it('refuses a flipped tile', () =>
    refused(variant({}, gid(3, 0x80000002)), `${TILES}tile (3, 0) is flipped or rotated`));
  it('refuses a door tile that belongs to no door object', () =>
    refused(variant({ rows: setTile(8, 5, 'D') }), `${TILES}door tile (8, 5) belongs to no door object`));
});

describe('parseMap: the object layer', () => {
  it('must be named "objects"', () =>
    refused(
      variant({}, (j) => ({ ...j, layers: [j.layers[0], { ...j.layers[1], name: 'things' }] })),
      `${FILE}: layer "things": the object layer must be named "objects"`,
    ));
  it('refuses an unknown object type', () =>
    refused(
      variant({ objects: plus(pt('treasure', 'gold', 5.5, 5.5)) }),
      `${OBJ}treasure "gold" has unknown type`,
    ));

  describe('spawns', () => {
    it('need a player role as name', () =>
      refused(
        variant({ objects: plus(pt('spawn', 'skynet', 5.5, 5.5)) }),
        `${OBJ}spawn "skynet" is not a player role`,
      ));
    it('appear once per role', () =>
      refused(variant({ objects: plus(pt('spawn', 'john', 5.5, 5.5)) }), `${OBJ}spawn "john" appears twice`));
    it('are required for all five roles', () =>
      refused(variant({ objects: without(named('spawn', 'dyson')) }), `${OBJ}spawn "dyson" is missing`));
    it('must be on walkable ground', () =>
      refused(
        variant({ objects: moved('spawn', 'john', 14.5, 1.5) }),
        `${OBJ}spawn "john" is on tile (14, 1), which is a wall`,
      ));
    it('must be inside the map', () =>
      refused(
        variant({ objects: moved('spawn', 'john', 30, 1.5) }),
        `${OBJ}spawn "john" at (30, 1.5) is outside the map`,
      ));
  });

  describe('zones', () => {
    it('need a known name', () =>
      refused(
        variant({ objects: plus(rect('zone', 'moon', 0, 0, 1, 1)) }),
        `${OBJ}zone "moon" is not one of`,
      ));
    it('appear once each', () =>
      refused(
        variant({ objects: plus(rect('zone', 'mill', 0, 0, 1, 1)) }),
        `${OBJ}zone "mill" appears twice`,
      ));
    it('are all four required', () =>
      refused(
        variant({ objects: without(named('zone', 'cyberdyne')) }),
        `${OBJ}zone "cyberdyne" is missing`,
      ));
    it('must not overlap', () =>
      refused(
        variant({
          objects: (objs) => [
            ...without(named('zone', 'streets'))(objs),
            rect('zone', 'streets', 3, 0, 11, 10),
          ],
        }),
        `${OBJ}zone "streets" overlaps zone "hospital"`,
      ));
    it('must stay inside the map', () =>
      refused(
        variant({
          objects: (objs) => [...without(named('zone', 'mill'))(objs), rect('zone', 'mill', 18, 0, 7, 10)],
        }),
        `${OBJ}zone "mill" reaches outside the map`,
      ));
    it('must be aligned to whole tiles', () =>
      refused(
        variant({
          objects: (objs) => [...without(named('zone', 'mill'))(objs), rect('zone', 'mill', 18.5, 0, 5, 10)],
        }),
        `${OBJ}zone "mill" must be aligned to whole tiles`,
      ));
    it('must be rectangles', () =>
      refused(
        variant({ objects: (objs) => [...without(named('zone', 'mill'))(objs), pt('zone', 'mill', 20, 5)] }),
        `${OBJ}zone "mill" must be a rectangle`,
      ));
  });

  describe('doors', () => {
    const door = (name: string, x: number, y: number, kind: unknown) => (objs: TiledObject[]) => [
      ...without(named('door', name))(objs),
      rect('door', name, x, y, 1, 1, kind === undefined ? undefined : { kind }),
    ];
    it('need a kind', () =>
      refused(
        variant({ objects: door('cell', 3, 2, undefined) }),
        `${OBJ}door "cell" needs a property kind`,
      ));
    it('need a known kind', () =>
      refused(variant({ objects: door('cell', 3, 2, 'portal') }), `${OBJ}door "cell" needs a property kind`));
    it('cover only door tiles', () =>
      refused(
        variant({ objects: plus(rect('door', 'vault2', 13, 2, 2, 1, { kind: 'door' })) }),
        `${OBJ}door "vault2" covers tile (13, 2) which is floor`,
      ));
    it('do not share a tile', () =>
      refused(
        variant({ objects: plus(rect('door', 'twin', 3, 2, 1, 1, { kind: 'door' })) }),
        `${OBJ}door "twin" covers tile (3, 2), which door "cell" covers too`,
      ));
    it('are either all locked or all open', () =>
      refused(
        variant({
          rows: (r) => setTile(9, 5, 'o')(setTile(8, 5, 'D')(r)),
          objects: plus(rect('door', 'gate', 8, 5, 2, 1, { kind: 'door' })),
        }),
        `${OBJ}door "gate" is partly locked and partly open`,
      ));
    it('include exactly one vault (none)', () =>
      refused(
        variant({ objects: door('vault', 14, 2, 'cyberdyne') }),
        `${OBJ}want exactly one door of kind "vault", found 0`,
      ));
    it('include exactly one vault (two)', () =>
      refused(
        variant({
          rows: setTile(8, 5, 'D'),
          objects: plus(rect('door', 'v2', 8, 5, 1, 1, { kind: 'vault' })),
        }),
        `${OBJ}want exactly one door of kind "vault", found 2`,
      ));
    it('the vault starts locked', () =>
      refused(
        variant({ rows: setTile(14, 2, 'o') }),
        `${OBJ}door "vault" of kind "vault" must start locked`,
      ));
  });

  describe("Sarah's cell", () => {
    it('is closed by a door of kind cell', () =>
      refused(
        variant({
          objects: (objs) => [
            ...without(named('door', 'cell'))(objs),
            rect('door', 'cell', 3, 2, 1, 1, { kind: 'door' }),
          ],
        }),
        `${OBJ}spawn "sarah" is not in a cell: her room is closed by door "cell" of kind "door"`,
      ));
    it('is closed by a locked door at all', () =>
      refused(
        variant({ rows: setTile(3, 2, '|'), objects: without(named('door', 'cell')) }),
        `${OBJ}spawn "sarah" is not in a cell: no locked door closes her room`,
      ));
    it('an open cell door does not hold her in', () =>
      refused(
        variant({ rows: setTile(3, 2, 'o') }),
        `${OBJ}spawn "sarah" is not in a cell: her room is closed by door "vault" of kind "vault"`,
      ));
    it('holds no other spawn', () =>
      refused(
        variant({ objects: moved('spawn', 't1000', 2.5, 2.5) }),
        `${OBJ}spawn "sarah" is not locked in: spawn "t1000"`,
      ));
  });

  describe('objectives', () => {
    it('one chip', () =>
      refused(variant({ objects: plus(pt('chip', '', 16.5, 3.5)) }), `${OBJ}want exactly one chip, found 2`));
    it('the chip is on walkable ground', () =>
      refused(
        variant({ objects: (objs) => [...without(ofType('chip'))(objs), pt('chip', '', 17.5, 3.5)] }),
        `${OBJ}chip is on tile (17, 3), which is a wall`,
      ));
    it('the chip is behind the vault door, not behind another door', () =>
      refused(
        variant({ objects: (objs) => [...without(ofType('chip'))(objs), pt('chip', '', 2.5, 1.5)] }),
        `${OBJ}chip is not inside the vault: door "vault" does not close its room`,
      ));
    it('the chip is not out in the open beside the vault door', () =>
      refused(
        variant({ objects: (objs) => [...without(ofType('chip'))(objs), pt('chip', '', 13.5, 2.5)] }),
        `${OBJ}chip is not inside the vault: spawn "t1000" reaches it without opening a door`,
      ));
    it('nobody spawns in the vault', () =>
      refused(
        variant({ objects: moved('spawn', 'dyson', 16.5, 1.5) }),
        `${OBJ}chip is not inside the vault: spawn "dyson" reaches it`,
      ));
    it('exactly three terminals', () =>
      refused(
        variant({ objects: plus(pt('terminal', '', 9.5, 8.5)) }),
        `${OBJ}want exactly 3 terminals, found 4`,
      ));
    it('terminals on walkable ground', () =>
      refused(
        variant({
          objects: (objs) => [
            ...without(ofType('terminal'))(objs),
            pt('terminal', '', 8.5, 8.5),
            pt('terminal', '', 9.5, 8.5),
            pt('terminal', '', 22.5, 3.5),
          ],
        }),
        `${OBJ}terminal 3 is on tile (22, 3), which is molten steel`,
      ));
    it('exactly one extraction', () =>
      refused(
        variant({ objects: without(ofType('extraction')) }),
        `${OBJ}want exactly one extraction, found 0`,
      ));
    it('the extraction lies in the mill', () =>
      refused(
        variant({
          objects: (objs) => [...without(ofType('extraction'))(objs), rect('extraction', '', 17, 6, 3, 2)],
        }),
        `${OBJ}extraction must lie inside zone "mill"`,
      ));
    it('the extraction is next to molten steel', () =>
      refused(
        variant({
          objects: (objs) => [...without(ofType('extraction'))(objs), rect('extraction', '', 18, 1, 2, 2)],
        }),
        `${OBJ}extraction must be next to molten steel`,
      ));
    it('the extraction has ground to stand on', () =>
      refused(
        variant({
          objects: (objs) => [...without(ofType('extraction'))(objs), rect('extraction', '', 22, 1, 1, 3)],
        }),
        `${OBJ}extraction has no walkable tile to stand on`,
      ));
  });

  describe('patrols', () => {
    const route = (
      p: Record<string, unknown>,
      points: [number, number][] = [
        [5.5, 6.5],
        [8.5, 6.5],
      ],
    ) => variant({ objects: plus(poly('r', points, p)) });
    it('need a unit', () => refused(route({}), `${OBJ}patrol "r" needs a property unit = police|guard`));
    it('need a known unit', () =>
      refused(route({ unit: 'army' }), 'needs a property unit = police|guard, not "army"'));
    it('loop is a bool', () =>
      refused(route({ unit: 'police', loop: 'yes' }), `${OBJ}patrol "r": property loop must be a bool`));
    it('weight is a whole number ≥ 1', () =>
      refused(
        route({ unit: 'police', weight: 0 }),
        `${OBJ}patrol "r": property weight must be a whole number`,
      ));
    it('are polylines of two points or more', () =>
      refused(
        route({ unit: 'police' }, [[5.5, 6.5]]),
        `${OBJ}patrol "r" must be a polyline of at least 2 points`,
      ));
    it('walk on walkable ground', () =>
      refused(
        route({ unit: 'police' }, [
          [5.5, 6.5],
          [3.5, 3.5],
        ]),
        `${OBJ}patrol "r" point 2 is on tile (3, 3), which is a wall`,
      ));
  });

  describe('crates and points of interest', () => {
    it('crates stand on walkable ground', () =>
      refused(
        variant({ objects: plus(pt('crate', '', 3.5, 2.5)) }),
        `${OBJ}crate 2 is on tile (3, 2), which is a locked door`,
      ));
    it('pois stand on walkable ground', () =>
      refused(
        variant({ objects: plus(pt('poi', '', 22.5, 6.5)) }),
        `${OBJ}poi 4 is on tile (22, 6), which is molten steel`,
      ));
    it('a map needs a few pois', () =>
      refused(
        variant({ objects: (objs) => objs.filter((o) => o.type !== 'poi').concat(pt('poi', '', 5.5, 5.5)) }),
        `${OBJ}want at least 3 poi points, found 1`,
      ));
  });
});
