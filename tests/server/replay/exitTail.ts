/**
 * A process that records 45 steps, closes the recording and exits at once
 * (as Colyseus does after disposing the rooms on SIGTERM): run by
 * worker.test.ts, which checks the file has every step.
 * Usage: node --import tsx tests/server/replay/exitTail.ts DIR
 */
import { resolveMap } from '../../../server/mapFiles.js';
import { Recorder } from '../../../server/replay/Recorder.js';
import { step } from '../../../shared/sim/step.js';
import { createWorld } from '../../../shared/sim/world.js';

const world = createWorld({ map: resolveMap(undefined), seed: 4, options: { civilians: 6, police: 2 } });
const rec = Recorder.open({ dir: process.argv[2], world, roles: [], startedAt: 0 });
if (!rec) process.exit(3);
for (let i = 0; i < 45; i++) {
  step(world, {});
  rec.stepped(world, {}, undefined);
}
rec.close();
process.stdout.write(`${rec.path}\n`);
process.exit(0);
