import { parentPort, workerData } from 'node:worker_threads';
import { resolveMap } from '../server/mapFiles.js';
import type { BotDifficulty } from '../shared/bots/difficulty.js';
import { EscortBot } from '../shared/bots/EscortBot.js';
import { HunterBot } from '../shared/bots/HunterBot.js';
import type { EscortLimits, HunterLimits, HunterSkill } from '../shared/bots/human.js';
import type { Bot } from '../shared/bots/index.js';
import { botSeed } from '../shared/headless.js';
import { isEscortRole, PLAYER_ROLES } from '../shared/roles.js';
import { step } from '../shared/sim/step.js';
import type { StepInputs } from '../shared/sim/types.js';
import { perceive } from '../shared/sim/vision.js';
import { createWorld } from '../shared/sim/world.js';
import { matchSummary } from './summary.js';

/**
 * One worker of `npm run balance`: plays the seeds it is given, escorts at
 * `escorts` and the hunter at `hunter` (a level's name or limits of their
 * own), and reports each match with the escorts' shots and hits on the hunter.
 */
const {
  seeds,
  map: mapName,
  minutes,
  escorts,
  hunter,
} = workerData as {
  seeds: number[];
  map: string | undefined;
  minutes: number;
  escorts: BotDifficulty | EscortLimits;
  hunter: HunterSkill | HunterLimits;
};
const map = resolveMap(mapName);
for (const seed of seeds) {
  const world = createWorld({ map, seed, options: { judgmentDaySeconds: minutes * 60 } });
  const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
  const bots: Bot[] = roles.map((r) =>
    r === 't1000' ? new HunterBot(botSeed(seed, r), hunter) : new EscortBot(r, botSeed(seed, r), escorts),
  );
  const escortIds = new Set(roles.filter(isEscortRole).map((r) => world.players[r]));
  const inputs: StepInputs = {};
  let shots = 0;
  let shotHits = 0;
  // The clock always ends a match; the margin covers the no-fate window.
  const limit = Math.ceil((world.options.judgmentDaySeconds + 60) * 30);
  for (let i = 0; i < limit && !world.over; i++) {
    for (let k = 0; k < roles.length; k++) inputs[roles[k]] = bots[k].think(perceive(world, roles[k]));
    step(world, inputs);
    for (const ev of world.events) {
      if (ev.type === 'shot' && escortIds.has(ev.by)) shots++;
      else if (ev.type === 'shot-hit' && escortIds.has(ev.by)) shotHits++;
    }
  }
  parentPort?.postMessage({ seed, shots, shotHits, ...matchSummary(world) });
}
