import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMap } from '../../../shared/map/loadMap.js';
import { Tile } from '../../../shared/map/tiles.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { nextObjective, type ObjectiveQuery, sarahCellDoor } from '../../../shared/sim/objective.js';
import type { Objectives } from '../../../shared/sim/types.js';

const map = parseMap(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../maps/la-1995.tmj'), 'utf8')),
  'la-1995.tmj',
);
const fresh: Objectives = {
  sarahFreed: false,
  vaultOpen: false,
  chipDestroyed: false,
  terminalsWiped: [false, false, false],
  extraction: 0,
};
const doorId = (name: string) => map.doors.find((d) => d.name === name)!.id;
const vault = map.doors.find((d) => d.kind === 'vault')!.id;

/** The map's tiles with these doors opened. */
function opened(...ids: number[]): Uint8Array {
  const t = map.tiles.slice();
  for (const id of ids) for (const i of map.doors[id].tiles) t[i] = Tile.DoorOpen;
  return t;
}

function ask(role: PlayerRole, over: Partial<ObjectiveQuery> = {}): ReturnType<typeof nextObjective> {
  return nextObjective({
    map,
    tiles: map.tiles,
    tilesVersion: 0,
    act: 1,
    objectives: fresh,
    role,
    x: map.spawns[role].x,
    y: map.spawns[role].y,
    others: [
      { role: 'sarah', ...map.spawns.sarah },
      { role: 'john', ...map.spawns.john },
    ],
    ...over,
  });
}

/** Act 1 with Sarah freed: her cell open, the way out next. */
const freed = (): Partial<ObjectiveQuery> => ({
  tiles: opened(sarahCellDoor(map)),
  tilesVersion: 1,
  objectives: { ...fresh, sarahFreed: true },
});

describe("the team's next objective", () => {
  it("act 1: John, Sarah and the T-800 go to Sarah's cell while she is locked in", () => {
    const cell = sarahCellDoor(map);
    expect(map.doors[cell].kind).toBe('cell');
    for (const r of ['john', 'sarah', 't800'] as const) {
      const o = ask(r)!;
      expect(o.kind).toBe('cell');
      expect(o.index).toBe(cell);
      expect(o.x).toBe(map.doors[cell].x);
      expect(o.y).toBe(map.doors[cell].y);
      expect(o.waitingOnYou).toBe(false);
    }
    // Sarah is in the cell: a couple of tiles; John walks from the gate.
    expect(ask('sarah')!.distance).toBeLessThan(4);
    expect(ask('john')!.distance).toBeGreaterThan(10);
  });

  it('act 1: Dyson meets them at the way out of the hospital', () => {
    const o = ask('dyson')!;
    expect(o.kind).toBe('exit');
    expect(map.zones.find((z) => z.name === 'hospital')!.x + map.zones[0].w).toBeLessThanOrEqual(o.x);
  });

  it('act 1: once Sarah is free the way out of the hospital is next, just outside its zone', () => {
    const o = ask('john', {
      ...freed(),
      x: 17.5,
      y: 24.5,
    })!;
    expect(o.kind).toBe('exit');
    const hosp = map.zones.find((z) => z.name === 'hospital')!;
    expect(o.x).toBeGreaterThanOrEqual(hosp.x + hosp.w);
    expect(o.x).toBeLessThan(hosp.x + hosp.w + 1);
  });

  it('act 1: the team waits on John when Sarah is out and he is still inside, and only then', () => {
    const sarahOut = [{ role: 'sarah' as const, x: 45, y: 28 }];
    expect(ask('john', { ...freed(), others: sarahOut })!.waitingOnYou).toBe(true);
    // Sarah still inside (by her cell): nobody is waiting on John alone.
    expect(ask('john', freed())!.waitingOnYou).toBe(false);
    // The T-800 is never the one the act waits on.
    expect(ask('t800', { ...freed(), others: sarahOut })!.waitingOnYou).toBe(false);
    // Sarah waits on John the other way round.
    const sarahIn = { ...freed(), x: 20, y: 28, others: [{ role: 'john' as const, x: 45, y: 28 }] };
    expect(ask('sarah', sarahIn)!.waitingOnYou).toBe(true);
    // Without a Sarah in the match, John alone holds up the act.
    expect(ask('john', { others: [] })!.kind).toBe('exit');
    expect(ask('john', { others: [] })!.waitingOnYou).toBe(true);
  });

  it('act 1: an escort already out of the hospital is told so (the act waits on the others), one still inside is not', () => {
    const sarahIn = [{ role: 'sarah' as const, x: 20, y: 28 }];
    const johnOut = ask('john', { ...freed(), x: 45, y: 28, others: sarahIn })!;
    expect(johnOut.kind).toBe('exit');
    expect(johnOut.outside).toBe(true);
    expect(johnOut.waitingOnYou).toBe(false);
    const johnIn = ask('john', { ...freed(), x: 17.5, y: 24.5, others: sarahIn })!;
    expect(johnIn.outside).toBe(false);
    expect(ask('t800', { ...freed(), x: 45, y: 28, others: sarahIn })!.outside).toBe(true);
    // The hunter is never "out": the way out is where it cuts them off.
    expect(ask('t1000', { ...freed(), x: 45, y: 28, others: sarahIn })!.outside).toBe(false);
    // Other acts have no way out to be past.
    expect(ask('john', { ...freed(), act: 3, x: 45, y: 28 })!.outside).toBe(false);
  });

  it('act 2: a locked Cyberdyne door in the way comes first, for the objective behind it', () => {
    const o = ask('dyson', { act: 2, x: 92, y: 30 })!;
    expect(o.kind).toBe('door');
    expect(map.doors[o.index].kind).toBe('cyberdyne');
    expect(o.behind).toBe('vault');
  });

  it('act 2: John and Dyson are sent to the vault, Sarah and the T-800 never to a vault they cannot open', () => {
    const inside = {
      act: 2 as const,
      tiles: opened(doorId('cyberdyne-lobby-security')),
      tilesVersion: 1,
      x: 104,
      y: 30,
    };
    expect(ask('dyson', inside)!.kind).toBe('vault');
    expect(ask('john', inside)!.kind).toBe('vault');
    for (const r of ['sarah', 't800'] as const) {
      const o = ask(r, inside)!;
      expect(o.kind === 'terminal' || o.behind === 'terminal').toBe(true);
    }
    // With every terminal wiped there is nothing else: the vault, for everyone.
    const allWiped = { ...inside, objectives: { ...fresh, terminalsWiped: [true, true, true] } };
    expect(ask('t800', allWiped)!.kind).toBe('vault');
  });

  it('act 2: the chip once the vault is open, the nearest of what is left', () => {
    const tiles = opened(doorId('cyberdyne-lobby-security'), vault);
    const o = ask('sarah', {
      act: 2,
      tiles,
      tilesVersion: 2,
      objectives: { ...fresh, vaultOpen: true, terminalsWiped: [true, true, true] },
      x: 104,
      y: 30,
    })!;
    expect(o.kind).toBe('chip');
    expect(o.x).toBe(map.chip.x);
    // A terminal right beside the viewer wins over the chip.
    const t = map.terminals[2];
    const near = ask('sarah', {
      act: 2,
      tiles,
      tilesVersion: 2,
      objectives: { ...fresh, vaultOpen: true },
      x: t.x + 1,
      y: t.y,
    })!;
    expect(near.kind).toBe('terminal');
    expect(near.index).toBe(2);
  });

  it('act 3: the extraction zone, for every escort', () => {
    const e = map.extraction;
    for (const r of ['john', 'sarah', 't800', 'dyson'] as const) {
      const o = ask(r, { act: 3, x: 130, y: 30 })!;
      expect(o.kind).toBe('extraction');
      expect(o.x).toBe(e.x + e.w / 2);
      expect(o.y).toBe(e.y + e.h / 2);
    }
  });

  it('the hunter is shown John where it knows him to be, else where the escort must go (no door stops it)', () => {
    expect(ask('t1000', { john: { x: 50, y: 20 } })).toMatchObject({ kind: 'john', x: 50, y: 20 });
    expect(ask('t1000', { john: null })!.kind).toBe('cell');
    const o = ask('t1000', { act: 2, x: 92, y: 30 })!;
    expect(o.kind).toBe('vault');
    expect(ask('t1000', { act: 3 })!.kind).toBe('extraction');
  });

  it('is deterministic and does not depend on call order or cached fields', () => {
    const q = { act: 2 as const, x: 92, y: 30 };
    const a = ask('john', q);
    ask('sarah', { act: 3 });
    ask('john', { tiles: opened(vault), tilesVersion: 7 });
    expect(ask('john', q)).toEqual(a);
  });
});
