import { Tile } from './tiles.js';
import type { GameMap } from './types.js';

/** What a map's doors give, derived once per map: read by the bots and the objective guidance. */
export interface DoorFacts {
  /** Door id covering each tile, or -1. */
  doorAt: Int16Array;
  /** The cell door nearest Sarah's spawn: her cell (-1 if the map has no cell). */
  sarahCell: number;
  /** The tiles with every locked door drawn open: the routes a door's opener could make. */
  openTiles: Uint8Array;
}

const facts = new WeakMap<GameMap, DoorFacts>();

export function doorFacts(map: GameMap): DoorFacts {
  let f = facts.get(map);
  if (f) return f;
  const n = map.width * map.height;
  const doorAt = new Int16Array(n).fill(-1);
  for (const d of map.doors) for (const t of d.tiles) doorAt[t] = d.id;
  let sarahCell = -1;
  let best = Number.POSITIVE_INFINITY;
  for (const d of map.doors) {
    if (d.kind !== 'cell') continue;
    const dd = (d.x - map.spawns.sarah.x) ** 2 + (d.y - map.spawns.sarah.y) ** 2;
    if (dd < best) {
      best = dd;
      sarahCell = d.id;
    }
  }
  const openTiles = map.tiles.slice();
  for (let i = 0; i < n; i++) if (openTiles[i] === Tile.DoorLocked) openTiles[i] = Tile.DoorOpen;
  f = { doorAt, sarahCell, openTiles };
  facts.set(map, f);
  return f;
}
