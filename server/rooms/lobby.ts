/**
 * The lobby roster in the room state: people joining and leaving, the host,
 * readiness, and the bots shown once roles are assigned.
 */
import type { RolePreference } from '../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole, ROLE_NAMES } from '../../shared/roles.js';
import { type MatchState, PlayerSlot } from '../../shared/schema/MatchState.js';

/** Player seats per match. */
export const MAX_PLAYERS = PLAYER_ROLES.length;

export const botKey = (role: PlayerRole): string => `bot-${role}`;

/** People (not bots) in the roster. */
export function people(state: MatchState): Array<[string, PlayerSlot]> {
  return [...state.players.entries()].filter(([, p]) => !p.bot);
}

export function addPerson(
  state: MatchState,
  sessionId: string,
  name: string,
  pref: RolePreference,
): PlayerSlot {
  const slot = new PlayerSlot();
  slot.name = name;
  slot.pref = pref;
  slot.connected = true;
  slot.host = !people(state).some(([, p]) => p.host);
  state.players.set(sessionId, slot);
  return slot;
}

/** Remove a person; the host passes to the longest-present person left. */
export function removePerson(state: MatchState, sessionId: string): void {
  const slot = state.players.get(sessionId);
  if (!slot) return;
  state.players.delete(sessionId);
  if (slot.host) {
    const next = people(state)[0];
    if (next) next[1].host = true;
  }
}

/** Everyone in the lobby is ready (false for an empty lobby). */
export function allReady(state: MatchState): boolean {
  const ps = people(state);
  return ps.length > 0 && ps.every(([, p]) => p.ready);
}

/** Show a bot in the roster for a role no person plays. */
export function addBot(state: MatchState, role: PlayerRole): void {
  const slot = new PlayerSlot();
  slot.name = `${ROLE_NAMES[role]} (bot)`;
  slot.pref = role === 't1000' ? 'hunter' : 'escort';
  slot.ready = true;
  slot.role = role;
  slot.bot = true;
  slot.connected = true;
  state.players.set(botKey(role), slot);
}
