import { describe, expect, it } from 'vitest';
import { Navigator } from '../../../shared/bots/Navigator.js';
import { TeamView } from '../../../shared/bots/TeamView.js';
import { planJobs } from '../../../shared/bots/teamPlan.js';
import { seedState } from '../../../shared/sim/rng.js';
import type { World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, place, testWorld } from '../sim/fixtures.js';

/** How the escort splits the work of each act. */

function plan(w: World) {
  const p = perceive(w, 'john');
  const nav = new Navigator({ rng: seedState(1) });
  nav.begin(p);
  const team = new TeamView();
  team.update(p);
  return planJobs(p, team, nav);
}

// A Cyberdyne-like block: a lobby door (0), the vault door (1) and two terminals behind the lobby door.
const rows = [
  '##############################',
  '#............................#',
  '#............#####D#########.#',
  '#............#.............#.#',
  '#............#..........T..#.#',
  '#............#.............#.#',
  '#............####D###......#.#',
  '#............#......#...T..#.#',
  '#............#..C...#......#.#',
  '#............################.#',
  '#............................#',
  '##############################',
];
const cyberdyne = asciiMap(rows, {
  doorKinds: ['cyberdyne', 'vault'],
  chip: { x: 16.5, y: 8.5 },
  terminals: [
    { x: 24.5, y: 4.5 },
    { x: 24.5, y: 7.5 },
  ],
  extraction: { x: 1, y: 9, w: 2, h: 2 },
});

describe('teamPlan', () => {
  it('act 2: Dyson takes the locked Cyberdyne door in the way, the T-800 guards John', () => {
    const w = testWorld(cyberdyne);
    w.act = 2;
    place(w, 't1000', 2, 10);
    place(w, 'john', 5, 2);
    place(w, 'sarah', 6, 2);
    place(w, 't800', 5, 3);
    place(w, 'dyson', 6, 3);
    const jobs = plan(w);
    expect(jobs.dyson).toEqual({ kind: 'door', door: 0 });
    expect(jobs.t800).toEqual({ kind: 'guard' });
  });

  it('act 2 without Dyson: John hacks the door himself', () => {
    const w = testWorld(cyberdyne, ['t1000', 'john', 'sarah', 't800']);
    w.act = 2;
    place(w, 't1000', 2, 10);
    place(w, 'john', 5, 2);
    expect(plan(w).john).toEqual({ kind: 'door', door: 0 });
  });

  it('act 2 with the doors open: the free workers split the objectives, nearest first', () => {
    const w = testWorld(cyberdyne);
    w.act = 2;
    for (const d of w.map.doors) for (const t of d.tiles) w.tiles[t] = 4;
    place(w, 't1000', 2, 10);
    place(w, 'john', 16, 4);
    place(w, 'sarah', 24, 5);
    place(w, 't800', 15, 4);
    place(w, 'dyson', 23, 7);
    const jobs = plan(w);
    expect(jobs.sarah).toEqual({ kind: 'wipe', index: 0 });
    expect(jobs.dyson).toEqual({ kind: 'wipe', index: 1 });
    expect(jobs.john).toEqual({ kind: 'plant' });
    expect(jobs.t800).toEqual({ kind: 'guard' });
  });

  it('act 3: John makes for the extraction, Sarah and the T-800 guard, a downed ally gets a reviver', () => {
    const w = testWorld(cyberdyne);
    w.act = 3;
    place(w, 't1000', 28, 10);
    place(w, 'john', 5, 5);
    place(w, 'sarah', 6, 5);
    place(w, 't800', 8, 5);
    place(w, 'dyson', 9, 5).life = 'downed';
    const jobs = plan(w);
    expect(jobs.john).toEqual({ kind: 'extract' });
    expect(jobs.sarah).toEqual({ kind: 'guard' });
    expect(jobs.t800).toEqual({ kind: 'revive', role: 'dyson' });
  });
});
