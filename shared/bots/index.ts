import type { PlayerRole } from '../roles.js';
import type { Perception } from '../sim/perception.js';
import type { MatchSeed } from '../sim/rng.js';
import type { PlayerInput } from '../sim/types.js';
import { type BotDifficulty, DEFAULT_DIFFICULTY } from './difficulty.js';
import { EscortBot } from './EscortBot.js';
import { HunterBot } from './HunterBot.js';

/**
 * A bot brain: what its role can see in, the same input a person sends out.
 * It reads only the {@link Perception} (never the world), keeps its own
 * seeded randomness and no clock, so a match of bots is deterministic.
 * `think` is called once per simulation step.
 */
export interface Bot {
  readonly role: PlayerRole;
  think(p: Perception): PlayerInput;
}

/**
 * A bot for a player role; `seed` drives its own random choices,
 * `difficulty` its human limits (reaction, aim, attention: shared/bots/human.ts).
 */
export function createBot(
  role: PlayerRole,
  seed: MatchSeed,
  difficulty: BotDifficulty = DEFAULT_DIFFICULTY,
): Bot {
  return role === 't1000' ? new HunterBot(seed, difficulty) : new EscortBot(role, seed, difficulty);
}

export { type BotDifficulty, DEFAULT_DIFFICULTY } from './difficulty.js';
export { EscortBot } from './EscortBot.js';
export { HunterBot } from './HunterBot.js';
