import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMaps, loadMapFile, MAPS_DIR, resolveMap } from '../../server/mapFiles.js';
import { MapError } from '../../shared/map/loadMap.js';

const dir = mkdtempSync(join(tmpdir(), 'lm-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error(f: () => unknown): MapError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MapError);
    expect((e as Error).message).not.toContain('\n');
    return e as MapError;
  }
  throw new Error('expected a MapError');
}

describe('map files', () => {
  it('lists the bundled maps by name', () => {
    expect(listMaps()).toContain('la-1995');
    expect(MAPS_DIR).toMatch(/maps$/);
  });

  it('no name means the default map, Los Angeles 1995', () => {
    expect(resolveMap().name).toBe('Los Angeles 1995');
    expect(resolveMap('').file).toBe(resolveMap().file);
  });

  it('a bare name is looked up in the maps folder; a path is taken as it is', () => {
    expect(resolveMap('la-1995').width).toBe(160);
    expect(resolveMap(join(MAPS_DIR, 'la-1995.tmj')).width).toBe(160);
  });

  it('an unknown name is refused with the list of available maps', () => {
    expect(error(() => resolveMap('skynet')).message).toMatch(
      /^unknown map "skynet"; available maps: .*la-1995/,
    );
    expect(error(() => resolveMap(join(dir, 'missing.tmj'))).message).toContain('unknown map');
  });

  it('a file that is not JSON is refused with its name', () => {
    const file = join(dir, 'broken.tmj');
    writeFileSync(file, '{ "width": 3,\n oops }');
    const message = error(() => loadMapFile(file)).message;
    expect(message).toContain('broken.tmj: not valid JSON');
  });

  it("a file that does not validate is refused with the loader's message naming the file", () => {
    const file = join(dir, 'square.tmj');
    writeFileSync(file, JSON.stringify({ orientation: 'isometric' }));
    expect(error(() => resolveMap(file)).message).toMatch(/square\.tmj: orientation must be "orthogonal"/);
  });

  it('a file that cannot be read is refused with its name', () => {
    expect(error(() => loadMapFile(dir)).message).toMatch(/lm-maps-.*: cannot read the file \(EISDIR\)/);
  });
});
