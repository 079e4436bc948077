/**
 * Role assignment from the lobby's preferences, the host's pick and the
 * room's history of hunters — the one place these rules live. Pure
 * functions: the same players, preferences, choices and seed always give
 * the same roles.
 */
import { prefersEscort, type RolePreference } from '../../shared/protocol.js';
import {
  ESCORT_ROLES,
  type EscortRole,
  isEscortRole,
  PLAYER_ROLES,
  type PlayerRole,
} from '../../shared/roles.js';
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

/** Who hunted in this room's earlier matches (for the rotation on a rematch). */
export interface HunterHistory {
  /** Matches each player has been the hunter in. */
  readonly hunted: ReadonlyMap<string, number>;
  /** The hunter of the last match, if a person. */
  readonly last: string | null;
}

/** The host's choices for role assignment. */
export interface RoleChoices {
  /** The host's pick for the hunter ('' or absent: the preferences decide). */
  hunter?: string;
  history?: HunterHistory;
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
 * The hunter among `tier` (players equally willing to hunt, in seed order):
 * whoever has hunted least in this room, then not the last match's hunter,
 * then the first in seed order.
 */
function rotate(tier: readonly Candidate[], history: HunterHistory | undefined): Candidate | undefined {
  const hunted = (c: Candidate) => history?.hunted.get(c.id) ?? 0;
  const wasLast = (c: Candidate) => (history?.last === c.id ? 1 : 0);
  let best: Candidate | undefined;
  for (const c of tier) {
    if (!best || hunted(c) < hunted(best) || (hunted(c) === hunted(best) && wasLast(c) < wasLast(best)))
      best = c;
  }
  return best;
}

/**
 * Assign roles — the rules, in order:
 * 1. The host's pick for the hunter wins (if that player is a candidate).
 * 2. Otherwise the hunter comes from the players who asked for it; if none,
 *    from those who said "any"; if none and there are more players than
 *    escort roles, from the rest.
 * 3. Within that group the hunter rotates: whoever has hunted least in this
 *    room, then not last match's hunter; remaining ties are broken by the
 *    seed (a shuffle of its own stream).
 * 4. The escorts: a player who asked for a specific escort gets it if free
 *    (ties by the seed); the others take the escort roles left in order
 *    John, Sarah, T-800, Dyson, those who asked for escort first.
 * At most five candidates are placed; the rest get no role.
 */
export function assignRoles(
  candidates: readonly Candidate[],
  seed: MatchSeed,
  bots: boolean,
  choices: RoleChoices = {},
): Assignment {
  // A stream of its own, derived one way from the match seed: the roles tell nothing of the world's RNG.
  const holder = { rng: seedState(deriveSeed(seed, ROLES_STREAM)) };
  const order = shuffled(candidates, holder);
  const picked = choices.hunter ? order.find((c) => c.id === choices.hunter) : undefined;
  if (picked && order.indexOf(picked) >= PLAYER_ROLES.length) {
    order.splice(order.indexOf(picked), 1);
    order.unshift(picked);
  }
  order.length = Math.min(order.length, PLAYER_ROLES.length);
  const byPref = (p: RolePreference) => order.filter((c) => c.pref === p);
  const escortSide = order.filter((c) => prefersEscort(c.pref));
  const roles = new Map<string, PlayerRole>();
  const tiers = [byPref('hunter'), byPref('any'), order.length > ESCORT_ROLES.length ? escortSide : []];
  const hunter = picked ?? rotate(tiers.find((t) => t.length > 0) ?? [], choices.history);
  if (hunter) roles.set(hunter.id, 't1000');
  const free = new Set<EscortRole>(ESCORT_ROLES);
  for (const c of order) {
    if (c === hunter || !isEscortRole(c.pref as EscortRole) || !free.has(c.pref as EscortRole)) continue;
    roles.set(c.id, c.pref as EscortRole);
    free.delete(c.pref as EscortRole);
  }
  const rest = [...escortSide, ...byPref('any'), ...byPref('hunter')].filter(
    (c) => c !== hunter && !roles.has(c.id),
  );
  const left = ESCORT_ROLES.filter((r) => free.has(r));
  rest.forEach((c, i) => {
    if (left[i]) roles.set(c.id, left[i]);
  });
  const taken = new Set(roles.values());
  const present = PLAYER_ROLES.filter((r) => bots || taken.has(r) || r === 'john' || r === 't1000');
  return { roles, present, bots: present.filter((r) => !taken.has(r)) };
}

/**
 * The bot-played role a player joining a match in progress takes over: the
 * preferred escort or side if a bot holds a role there, else any bot-held role; null
 * when every present role is a person's.
 */
export function dropInRole(pref: RolePreference, botRoles: readonly PlayerRole[]): PlayerRole | null {
  // A specific escort first, if a bot plays it.
  const escorts = ESCORT_ROLES.filter((r: EscortRole) => botRoles.includes(r)).sort(
    (a, b) => (b === pref ? 1 : 0) - (a === pref ? 1 : 0),
  );
  const hunter = botRoles.includes('t1000') ? (['t1000'] as PlayerRole[]) : [];
  const ranked = pref === 'hunter' ? [...hunter, ...escorts] : [...escorts, ...hunter];
  return ranked[0] ?? null;
}
