/** Record a headless bot match with the server's recorder, for the replay tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveMap } from '../../../server/mapFiles.js';
import { Recorder } from '../../../server/replay/Recorder.js';
import { createBot } from '../../../shared/bots/index.js';
import { botSeed } from '../../../shared/headless.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import { step } from '../../../shared/sim/step.js';
import type { StepInputs, World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';
import type { MatchOptions } from '../../../shared/tuning.js';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'lm-replay-'));

/**
 * Play a bot match to its end (or `maxSteps`), recording it into `dir`.
 * Every seventh step of John's also carries a catch-up input, as a late
 * person's pacer would, so the recording of those is exercised.
 */
export function recordBotMatch(
  dir: string,
  options: Partial<MatchOptions>,
  seed: number | string = 11,
  maxSteps = Number.POSITIVE_INFINITY,
  record = true,
  inline = false,
): { path: string; world: World; recorder: Recorder | null; events: number } {
  const map = resolveMap(undefined);
  const world = createWorld({ map, seed, options });
  const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
  const bots = roles.map((r) => createBot(r, botSeed(seed, r)));
  const recorder = !record
    ? null
    : Recorder.open({
        dir,
        world,
        roles: roles.map((role) => ({ role, name: `${role} bot`, bot: true })),
        startedAt: Date.UTC(2026, 11, 3, 23, 0, 0),
        inline,
      });
  if (record && !recorder) throw new Error('the recorder did not open');
  const inputs: StepInputs = {};
  let events = 0;
  for (let i = 0; i < maxSteps && !world.over; i++) {
    for (let j = 0; j < roles.length; j++) inputs[roles[j]] = bots[j].think(perceive(world, roles[j]));
    const catchUp: StepInputs | undefined =
      i % 7 === 3 && inputs.john ? { john: { ...inputs.john, aim: inputs.john.aim + 0.5 } } : undefined;
    step(world, inputs, catchUp);
    events += world.events.length;
    recorder?.stepped(world, inputs, catchUp);
  }
  if (world.over) recorder?.finish(world, { note: 'test' });
  else recorder?.close();
  // The worker writes the file a little after the match: wait for it to be complete.
  if (recorder && !recorder.waitClosed(30_000)) throw new Error('the recording did not complete');
  return { path: recorder?.path ?? '', world, recorder, events };
}
