import { parseMap } from '../../../shared/map/loadMap.js';
import type { GameMap } from '../../../shared/map/types.js';

/** The map a room names with '' (the server's default). */
export const DEFAULT_MAP_FILE = 'la-1995.tmj';

/** One entry of maps/index.json, written by the client build from the maps folder. */
export interface MapIndexEntry {
  file: string;
  name: string;
}

const cache = new Map<string, Promise<GameMap>>();

/** Which file holds the map a room names (by display name or file name); the default for ''. */
export function mapFileFor(index: readonly MapIndexEntry[], wanted: string): string {
  if (wanted === '') return DEFAULT_MAP_FILE;
  const base = wanted.replace(/^.*[\\/]/, '').replace(/\.tmj$/i, '');
  const hit = index.find((m) => m.name === wanted || m.file === `${base}.tmj`);
  return hit ? hit.file : `${base}.tmj`;
}

/**
 * Fetches and validates a map the way the server does (the shared loader), so
 * both sides play on the same tiles. Cached per name.
 */
export function loadMap(wanted: string, base = 'maps/'): Promise<GameMap> {
  let p = cache.get(wanted);
  if (!p) {
    p = (async () => {
      const index: MapIndexEntry[] = await fetch(`${base}index.json`).then(
        (r) => (r.ok ? r.json() : []),
        () => [],
      );
      const file = mapFileFor(index, wanted);
      const res = await fetch(`${base}${file}`);
      if (!res.ok) throw new Error(`map ${file} is not available from this server (${res.status})`);
      return parseMap(await res.json(), file);
    })();
    p.catch(() => cache.delete(wanted));
    cache.set(wanted, p);
  }
  return p;
}
