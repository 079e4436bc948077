import { BLOCKS_WALK } from '../map/tiles.js';
import type { GameMap } from '../map/types.js';
import { PLAYER_ROLES, type PlayerRole, ROLE_NAMES } from '../roles.js';
import { CIVILIAN, DEFAULT_OPTIONS, type MatchOptions, PATROL } from '../tuning.js';
import { makeEntity } from './entity.js';
import { overlapsBlocked } from './movement.js';
import { npcLook, ROLE_COLORS } from './names.js';
import { type MatchSeed, random, randomInt, seedState } from './rng.js';
import type { Entity, PlayerStats, World } from './types.js';

export interface WorldConfig {
  map: GameMap;
  seed: MatchSeed;
  options?: Partial<MatchOptions>;
  /** Player roles in the match; John and the T-1000 are always added. */
  roles?: readonly PlayerRole[];
}

export const emptyStats = (): PlayerStats => ({
  distance: 0,
  hitsDealt: 0,
  hitsTaken: 0,
  revives: 0,
  objectives: 0,
  timeDisguised: 0,
  timeLiquid: 0,
  downs: 0,
});

/** Draw a public id no entity holds yet. */
export function newPublicId(world: World): number {
  for (;;) {
    const id = 1 + randomInt(world, 0x7ffffffe);
    if (!world.entities.some((e) => e.publicId === id)) return id;
  }
}

/** A fresh match at its first step: players at their spawns, NPCs on their routes and in the crowd. */
export function createWorld(cfg: WorldConfig): World {
  const { map } = cfg;
  const options: MatchOptions = { ...DEFAULT_OPTIONS, ...cfg.options };
  const wanted = new Set<PlayerRole>(cfg.roles ?? PLAYER_ROLES);
  wanted.add('john');
  wanted.add('t1000');
  const world: World = {
    seed: cfg.seed,
    rng: seedState(cfg.seed),
    tick: 0,
    time: 0,
    options,
    map,
    tiles: map.tiles.slice(),
    tilesVersion: 0,
    entities: [],
    players: {},
    doors: map.doors.map((d) => ({ open: !d.locked })),
    act: 1,
    objectives: {
      sarahFreed: !wanted.has('sarah'),
      vaultOpen: false,
      chipDestroyed: false,
      terminalsWiped: map.terminals.map(() => false),
      extraction: 0,
    },
    alarm: { left: 0, x: 0, y: 0, reveal: 0 },
    result: null,
    endsAt: null,
    over: false,
    stats: {},
    events: [],
  };
  const add = (e: Entity): Entity => {
    world.entities.push(e);
    return e;
  };
  for (const role of PLAYER_ROLES) {
    if (!wanted.has(role)) continue;
    const s = map.spawns[role];
    const e = add(
      makeEntity(
        world.entities.length,
        newPublicId(world),
        role,
        ROLE_NAMES[role],
        ROLE_COLORS[role],
        s.x,
        s.y,
      ),
    );
    e.facing = role === 't1000' ? Math.PI : 0;
    world.players[role] = e.id;
    world.stats[role] = emptyStats();
  }
  placePatrols(world, options.police);
  placeCivilians(world, options.civilians);
  return world;
}

function placePatrols(world: World, count: number): void {
  const routes = world.map.patrols;
  if (routes.length === 0 || count <= 0) return;
  const total = routes.reduce((s, r) => s + r.weight, 0);
  for (let i = 0; i < count; i++) {
    // Walk the cumulative weights so each route gets its share, in a fixed order.
    let at = ((i + 0.5) / count) * total;
    let ri = 0;
    while (ri < routes.length - 1 && at >= routes[ri].weight) at -= routes[ri++].weight;
    const route = routes[ri];
    const wp = randomInt(world, route.points.length);
    const p = route.points[wp];
    const look = npcLook(route.unit, random(world), random(world));
    const e = makeEntity(
      world.entities.length,
      newPublicId(world),
      route.unit,
      look.name,
      look.color,
      p.x,
      p.y,
    );
    e.route = ri;
    e.routeIdx = wp;
    e.routeDir = random(world) < 0.5 ? 1 : -1;
    e.wait = random(world) * PATROL.startWait;
    world.entities.push(e);
  }
}

function placeCivilians(world: World, count: number): void {
  const { pois, tiles, width, height } = { ...world.map, tiles: world.tiles };
  if (pois.length === 0) return;
  for (let i = 0; i < count; i++) {
    const p = pois[randomInt(world, pois.length)];
    let x = p.x + (random(world) - 0.5) * CIVILIAN.spawnSpread;
    let y = p.y + (random(world) - 0.5) * CIVILIAN.spawnSpread;
    if (overlapsBlocked(tiles, width, height, x, y, BLOCKS_WALK)) {
      x = p.x;
      y = p.y;
    }
    const look = npcLook('civilian', random(world), random(world));
    const e = makeEntity(world.entities.length, newPublicId(world), 'civilian', look.name, look.color, x, y);
    e.wait = random(world) * CIVILIAN.startWait;
    e.facing = random(world) * Math.PI * 2;
    world.entities.push(e);
  }
}

/** The entity of a player role, or undefined if that role is not in the match. */
export function playerEntity(world: World, role: PlayerRole): Entity | undefined {
  const id = world.players[role];
  return id === undefined ? undefined : world.entities[id];
}
