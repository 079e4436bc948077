/**
 * npm run bench:client -- [--seconds S] [--json]
 *
 * The client's own work per frame in headless Chromium (through
 * playwright-core; CHROMIUM_PATH, the system's or the packaged one, as
 * tests/browser/browserPath.ts picks and prints), against a real server
 * (server/main.ts on a free port, serving a fresh client build): S seconds
 * (default 10) of a default quick-play match — 5 roles, 150 NPCs, bots filling
 * the empty roles — seen by an escort player who walks around, so the camera
 * scrolls and entities come and go.
 *
 * Work per frame is measured in the page: from the start of the client's
 * update (a ticker callback at HIGH priority) to the end of Pixi's render (a
 * ticker callback at UTILITY priority, which runs after the render at LOW).
 * In the same run, the same measure over an empty Pixi stage (`?floor=1`) is
 * the floor. Software WebGL (SwiftShader) here: frame intervals are locked to
 * whole 16.7 ms steps and swing with the machine's load; the work figure does
 * not include the GPU process's rasterising.
 *
 * Last line with --json: { medianWorkMs, p95WorkMs, floorP95WorkMs, medianFrameMs, renderer, browser, ... }.
 */
import { fail, flags, intFlag } from '../scripts/cli.js';
import { NoBrowser } from '../tests/browser/browserPath.js';
import {
  buildClient,
  type GameServer,
  launchBrowser,
  removeDir,
  startServer,
} from '../tests/browser/harness.js';
import { median, quantile, round } from './stats.js';

const f = flags({ seconds: { type: 'string' }, json: { type: 'boolean', default: false } });
const SECONDS = intFlag('seconds', f.seconds, 10, 1, 120);
const VIEWPORT = { width: 1280, height: 720 };

interface Samples {
  work: number[];
  interval: number[];
}

let server: GameServer | null = null;
let clientDir = '';
const browser = await launchBrowser().catch((e: Error) => {
  if (e instanceof NoBrowser) fail(e.message);
  throw e;
});
try {
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);

  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(`${server.url}/?quickplay=1&name=Bench&pref=escort`);
  await page.waitForFunction(
    () => {
      const p = (
        window as never as { __lm?: { probe?: () => { screen: string; frames: number } } }
      ).__lm?.probe?.();
      return p?.screen === 'match' && p.frames > 5;
    },
    null,
    { timeout: 120_000 },
  );
  const renderer = await page.evaluate(() => {
    const r = (window as never as { __lm: { pixi: { renderer: { name: string } } } }).__lm.pixi.renderer;
    return r.name;
  });
  await page.waitForTimeout(1500);
  await page.evaluate(() =>
    (
      window as never as { __lm: { app: { view: { stats: { reset(): void } } } } }
    ).__lm.app.view.stats.reset(),
  );
  // Walk a loop so the camera scrolls and the view changes.
  const keys = ['KeyD', 'KeyS', 'KeyA', 'KeyW'];
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < SECONDS * 1000; i++) {
    const k = keys[i % keys.length];
    await page.keyboard.down(k);
    await page.waitForTimeout(Math.min(1500, SECONDS * 1000 - (Date.now() - t0)));
    await page.keyboard.up(k);
  }
  const match = await page.evaluate(() => {
    const w = window as never as {
      __lm: {
        app: { view: { stats: { samples(): Samples } } };
        probe(): { entities: number; drawn: number };
      };
    };
    const stats = w.__lm.app.view.stats as never as {
      samples(): Samples;
      parts: Map<string, number>;
      slowParts: Map<string, number>;
      count: number;
      slowCount: number;
    };
    return {
      ...stats.samples(),
      parts: [...stats.parts].map(([k, v]) => [k, v / stats.count] as const),
      slowParts: [...stats.slowParts].map(([k, v]) => [k, v / Math.max(1, stats.slowCount)] as const),
      slowCount: stats.slowCount,
      probe: w.__lm.probe(),
    };
  });
  await page.close();

  const floorPage = await browser.newPage({ viewport: VIEWPORT });
  await floorPage.goto(`${server.url}/?floor=1`);
  await floorPage.waitForFunction(
    () => (window as never as { __lm?: { floor?: unknown } }).__lm?.floor !== undefined,
  );
  await floorPage.waitForTimeout(1000);
  await floorPage.evaluate(() =>
    (window as never as { __lm: { floor: { reset(): void } } }).__lm.floor.reset(),
  );
  await floorPage.waitForTimeout(Math.max(3, Math.round(SECONDS / 2)) * 1000);
  const floor = await floorPage.evaluate(() =>
    (window as never as { __lm: { floor: { samples(): Samples } } }).__lm.floor.samples(),
  );
  await floorPage.close();

  if (match.work.length < 5) fail(`only ${match.work.length} frames were drawn in ${SECONDS} s`);
  const result = {
    medianWorkMs: round(median(match.work)),
    p95WorkMs: round(quantile(match.work, 0.95)),
    floorP95WorkMs: round(quantile(floor.work, 0.95)),
    medianFrameMs: round(median(match.interval)),
    renderer,
    browser: `Chromium ${browser.version()}`,
    frames: match.work.length,
    floorMedianWorkMs: round(median(floor.work)),
    floorMedianFrameMs: round(median(floor.interval)),
    entitiesSent: match.probe.entities,
    entitiesDrawn: match.probe.drawn,
    seconds: SECONDS,
  };
  process.stdout.write(
    [
      `client in headless ${result.browser} (${renderer}), ${VIEWPORT.width}×${VIEWPORT.height}, ${SECONDS} s of a default match as an escort:`,
      `  work per frame: median ${result.medianWorkMs} ms, p95 ${result.p95WorkMs} ms over ${result.frames} frames`,
      `  where it goes (mean ms per frame): ${match.parts.map(([k, v]) => `${k} ${round(v)}`).join(', ')}`,
      `  in the ${match.slowCount} frames over 4 ms: ${match.slowParts.map(([k, v]) => `${k} ${round(v)}`).join(', ')}`,
      `  frame interval: median ${result.medianFrameMs} ms (${round(1000 / result.medianFrameMs, 1)} fps)`,
      `  at the end: ${result.entitiesSent} entities in view, ${result.entitiesDrawn} drawn after culling`,
      `empty Pixi stage (floor): work median ${result.floorMedianWorkMs} ms, p95 ${result.floorP95WorkMs} ms; frame interval median ${result.floorMedianFrameMs} ms`,
      'target: p95WorkMs ≤ 4',
      '',
    ].join('\n'),
  );
  if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}
