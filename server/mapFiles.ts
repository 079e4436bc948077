import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MapError, parseMap } from '../shared/map/loadMap.js';
import type { GameMap } from '../shared/map/types.js';

/** The folder of bundled maps (a host drops new .tmj files here). */
export const MAPS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'maps');
/** The map used when none is named. */
export const DEFAULT_MAP = 'la-1995';
const EXT = '.tmj';

/**
 * Reads and validates one Tiled map file.
 * @throws MapError naming the file when it cannot be read, is not JSON, or does not validate.
 */
export function loadMapFile(path: string): GameMap {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MapError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MapError(`${file}: not valid JSON: ${oneLine((e as Error).message)}`);
  }
  return parseMap(json, file);
}

/**
 * The map a host asked for: nothing → the default map; a bare name such as
 * `la-1995` → maps/la-1995.tmj; anything with a slash or an extension → that file.
 * @throws MapError "unknown map ..." listing the available maps, or the map's own validation error.
 */
export function resolveMap(nameOrPath?: string): GameMap {
  const wanted = nameOrPath === undefined || nameOrPath === '' ? DEFAULT_MAP : nameOrPath;
  const isPath = /[\\/]/.test(wanted) || /\.(tmj|json)$/i.test(wanted);
  const path = isPath ? resolve(wanted) : join(MAPS_DIR, `${wanted}${EXT}`);
  if (!existsSync(path)) {
    throw new MapError(
      `unknown map "${wanted}"; available maps: ${listMaps().join(', ') || '(none)'} (in ${displayPath(MAPS_DIR)})`,
    );
  }
  return loadMapFile(path);
}

/** Names (without extension) of the maps in {@link MAPS_DIR}, sorted. */
export function listMaps(): string[] {
  let names: string[];
  try {
    names = readdirSync(MAPS_DIR);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(EXT))
    .map((n) => n.slice(0, -EXT.length))
    .sort();
}

/** A path as a person would type it: relative to the working directory when inside it. */
function displayPath(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
