/**
 * npm run bench:replay-seek -- [--json] [--seed N] [--seeks N]
 *
 * `seekP95Ms`: a seek to a random point of a 15-minute replay, decoded and
 * drawn in headless Chromium (target ≤ 100 ms at the 95th percentile).
 *
 * The replay: a bot match recorded in-process by the server's recorder
 * (server/replay/Recorder.ts), the default map and crowd, its clock 900 s;
 * Sarah, the T-800 and Dyson are bots, while the T-1000 and John send no
 * input (John never extracts and the hunter never terminates, so the match
 * lasts to the clock: 15 minutes, 13,500 frames). The real server serves it
 * from its replay folder (--replay-dir) with a fresh client build; the page
 * opens `?replay=ID` in the viewer.
 *
 * Each seek is timed in the page from the seek call to the next
 * requestAnimationFrame after the frame that shows it was built and drawn
 * (so it includes up to one display interval of waiting). The reference, in
 * the same run and page: the same seeks by brute force (every frame applied
 * from the first keyframe, no checkpoints). `measureSeek()` is exported for
 * bench/replay.ts. A readable summary, then one JSON line last.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveMap } from '../server/mapFiles.js';
import { Recorder } from '../server/replay/Recorder.js';
import { createBot } from '../shared/bots/index.js';
import { botSeed } from '../shared/headless.js';
import { PLAYER_ROLES } from '../shared/roles.js';
import { step } from '../shared/sim/step.js';
import type { StepInputs } from '../shared/sim/types.js';
import { perceive } from '../shared/sim/vision.js';
import { createWorld } from '../shared/sim/world.js';
import {
  buildClient,
  type GameServer,
  launchBrowser,
  removeDir,
  startServer,
} from '../tests/browser/harness.js';
import { median, quantile, round } from './stats.js';

/** The replay id the benchmark's file is served as. */
const ID = 'bench-seek-15min';
const VIEWPORT = { width: 1280, height: 720 };

export interface SeekResult {
  seekP50Ms: number;
  seekP95Ms: number;
  /** The same seeks by brute force (every frame from the start), measured in the same run. */
  bruteP50Ms: number;
  bruteP95Ms: number;
  /** The seek's work alone (seek and build the frame, no drawing or waiting), p95; and brute force's. */
  seekWorkP95Ms: number;
  bruteWorkP95Ms: number;
  seeks: number;
  seed: number;
  replaySeconds: number;
  frames: number;
  bytes: number;
  recordSeconds: number;
  browser: string;
  renderer: string;
}

/** Records the 15-minute match into `dir`; the file's path and the match's length. */
export function recordLongMatch(dir: string, seed: number): { path: string; seconds: number } {
  const map = resolveMap(undefined);
  const world = createWorld({ map, seed, options: { judgmentDaySeconds: 900 } });
  const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
  const botRoles = roles.filter((r) => r !== 't1000' && r !== 'john');
  const bots = botRoles.map((r) => createBot(r, botSeed(seed, r)));
  const rec = Recorder.open({
    dir,
    world,
    roles: roles.map((role) => ({
      role,
      name: `${role} ${(botRoles as string[]).includes(role) ? 'bot' : 'idle'}`,
      bot: true,
    })),
    startedAt: Date.now(),
    // Written on this thread (where the recorder has a worker, a loop this fast would outrun it).
    inline: true,
  } as Parameters<typeof Recorder.open>[0]);
  if (!rec) throw new Error(`cannot record into ${dir}`);
  const inputs: StepInputs = {};
  const limit = 900 * 30 + 60;
  for (let i = 0; i < limit && !world.over; i++) {
    for (let j = 0; j < botRoles.length; j++)
      inputs[botRoles[j]] = bots[j].think(perceive(world, botRoles[j]));
    step(world, inputs);
    rec.stepped(world, inputs, undefined);
  }
  rec.finish(world, null);
  const waiting = rec as unknown as { waitClosed?: (ms: number) => boolean };
  if (waiting.waitClosed && !waiting.waitClosed(120_000)) throw new Error('the recording did not complete');
  return { path: rec.path, seconds: world.time };
}

/** A small seeded generator (mulberry32) for the seek points. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Records the replay, serves it, opens the viewer in headless Chromium and
 * times `seeks` seeks to seeded random points, then the same seeks by brute
 * force. `say` gets progress lines.
 */
export async function measureSeek(
  opts: { seed?: number; seeks?: number; say?: (line: string) => void } = {},
): Promise<SeekResult> {
  const seed = opts.seed ?? 1;
  const seeks = opts.seeks ?? 50;
  const say = opts.say ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'lm-bench-seek-'));
  let clientDir = '';
  let server: GameServer | null = null;
  const browser = await launchBrowser();
  try {
    say('recording a 15-minute bot match…');
    const t0 = performance.now();
    const { path, seconds } = recordLongMatch(dir, seed);
    const recordSeconds = (performance.now() - t0) / 1000;
    copyFileSync(path, join(dir, `${ID}.lmr`));
    rmSync(path);
    const bytes = statSync(join(dir, `${ID}.lmr`)).size;
    say(
      `recorded ${round(seconds, 1)} s of match in ${round(recordSeconds, 1)} s (${bytes} bytes); building the client…`,
    );
    clientDir = await buildClient();
    server = await startServer(clientDir, ['--replay-dir', dir]);
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?replay=${ID}`);
    await page.waitForFunction(
      () => {
        const w = window as never as {
          __lm?: { app?: { replays: { probe(): { page: string | null; error: string | null } } } };
        };
        const p = w.__lm?.app?.replays.probe();
        return p?.page === 'viewer' || p?.page === 'error';
      },
      null,
      { timeout: 120_000 },
    );
    const info = await page.evaluate(() => {
      const w = window as never as {
        __lm: {
          pixi: { renderer: { name: string } };
          app: {
            replays: {
              probe(): {
                page: string;
                error: string | null;
                frames: number;
                firstTick: number;
                lastTick: number;
              };
            };
          };
        };
      };
      return { ...w.__lm.app.replays.probe(), renderer: w.__lm.pixi.renderer.name };
    });
    if (info.page !== 'viewer') throw new Error(`the viewer did not open the replay: ${info.error}`);
    const rnd = random(seed);
    const ticks = Array.from({ length: seeks }, () =>
      Math.round(info.firstTick + rnd() * (info.lastTick - info.firstTick)),
    );
    const run = (brute: boolean) =>
      page.evaluate(
        async ({ ticks, brute }) => {
          const w = window as never as {
            __lm: {
              app: {
                replays: {
                  source: {
                    recording: { bruteForce: boolean };
                    pause(): void;
                    seek(t: number): void;
                    onFrame: (() => void) | null;
                  };
                };
              };
            };
          };
          const s = w.__lm.app.replays.source;
          s.pause();
          s.recording.bruteForce = brute;
          const keep = s.onFrame;
          const out: number[] = [];
          for (const t of ticks) {
            await new Promise((ok) => requestAnimationFrame(ok));
            let built = false;
            s.onFrame = () => {
              built = true;
              keep?.();
            };
            const t0 = performance.now();
            s.seek(t);
            // The frame that shows the seek is built in the next ticker update, then rendered; the rAF after it ends the measure.
            while (!built) await new Promise((ok) => requestAnimationFrame(ok));
            await new Promise((ok) => requestAnimationFrame(ok));
            out.push(performance.now() - t0);
          }
          s.onFrame = keep;
          s.recording.bruteForce = false;
          return out;
        },
        { ticks, brute },
      );
    // The work alone: seek and build the frame synchronously (no rendering, no waiting for the display).
    const work = (brute: boolean) =>
      page.evaluate(
        ({ ticks, brute }) => {
          const w = window as never as {
            __lm: {
              app: {
                replays: {
                  source: {
                    recording: { bruteForce: boolean };
                    pause(): void;
                    seek(t: number): void;
                    frame(now: number, aim: number): unknown;
                  };
                };
              };
            };
          };
          const s = w.__lm.app.replays.source;
          s.pause();
          s.recording.bruteForce = brute;
          const out: number[] = [];
          for (const t of ticks) {
            const t0 = performance.now();
            s.seek(t);
            s.frame(t0, 0);
            out.push(performance.now() - t0);
          }
          s.recording.bruteForce = false;
          return out;
        },
        { ticks, brute },
      );
    say(`seeking ${seeks} times…`);
    const fast = await run(false);
    say(`the same seeks by brute force…`);
    const brute = await run(true);
    const fastWork = await work(false);
    const bruteWork = await work(true);
    if (errors.length > 0) throw new Error(`the page failed: ${errors[0]}`);
    await page.close();
    return {
      seekP50Ms: round(median(fast), 1),
      seekP95Ms: round(quantile(fast, 0.95), 1),
      bruteP50Ms: round(median(brute), 1),
      bruteP95Ms: round(quantile(brute, 0.95), 1),
      seekWorkP95Ms: round(quantile(fastWork, 0.95), 2),
      bruteWorkP95Ms: round(quantile(bruteWork, 0.95), 2),
      seeks,
      seed,
      replaySeconds: round(seconds, 1),
      frames: info.frames,
      bytes,
      recordSeconds: round(recordSeconds, 1),
      browser: `Chromium ${browser.version()}`,
      renderer: info.renderer,
    };
  } finally {
    await browser.close();
    await server?.stop();
    if (clientDir) removeDir(clientDir);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { fail, flags, intFlag } = await import('../scripts/cli.js');
  const { NoBrowser } = await import('../tests/browser/browserPath.js');
  const f = flags({
    json: { type: 'boolean', default: false },
    seed: { type: 'string' },
    seeks: { type: 'string' },
  });
  const seed = intFlag('seed', f.seed, 1, -(2 ** 31), 2 ** 31 - 1);
  const seeks = intFlag('seeks', f.seeks, 50, 5, 1000);
  try {
    const r = await measureSeek({ seed, seeks, say: (l) => process.stdout.write(`  ${l}\n`) });
    process.stdout.write(
      `${[
        `bench:replay-seek — ${r.seeks} seeks to random points (seed ${r.seed}) of a ${r.replaySeconds} s replay (${r.frames} frames, ${r.bytes} bytes) in headless ${r.browser} (${r.renderer})`,
        `  seek → drawn     p50 ${r.seekP50Ms} ms, p95 ${r.seekP95Ms} ms (target p95 ≤ 100)`,
        `  brute force      p50 ${r.bruteP50Ms} ms, p95 ${r.bruteP95Ms} ms (every frame from the start, same seeks, same run)`,
        `  work alone (p95) ${r.seekWorkP95Ms} ms, brute force ${r.bruteWorkP95Ms} ms (seek and build the frame: no drawing, no display wait)`,
      ].join('\n')}\n`,
    );
    if (f.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  } catch (e) {
    if (e instanceof NoBrowser) fail(e.message);
    throw e;
  }
}
