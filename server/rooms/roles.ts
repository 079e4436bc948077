/**
 * Role assignment from the lobby's preferences. Pure functions: the same
 * players, preferences and seed always give the same roles.
 */
import type { RolePreference } from '../../shared/protocol.js';
import { ESCORT_ROLES, type EscortRole, PLAYER_ROLES, type PlayerRole } from '../../shared/roles.js';
import {
  deriveSeed,
  type MatchSeed,
  type RngHolder,
  ROLES_STREAM,
  random,
  seedState,
} from '../../shared/sim/rng.js';

export interface Candidate {
  /** Session id (any stable key). */
  id: string;
  pref: RolePreference;
}

export interface Assignment {
  /** Role of each candidate. */
  roles: Map<string, PlayerRole>;
  /** Roles in the match: John and the T-1000 always; the rest if a person took them or bots are on. */
  present: PlayerRole[];
  /** Present roles no person took: a bot plays each. */
  bots: PlayerRole[];
}

/** A seeded Fisher–Yates shuffle (a copy). */
function shuffled<T>(items: readonly T[], holder: RngHolder): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random(holder) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Assign roles. The hunter is a player who asked for it, else one who said
 * "any", else — only when there are more players than escort roles — one who
 * asked for escort; ties are broken by the seed. The others take the escort
 * roles in order John, Sarah, T-800, Dyson (those who asked for escort
 * first). At most five candidates are placed; the rest get no role.
 */
export function assignRoles(candidates: readonly Candidate[], seed: MatchSeed, bots: boolean): Assignment {
  // A stream of its own, derived one way from the match seed: the roles tell nothing of the world's RNG.
  const holder = { rng: seedState(deriveSeed(seed, ROLES_STREAM)) };
  const order = shuffled(candidates, holder).slice(0, PLAYER_ROLES.length);
  const byPref = (p: RolePreference) => order.filter((c) => c.pref === p);
  const roles = new Map<string, PlayerRole>();
  const hunter =
    byPref('hunter')[0] ??
    byPref('any')[0] ??
    (order.length > ESCORT_ROLES.length ? byPref('escort')[0] : undefined);
  if (hunter) roles.set(hunter.id, 't1000');
  const rest = [...byPref('escort'), ...byPref('any'), ...byPref('hunter')].filter((c) => c !== hunter);
  rest.forEach((c, i) => {
    roles.set(c.id, ESCORT_ROLES[i]);
  });
  const taken = new Set(roles.values());
  const present = PLAYER_ROLES.filter((r) => bots || taken.has(r) || r === 'john' || r === 't1000');
  return { roles, present, bots: present.filter((r) => !taken.has(r)) };
}

/**
 * The bot-played role a player joining a match in progress takes over: the
 * preferred side if a bot holds a role there, else any bot-held role; null
 * when every present role is a person's.
 */
export function dropInRole(pref: RolePreference, botRoles: readonly PlayerRole[]): PlayerRole | null {
  const escorts = ESCORT_ROLES.filter((r: EscortRole) => botRoles.includes(r));
  const hunter = botRoles.includes('t1000') ? (['t1000'] as PlayerRole[]) : [];
  const ranked = pref === 'hunter' ? [...hunter, ...escorts] : [...escorts, ...hunter];
  return ranked[0] ?? null;
}
