/**
 * The start of a match: roles from the lobby's preferences, bots for the
 * empty ones, the world built, and every connected client given its eyes.
 */
import { randomBytes } from 'node:crypto';
import { isBotDifficulty } from '../../shared/bots/difficulty.js';
import { tileMapGrid } from '../../shared/map/generate.js';
import type { GameMap } from '../../shared/map/types.js';
import type { RolePreference } from '../../shared/protocol.js';
import type { PlayerRole } from '../../shared/roles.js';
import { resolveMap } from '../mapFiles.js';
import { MatchRun } from '../match/MatchRun.js';
import { assignRoles } from './roles.js';
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

/** Build the match of a room from its lobby; the roster and members get their roles. */
export function beginMatch(room: RoomHost): MatchRun {
  const { state, settings, roster } = room;
  const seed = settings.seed ?? randomBytes(32).toString('hex');
  const persons = roster.people();
  const host = state.options;
  const options = {
    ...settings.options,
    judgmentDaySeconds: host.matchSeconds,
    police: host.police,
    civilians: host.civilians,
    bots: host.bots,
  };
  const assignment = assignRoles(
    persons.map(([id, p]) => ({ id, pref: p.pref as RolePreference })),
    seed,
    options.bots,
    { hunter: state.options.hunter, history: room.hunterHistory },
  );
  const map = mapFor(settings.map, settings.worldScale);
  state.map = map.name;
  const holders = new Map<PlayerRole, string>();
  for (const [sid, role] of assignment.roles) holders.set(role, sid);
  const run = new MatchRun(state, {
    map,
    seed,
    options,
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
    // The lobby holds at most five people, so everyone has a role; anyone without one watches.
    if (role) roster.seat(sid, role);
    else roster.watch(sid);
  }
  for (const role of assignment.bots) roster.showBot(role);
  for (const client of room.clients) {
    const m = roster.get(client.sessionId);
    if (m) client.view = run.attach(client.sessionId, m.role);
  }
  return run;
}
