import { createBot } from './bots/index.js';
import type { GameMap } from './map/types.js';
import { PLAYER_ROLES, type PlayerRole } from './roles.js';
import { BOT_STREAM, deriveSeed, type MatchSeed } from './sim/rng.js';
import { step } from './sim/step.js';
import type { StepInputs, World } from './sim/types.js';
import { perceive } from './sim/vision.js';
import { createWorld } from './sim/world.js';
import type { MatchOptions } from './tuning.js';

export interface HeadlessMatch {
  map: GameMap;
  seed: MatchSeed;
  options?: Partial<MatchOptions>;
  /** Roles in the match (default all five); every one is played by a bot. */
  roles?: readonly PlayerRole[];
}

/**
 * Seed of the bot playing a role in a match: derived one way from the match
 * seed (a stream of its key of its own), different per role, so what a bot
 * does tells nothing of the world's RNG.
 */
export const botSeed = (seed: MatchSeed, role: PlayerRole): string =>
  deriveSeed(seed, BOT_STREAM + PLAYER_ROLES.indexOf(role));

/** A world with a bot behind every player role, and a function that advances it one step. */
export function botMatch(m: HeadlessMatch): { world: World; step: () => void } {
  const world = createWorld({ map: m.map, seed: m.seed, options: m.options, roles: m.roles });
  const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
  const bots = roles.map((r) => createBot(r, botSeed(m.seed, r)));
  const inputs: StepInputs = {};
  return {
    world,
    step() {
      for (let i = 0; i < roles.length; i++) inputs[roles[i]] = bots[i].think(perceive(world, roles[i]));
      step(world, inputs);
    },
  };
}

/** Play a whole bot match in-process as fast as it can; returns the finished world. */
export function playMatch(m: HeadlessMatch): World {
  const { world, step: next } = botMatch(m);
  // The clock always ends a match; the margin covers the no-fate window.
  const limit = Math.ceil((world.options.judgmentDaySeconds + 60) * 30);
  for (let i = 0; i < limit && !world.over; i++) next();
  return world;
}
