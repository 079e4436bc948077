/**
 * Sound in a real browser (headless Chromium): no AudioContext before the
 * first gesture (browsers refuse to start one earlier), a running one after a
 * key press, the own footsteps synthesised and played while walking in the
 * practice sandbox without a single failure, every sound of the game
 * synthesised and played without one, a volume of 0 from the settings
 * plays nothing, and no page errors throughout.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { soundStats } from '../../client/src/audio/player.js';
import { STORAGE_KEY } from '../../client/src/settings/settings.js';
import {
  buildClient,
  type GameServer,
  launchBrowser,
  removeDir,
  requireBrowser,
  startServer,
  watchErrors,
} from './harness.js';

type Stats = typeof soundStats;

let browser: Browser;
let server: GameServer;
let clientDir = '';

beforeAll(async () => {
  await requireBrowser();
  clientDir = await buildClient();
  server = await startServer(clientDir);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

const stats = (page: Page): Promise<Stats | null> =>
  page.evaluate(() => {
    const s = (window as never as { __lmSound?: Stats }).__lmSound;
    // A plain copy: the counters without the audition function.
    return s ? (JSON.parse(JSON.stringify(s)) as Stats) : null;
  });

/** Open the practice sandbox as John and wait for the match to draw (the sound module is loaded with it). */
async function sandbox(page: Page): Promise<void> {
  await page.goto(`${server.url}/?sandbox=john`);
  const t0 = Date.now();
  while (!(await stats(page))) {
    if (Date.now() - t0 > 30_000) throw new Error('the sound module never loaded');
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(500);
}

/** Walk right then left for a while, with real key presses (user gestures). */
async function walk(page: Page): Promise<void> {
  await page.mouse.move(480, 300);
  for (const key of ['KeyD', 'KeyA', 'KeyD']) {
    await page.keyboard.down(key);
    await page.waitForTimeout(900);
    await page.keyboard.up(key);
  }
  await page.waitForTimeout(300);
}

describe('sound in Chromium', () => {
  it('starts on the first key press, plays the own footsteps without a failure, and obeys a volume of 0', async () => {
    const ctx = await browser.newContext({ viewport: { width: 960, height: 600 } });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await sandbox(page);
    expect((await stats(page))?.state).toBe('none');
    await walk(page);
    const s = (await stats(page))!;
    expect(s.state).toBe('running');
    expect(s.errors, s.lastError).toBe(0);
    expect(s.byName.step ?? 0).toBeGreaterThan(2);
    expect(s.volume).toBeCloseTo(0.64, 5);
    // Every sound the game has, synthesised in this browser: each plays, none fails.
    const names = await page.evaluate(
      () => (window as never as { __lmSound: { names: string[] } }).__lmSound.names,
    );
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      const ok = await page.evaluate(
        (n) => (window as never as { __lmSound: { audition(n: string): boolean } }).__lmSound.audition(n),
        name,
      );
      expect(ok, name).toBe(true);
      await page.waitForTimeout(120);
    }
    const all = (await stats(page))!;
    expect(all.errors, all.lastError).toBe(0);
    for (const name of names) expect(all.byName[name] ?? 0, name).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await ctx.close();

    const muted = await browser.newContext({ viewport: { width: 960, height: 600 } });
    await muted.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      STORAGE_KEY,
      JSON.stringify({ masterVolume: 0 }),
    ] as const);
    const quiet = await muted.newPage();
    const quietErrors = watchErrors(quiet);
    await sandbox(quiet);
    await walk(quiet);
    const q = (await stats(quiet))!;
    expect(q.volume).toBe(0);
    expect(q.played).toBe(0);
    expect(q.errors, q.lastError).toBe(0);
    expect(quietErrors).toEqual([]);
    await muted.close();
  }, 120_000);
});
