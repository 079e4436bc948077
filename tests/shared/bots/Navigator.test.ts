import { describe, expect, it } from 'vitest';
import { lethalFrom, pushIntoSteel } from '../../../shared/bots/gunnery.js';
import { Navigator } from '../../../shared/bots/Navigator.js';
import type { Threat } from '../../../shared/bots/TeamView.js';
import { BLOCKS_LIQUID } from '../../../shared/map/tiles.js';
import { seedState } from '../../../shared/sim/rng.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, ent, place, testWorld } from '../sim/fixtures.js';

/** Bot navigation and gunnery on small maps. */

const rows = [
  '####################',
  '#..................#',
  '#..................#',
  '#########D######|###',
  '#..................#',
  '#..~~~~............#',
  '####################',
];
const map = asciiMap(rows);

function nav(w = testWorld(map, ['t1000', 'john'])) {
  const n = new Navigator({ rng: seedState(1) });
  n.begin(perceive(w, 'john'));
  return { n, w };
}

describe('Navigator', () => {
  it('finds the locked door in the way, and no way at all through it', () => {
    const { n } = nav();
    expect(n.pathDist(2, 1.5, 4, 4.5)).toBe(Number.POSITIVE_INFINITY);
    expect(n.doorInTheWay(2, 1.5, 4, 4.5)).toBe(0);
    expect(n.openDist(2, 1.5, 4, 4.5)).toBeLessThan(15);
  });

  it('paths through bars only for a puddle', () => {
    const { n } = nav();
    expect(n.pathDist(16.5, 1.5, 16.5, 4.5)).toBe(Number.POSITIVE_INFINITY);
    expect(n.pathDist(16.5, 1.5, 16.5, 4.5, BLOCKS_LIQUID)).toBe(3);
  });

  it('walks a straight line only where it keeps clear of walls and steel', () => {
    const { n } = nav();
    expect(n.clearLine(2, 1.5, 17, 2.5)).toBe(true);
    expect(n.clearLine(2, 4.5, 10, 4.5)).toBe(true);
    expect(n.clearLine(2, 4.5, 10, 5.2)).toBe(false); // grazes the steel
    expect(n.clearLine(2, 1.5, 2, 4.5)).toBe(false); // through the wall
  });

  it('steers toward the goal down the field once a door opens', () => {
    const w = testWorld(map, ['t1000', 'john']);
    for (const t of w.map.doors[0].tiles) w.tiles[t] = 4;
    const { n } = nav(w);
    place(w, 'john', 2, 1.5);
    expect(n.steer(2, 1.5, 4, 4.5)).toBe(true);
    // Toward the door (east), before turning south through it.
    expect(n.dir.x).toBeGreaterThan(0.5);
    expect(ent(w, 'john').x).toBe(2);
  });
});

describe('gunnery', () => {
  const threat = (x: number, y: number): Threat => ({
    publicId: 1,
    x,
    y,
    vx: 0,
    vy: 0,
    seenAt: 0,
    visible: true,
    liquid: false,
    windup: false,
    stunned: false,
    suspect: false,
    noticed: true,
    windupNoticed: false,
    since: 0,
    windupSince: 0,
  });

  it('a push toward steel within the knockback is lethal; one stopped by a wall is not', () => {
    const w = testWorld(map, ['t1000', 'john']);
    expect(pushIntoSteel(w.map, w.tiles, 8, 5.5, -1, 0, 3.5, false)).toBe(true);
    expect(pushIntoSteel(w.map, w.tiles, 11, 5.5, -1, 0, 3.5, false)).toBe(false); // too far
    expect(pushIntoSteel(w.map, w.tiles, 5, 4.5, 0, -1, 3.5, false)).toBe(false); // the wall above
  });

  it('a shot from the east knocks a hunter beside the steel in; from the west it does not', () => {
    const w = testWorld(map, ['t1000', 'john']);
    expect(lethalFrom(w.map, w.tiles, 13, 5.5, threat(8, 5.5), 3.5)).toBe(true);
    expect(lethalFrom(w.map, w.tiles, 2, 4.5, threat(8, 5.5), 3.5)).toBe(false);
  });
});
