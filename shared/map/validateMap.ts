import { PLAYER_ROLES, type PlayerRole } from '../roles.js';
import { TERMINAL_COUNT } from '../tuning.js';
import { inRect } from './grid.js';
import { BLOCKS_WALK, DEADLY, TILE_FLAGS, Tile } from './tiles.js';
import type { DoorDef, DoorKind, GameMap, PatrolRoute, Rect, Vec2, Zone } from './types.js';
import { ZONE_NAMES } from './types.js';

/** A door as read from the object layer. */
export interface RawDoor {
  name: string;
  kind: DoorKind;
  rect: Rect;
}

/** A map's objects as read from the object layer, before the checks that span several objects. */
export interface RawObjects {
  spawns: Partial<Record<PlayerRole, Vec2>>;
  zones: Zone[];
  doors: RawDoor[];
  chips: Vec2[];
  terminals: Vec2[];
  extractions: Rect[];
  patrols: PatrolRoute[];
  crates: Vec2[];
  pois: Vec2[];
}

/** Reports a fault in a layer (null: the map as a whole); never returns. */
export type Fail = (layer: string | null, message: string) => never;

type Base = Pick<GameMap, 'file' | 'name' | 'width' | 'height' | 'tiles'>;

const TILE_DESC = ['floor', 'a wall', 'bars', 'a locked door', 'an open door', 'molten steel'];
const MIN_POIS = 3;
const UNSAFE = BLOCKS_WALK | DEADLY;

/**
 * The checks that span several objects or layers: every role has a walkable
 * spawn, every zone exists once without overlap, doors cover exactly the door
 * tiles, Sarah is locked in a cell, the chip is behind the one vault door,
 * {@link TERMINAL_COUNT} terminals, the extraction is in the mill beside the steel.
 */
export function validateMap(base: Base, raw: RawObjects, fail: Fail): GameMap {
  const { width, height, tiles } = base;
  const f = (message: string): never => fail('objects', message);

  const standOn = (what: string, p: Vec2): void => {
    const tx = Math.floor(p.x);
    const ty = Math.floor(p.y);
    if (tx < 0 || ty < 0 || tx >= width || ty >= height)
      f(`${what} at (${fmt(p.x)}, ${fmt(p.y)}) is outside the map`);
    const t = tiles[ty * width + tx];
    if (TILE_FLAGS[t] & UNSAFE) f(`${what} is on tile (${tx}, ${ty}), which is ${TILE_DESC[t]}`);
  };

  const spawns = {} as Record<PlayerRole, Vec2>;
  for (const role of PLAYER_ROLES) {
    const p = raw.spawns[role];
    if (!p) return f(`spawn "${role}" is missing (every player role needs one)`);
    standOn(`spawn "${role}"`, p);
    spawns[role] = p;
  }

  const zones: Zone[] = [];
  for (const name of ZONE_NAMES) {
    const z = raw.zones.find((zone) => zone.name === name);
    if (!z) return f(`zone "${name}" is missing`);
    const other = zones.find((o) => overlaps(o, z));
    if (other) f(`zone "${z.name}" overlaps zone "${other.name}"`);
    zones.push(z);
  }

  const owner = new Int32Array(width * height).fill(-1);
  const doors: DoorDef[] = raw.doors.map((d, id) => {
    let locked = 0;
    const covered: number[] = [];
    for (let ty = d.rect.y; ty < d.rect.y + d.rect.h; ty++) {
      for (let tx = d.rect.x; tx < d.rect.x + d.rect.w; tx++) {
        const i = ty * width + tx;
        const t = tiles[i];
        if (t !== Tile.DoorLocked && t !== Tile.DoorOpen) {
          f(`door "${d.name}" covers tile (${tx}, ${ty}) which is ${TILE_DESC[t]}`);
        }
        if (owner[i] >= 0)
          f(
            `door "${d.name}" covers tile (${tx}, ${ty}), which door "${raw.doors[owner[i]].name}" covers too`,
          );
        owner[i] = id;
        covered.push(i);
        if (t === Tile.DoorLocked) locked++;
      }
    }
    if (locked !== 0 && locked !== covered.length) f(`door "${d.name}" is partly locked and partly open`);
    const { x, y, w, h } = d.rect;
    return { id, name: d.name, kind: d.kind, tiles: covered, x: x + w / 2, y: y + h / 2, locked: locked > 0 };
  });
  for (let i = 0; i < tiles.length; i++) {
    if ((tiles[i] === Tile.DoorLocked || tiles[i] === Tile.DoorOpen) && owner[i] < 0) {
      fail('tiles', `door tile (${i % width}, ${Math.floor(i / width)}) belongs to no door object`);
    }
  }
  const vaults = doors.filter((d) => d.kind === 'vault');
  if (vaults.length !== 1) f(`want exactly one door of kind "vault", found ${vaults.length}`);
  const vault = vaults[0];
  if (!vault.locked) f(`door "${vault.name}" of kind "vault" must start locked`);

  const roomOf = (p: Vec2) => room(tiles, width, height, owner, p);
  const spawnIn = (region: Uint8Array, except: PlayerRole | null): PlayerRole | undefined =>
    PLAYER_ROLES.find(
      (r) => r !== except && region[Math.floor(spawns[r].y) * width + Math.floor(spawns[r].x)] === 1,
    );

  const cell = roomOf(spawns.sarah);
  if (cell.doors.size === 0) f('spawn "sarah" is not in a cell: no locked door closes her room');
  for (const id of cell.doors) {
    if (doors[id].kind !== 'cell') {
      f(
        `spawn "sarah" is not in a cell: her room is closed by door "${doors[id].name}" of kind "${doors[id].kind}"`,
      );
    }
  }
  const cellmate = spawnIn(cell.region, 'sarah');
  if (cellmate) f(`spawn "sarah" is not locked in: spawn "${cellmate}" is in the same room`);

  if (raw.chips.length !== 1) f(`want exactly one chip, found ${raw.chips.length}`);
  const chip = raw.chips[0];
  standOn('chip', chip);
  const vaultRoom = roomOf(chip);
  if (!vaultRoom.doors.has(vault.id))
    f(`chip is not inside the vault: door "${vault.name}" does not close its room`);
  const intruder = spawnIn(vaultRoom.region, null);
  if (intruder) f(`chip is not inside the vault: spawn "${intruder}" reaches it without opening a door`);

  if (raw.terminals.length !== TERMINAL_COUNT)
    f(`want exactly ${TERMINAL_COUNT} terminals, found ${raw.terminals.length}`);
  for (const [i, t] of raw.terminals.entries()) standOn(`terminal ${i + 1}`, t);

  if (raw.extractions.length !== 1) f(`want exactly one extraction, found ${raw.extractions.length}`);
  const extraction = raw.extractions[0];
  const mill = zones.find((z) => z.name === 'mill') as Zone;
  if (!contains(mill, extraction)) f('extraction must lie inside zone "mill"');
  checkExtraction(extraction, tiles, width, height, f);

  for (const route of raw.patrols) {
    for (const [k, p] of route.points.entries()) standOn(`patrol "${route.name}" point ${k + 1}`, p);
  }
  for (const [i, c] of raw.crates.entries()) standOn(`crate ${i + 1}`, c);
  for (const [i, p] of raw.pois.entries()) standOn(`poi ${i + 1}`, p);
  if (raw.pois.length < MIN_POIS) f(`want at least ${MIN_POIS} poi points, found ${raw.pois.length}`);

  return {
    ...base,
    spawns,
    zones,
    doors,
    chip,
    terminals: raw.terminals,
    extraction,
    patrols: raw.patrols,
    crates: raw.crates,
    pois: raw.pois,
  };
}

/** The extraction needs ground to stand on and molten steel in it or right beside it. */
function checkExtraction(
  r: Rect,
  tiles: Uint8Array,
  width: number,
  height: number,
  f: (m: string) => never,
): void {
  let ground = false;
  let steel = false;
  for (let y = Math.max(0, r.y - 1); y < Math.min(height, r.y + r.h + 1); y++) {
    for (let x = Math.max(0, r.x - 1); x < Math.min(width, r.x + r.w + 1); x++) {
      const t = tiles[y * width + x];
      if (t === Tile.Steel) steel = true;
      if (inRect(r, x, y) && !(TILE_FLAGS[t] & UNSAFE)) ground = true;
    }
  }
  if (!ground) f('extraction has no walkable tile to stand on');
  if (!steel) f('extraction must be next to molten steel');
}

/**
 * The room around p: the tiles reachable on foot without opening a locked
 * door, and the doors whose locked tiles border it.
 */
function room(tiles: Uint8Array, width: number, height: number, owner: Int32Array, p: Vec2) {
  const region = new Uint8Array(width * height);
  const doors = new Set<number>();
  const start = Math.floor(p.y) * width + Math.floor(p.x);
  const queue = [start];
  region[start] = 1;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const x = i % width;
    const y = (i - x) / width;
    for (let k = 0; k < 4; k++) {
      const nx = x + (k === 0 ? 1 : k === 1 ? -1 : 0);
      const ny = y + (k === 2 ? 1 : k === 3 ? -1 : 0);
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const n = ny * width + nx;
      if (region[n]) continue;
      if (tiles[n] === Tile.DoorLocked) doors.add(owner[n]);
      if (TILE_FLAGS[tiles[n]] & UNSAFE) continue;
      region[n] = 1;
      queue.push(n);
    }
  }
  return { region, doors };
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: Rect, inner: Rect): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;
const fmt = (v: number): string => String(Math.round(v * 100) / 100);
