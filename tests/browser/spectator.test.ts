/**
 * A spectator in Chromium against a real server: a listed bot match watched
 * from the home page, in each side's view (All, the escorts', the hunter's),
 * zoomed out to the whole map, and following a player picked in the roster.
 * Screenshots in artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import {
  ARTIFACTS,
  buildClient,
  type GameServer,
  launchBrowser,
  probe,
  removeDir,
  requireBrowser,
  startServer,
  untilProbe,
  watchErrors,
} from './harness.js';

const VIEWPORT = { width: 1100, height: 620 };
let browser: Browser;
let server: GameServer;
let clientDir = '';
const contexts: BrowserContext[] = [];

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('a spectator', () => {
  it('switches side views, zooms out to the whole map and follows a player from the roster', async () => {
    const player = await open('/?quickplay=1&name=Host&pref=escort&spectatorDelay=0');
    await until(player.page, 'the player in the match', (x) => x.screen === 'match');
    const watcher = await open('/');
    const page = watcher.page;
    await page.waitForSelector('#rooms button.watch', { timeout: 30_000 });
    await page.click('#rooms button.watch');
    const all = await until(
      page,
      'the spectator view with its roster',
      (x) => x.screen === 'watching' && x.entities > 20 && x.frames > 2 && x.roster.length >= 2,
    );
    expect(all.spectatorView).toBe('all');
    expect(await page.locator('#spectator-panel').isVisible()).toBe(true);
    // Every player in the roster, the T-1000 among them; All shows every entity sent.
    expect(all.roster.map((r) => r.role)).toContain('t1000');
    expect(all.roster.every((r) => r.shown)).toBe(true);
    expect(all.shown).toBe(all.entities);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-all.png') });
    // The spectator's menu speaks of no character of theirs.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#match-menu', { timeout: 5000 });
    expect(await page.locator('#match-menu').textContent()).toContain('Stop watching');
    expect(await page.locator('#match-menu').textContent()).not.toContain('character');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#match-menu', { state: 'detached', timeout: 5000 });

    // The escorts' and the hunter's view: fewer entities than the truth, the hunter always in its own.
    await page.click('.spec-side[data-side="escort"]');
    const escort = await until(
      page,
      'the escorts’ view',
      (x) => x.spectatorView === 'escort' && x.frames > 0,
    );
    await page.waitForTimeout(300);
    const e2 = await probe(page);
    expect(e2.shown).toBeGreaterThan(0);
    expect(e2.shown).toBeLessThan(e2.entities);
    expect(escort.roster.filter((r) => r.role !== 't1000').every((r) => r.shown)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-escorts.png') });

    await page.click('.spec-side[data-side="hunter"]');
    await until(page, 'the hunter’s view', (x) => x.spectatorView === 'hunter');
    await page.waitForTimeout(300);
    const hunter = await probe(page);
    expect(hunter.shown).toBeGreaterThan(0);
    expect(hunter.shown).toBeLessThan(hunter.entities);
    expect(hunter.roster.find((r) => r.role === 't1000')?.shown).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-hunter.png') });

    // V cycles back to All.
    await page.keyboard.press('v');
    await until(page, 'All again (V)', (x) => x.spectatorView === 'all' && x.shown === x.entities);

    // M: the whole map in the window.
    const size = await page.evaluate(() => {
      const m = (
        window as never as { __lm: { app: { view: { scene: { map: { width: number; height: number } } } } } }
      ).__lm.app.view.scene.map;
      return { w: m.width, h: m.height };
    });
    await page.keyboard.press('m');
    // The mode switches at the key press, the camera at the next drawn frame.
    const over = await until(
      page,
      'the overview drawn',
      (x) => x.camera?.mode === 'overview' && x.camera.w >= size.w && x.camera.h >= size.h,
    );
    const c = over.camera!;
    expect(c.x).toBeLessThanOrEqual(0);
    expect(c.y).toBeLessThanOrEqual(0);
    expect(c.x + c.w).toBeGreaterThanOrEqual(size.w);
    expect(c.y + c.h).toBeGreaterThanOrEqual(size.h);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-overview.png') });
    await page.keyboard.press('m');
    const back = await until(
      page,
      'the usual zoom drawn',
      (x) => x.camera?.mode !== 'overview' && x.camera !== null && x.camera.w < size.w,
    );
    expect(back.camera!.w).toBeLessThan(size.w);

    // A roster row follows its player.
    const pick = over.roster.find((r) => r.role !== 't1000')!;
    await page.click(`.spec-row[data-role="${pick.role}"]`);
    const following = await until(
      page,
      `following ${pick.name}`,
      (x) => x.camera?.mode === 'follow' && x.camera.followId === pick.id,
    );
    expect(following.camera!.followId).toBe(pick.id);
    await page.waitForTimeout(1000);
    expect(await page.locator('#hud-spectator').textContent()).toContain(`following ${pick.name}`);
    expect(await page.locator(`.spec-row[data-role="${pick.role}"]`).getAttribute('class')).toContain(
      'followed',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-follow.png') });

    expect(watcher.errors).toEqual([]);
    expect(player.errors).toEqual([]);
  }, 180_000);

  it('watches a private match by its code behind its delay, to the result and on to its replay', async () => {
    // The match: private, short and fast, every seat a bot (its creator's by autopilot); its creator stays connected.
    const host = await new Client(server.url.replace('http', 'ws')).create('match', {
      name: 'Host',
      private: true,
      bots: true,
      matchSeconds: 12,
      timeScale: 3,
      spectatorDelay: 2,
      autopilot: true,
      countdown: 0,
    });
    host.onMessage('*', () => {});
    host.send('start');
    const { page, errors } = await open('/');
    // Every text the waiting card shows, however briefly.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as never as { waitingSeen: string[] }).waitingSeen = seen;
      new MutationObserver(() => {
        const t = document.querySelector('#live-waiting')?.textContent;
        if (t && seen.at(-1) !== t) seen.push(t);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.fill('#code', host.roomId);
    await page.click('#watch-code');
    const watching = await until(page, 'watching by code', (x) => x.screen === 'watching' && x.frames > 2);
    expect(watching.roomId).toBe(host.roomId);
    expect(new URL(page.url()).searchParams.get('watch')).toBe(host.roomId);
    expect(await page.locator('#live-banner').textContent()).toContain('2 s behind');
    // While the delay held the match back, the card said so (not "starting").
    const waited = await page.evaluate(() => (window as never as { waitingSeen: string[] }).waitingSeen);
    expect(waited.some((t) => t.includes('The match is on. Spectators see it 2 s behind'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-by-code.png') });
    // The end, once the delay has let it out: the result, and the match's replay.
    await page.waitForSelector('#live-ended', { timeout: 60_000 });
    expect(await page.locator('#live-ended h1').textContent()).toMatch(/wins|ended/);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-spectator-ended.png') });
    await page.click('#live-replay');
    await page.waitForFunction(
      () =>
        (
          window as never as { __lm?: { app?: { replays?: { probe(): { page: string } } } } }
        ).__lm?.app?.replays?.probe().page === 'viewer',
      undefined,
      { timeout: 30_000 },
    );
    expect(errors).toEqual([]);
    await host.leave();
  }, 180_000);
});
