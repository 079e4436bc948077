import type { GameMap } from '../map/types.js';
import type { World } from './types.js';

/**
 * A world as plain data: what a replay, a spectator's catch-up or a saved
 * match holds. The map is named by its file, not copied; events are not kept
 * (they belong to one step).
 */
export type WorldSnapshot = Omit<World, 'map' | 'events'> & { mapFile: string; version: 1 };

/** A deep copy of the world as plain data (typed arrays stay typed arrays, which msgpackr and structuredClone keep). */
export function snapshotWorld(w: World): WorldSnapshot {
  const { map, events, ...rest } = w;
  return structuredClone({ ...rest, mapFile: map.file, version: 1 as const });
}

/** A live world from a snapshot and the map it names. */
export function restoreWorld(s: WorldSnapshot, map: GameMap): World {
  if (s.version !== 1) throw new Error(`snapshot version ${String(s.version)} is not supported`);
  if (s.mapFile !== map.file) throw new Error(`snapshot is of map ${s.mapFile}, not ${map.file}`);
  const { mapFile, version, ...rest } = structuredClone(s);
  return { ...rest, tiles: Uint8Array.from(rest.tiles), map, events: [] };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A 64-bit FNV-1a style hash of everything that makes the world what it is
 * (every entity field, the tiles, doors, objectives, clocks, RNG), as 16 hex
 * digits. Two worlds with the same hash are, for every purpose, the same.
 */
export function worldHash(w: World): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const num = (v: number) => {
    f64[0] = v;
    h1 = Math.imul(h1 ^ u32[0], 0x01000193);
    h2 = Math.imul(h2 ^ u32[1], 0x01000193);
    h1 = Math.imul(h1 ^ u32[1], 0x01000193);
    h2 = Math.imul(h2 ^ u32[0], 0x5bd1e995);
  };
  const str = (s: string) => {
    num(s.length);
    for (let i = 0; i < s.length; i++) num(s.charCodeAt(i));
  };
  const any = (v: unknown): void => {
    if (typeof v === 'number') num(v);
    else if (typeof v === 'string') str(v);
    else if (typeof v === 'boolean') num(v ? 1 : 0);
    else if (v === null || v === undefined) num(Number.NaN);
    else if (ArrayBuffer.isView(v)) for (const x of v as Uint8Array) num(x);
    else if (Array.isArray(v)) {
      num(v.length);
      for (const x of v) any(x);
    } else {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o).sort()) {
        str(k);
        any(o[k]);
      }
    }
  };
  const { map, events, ...state } = w;
  str(map.file);
  any(state);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}
