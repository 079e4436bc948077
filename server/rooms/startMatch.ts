/**
 * The start of a match: roles from the lobby's preferences, bots for the
 * empty ones, the world built, and every connected client given its eyes.
 */
import { randomBytes } from 'node:crypto';
import { isBotDifficulty } from '../../shared/bots/difficulty.js';
import { tileMapGrid } from '../../shared/map/generate.js';
import type { GameMap } from '../../shared/map/types.js';
import type { RolePreference } from '../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole } from '../../shared/roles.js';
import { restoreWorld } from '../../shared/sim/serialize.js';
import type { World } from '../../shared/sim/types.js';
import type { MatchOptions } from '../../shared/tuning.js';
import { resolveMap } from '../mapFiles.js';
import { MatchRun } from '../match/MatchRun.js';
import type { Resumed } from '../replay/resume.js';
import { type Assignment, assignRoles } from './roles.js';
import type { RoomHost } from './roomHost.js';

const maps = new Map<string, GameMap>();

/** Maps are parsed (and, for benchmarks, tiled ×10) once per process. */
export function mapFor(name: string | undefined, scale: number): GameMap {
  const key = `${name ?? ''}@${scale}`;
  let map = maps.get(key);
  if (!map) {
    map = resolveMap(name);
    if (scale === 10) map = tileMapGrid(map, 5, 2);
    maps.set(key, map);
  }
  return map;
}

/**
 * Play from here: the roles of a world that has its own (a replay's): a
 * person given a role the world lacks takes one it has that no one took
 * (else watches); bots play the rest.
 */
export function fitRoles(a: Assignment, world: World): Assignment {
  const present = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
  const roles = new Map<string, PlayerRole>();
  for (const [sid, role] of a.roles) if (present.includes(role)) roles.set(sid, role);
  const taken = new Set(roles.values());
  for (const [sid, role] of a.roles) {
    if (roles.has(sid) || present.includes(role)) continue;
    const free = present.find((r) => !taken.has(r));
    if (!free) continue;
    roles.set(sid, free);
    taken.add(free);
  }
  return { roles, present, bots: present.filter((r) => !taken.has(r)) };
}

/** A fresh copy of the world a room plays from, its options naming the replay and tick (the recording's header shows them). */
function worldFrom(r: Resumed): World {
  const world = restoreWorld(r.snapshot, r.map);
  // Read by no rule: the match plays as the replay did; the header of its own recording names where it came from.
  world.options = { ...world.options, from: { replay: r.replay, tick: r.tick } } as MatchOptions;
  return world;
}

/** Build the match of a room from its lobby; the roster and members get their roles. */
export function beginMatch(room: RoomHost): MatchRun {
  const { state, settings, roster } = room;
  const world = settings.resumed ? worldFrom(settings.resumed) : undefined;
  const seed = world?.seed ?? settings.seed ?? randomBytes(32).toString('hex');
  const persons = roster.people();
  const host = state.options;
  // A world from a replay keeps its own options (and bots fill every seat); otherwise the lobby's.
  const options = world?.options ?? {
    ...settings.options,
    judgmentDaySeconds: host.matchSeconds,
    police: host.police,
    civilians: host.civilians,
    bots: host.bots,
  };
  const assigned = assignRoles(
    persons.map(([id, p]) => ({ id, pref: p.pref as RolePreference })),
    seed,
    world ? true : options.bots,
    { hunter: state.options.hunter, history: room.hunterHistory },
  );
  const assignment = world ? fitRoles(assigned, world) : assigned;
  const map = world?.map ?? mapFor(settings.map, settings.worldScale);
  state.map = map.name;
  const holders = new Map<PlayerRole, string>();
  for (const [sid, role] of assignment.roles) holders.set(role, sid);
  const run = new MatchRun(state, {
    map,
    seed,
    options,
    world,
    autopilot: settings.autopilot,
    // Validated when the host set it; the room's own setting otherwise.
    difficulty: isBotDifficulty(state.options.difficulty) ? state.options.difficulty : settings.difficulty,
    seats: assignment.present.map((role) => {
      const sid = holders.get(role) ?? null;
      return { role, sessionId: sid, name: sid ? (roster.get(sid)?.name ?? '') : '' };
    }),
  });
  for (const [sid] of persons) {
    const role = assignment.roles.get(sid);
    // The lobby holds at most five people, so everyone has a role; anyone without one (a match
    // from a replay with fewer roles) watches — through the watch room, behind the delay, like any
    // spectator: the match room gives them no view of the entities.
    if (role) roster.seat(sid, role);
    else roster.watch(sid);
  }
  for (const role of assignment.bots) roster.showBot(role);
  for (const client of room.clients) {
    const m = roster.get(client.sessionId);
    if (m?.role) client.view = run.attach(client.sessionId, m.role);
  }
  return run;
}
