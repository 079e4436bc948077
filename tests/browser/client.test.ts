/**
 * The client in a real browser against a real server: Chromium via
 * playwright-core (CHROMIUM_PATH, the system's, or the one packaged in
 * @sparticuz/chromium: see browserPath.ts), server/main.ts on a free port
 * serving a fresh client build. Without any usable Chromium these tests fail
 * with a loud notice.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import {
  ARTIFACTS,
  buildClient,
  type GameServer,
  imageContent,
  launchBrowser,
  probe,
  removeDir,
  requireBrowser,
  startServer,
  untilProbe,
  watchErrors,
} from './harness.js';

const VIEWPORT = { width: 960, height: 540 };
let browser: Browser;
let server: GameServer;
let clientDir = '';
const pages: { page: Page; errors: string[]; context: BrowserContext }[] = [];

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  pages.push({ page, errors, context });
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

/** The middle of the window, where no HUD panel is: only the canvas shows there. */
const MIDDLE = {
  x: VIEWPORT.width * 0.3,
  y: VIEWPORT.height * 0.25,
  width: VIEWPORT.width * 0.4,
  height: VIEWPORT.height * 0.45,
};

/** Saves the whole window as an artefact and measures what the canvas shows in its middle. */
/** Screenshots the match with the role briefing put away, so the middle shows the world. */
async function shoot(page: Page, name: string): Promise<{ colors: number; varied: number }> {
  if ((await probe(page)).briefing) await page.keyboard.press('Space');
  await until(page, 'the briefing put away', (x) => !x.briefing);
  await page.screenshot({ path: join(ARTIFACTS, name) });
  return imageContent(page, await page.screenshot({ clip: MIDDLE }));
}

/** Polls the probe until `test` holds (see untilProbe). */
const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

/** Leaves the room on purpose first, so the server frees the seat at once (no reconnection wait). */
async function close(page: Page): Promise<void> {
  await page
    .evaluate(() => (window as never as { __lm: { app: { home(): void } } }).__lm.app.home())
    .catch(() => {});
  await page.waitForTimeout(300);
  const i = pages.findIndex((p) => p.page === page);
  if (i >= 0) {
    await pages[i].context.close();
    pages.splice(i, 1);
  }
}

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

// A failed test must not leave its room behind for the next quick play to join.
afterEach(async () => {
  for (const p of [...pages]) await close(p.page);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('the client in Chromium', () => {
  it('the quick-play link goes straight into a match and draws it', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Alice&pref=escort');
    const p = await until(
      page,
      'the match with the own character',
      (x) => x.screen === 'match' && x.predicted !== null && x.frames > 3,
    );
    expect(p.role).not.toBe('t1000');
    await page.waitForTimeout(1500);
    const content = await shoot(page, 'browser-quickplay.png');
    // A blank or black canvas is one colour; floor, walls, figures and fog are dozens, over much of it.
    expect(content.colors).toBeGreaterThan(20);
    expect(content.varied).toBeGreaterThan(0.15);
    expect(await page.locator('#hud-clock').textContent()).toMatch(/^\d+:\d\d$/);
    expect((await probe(page)).drawn).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await close(page);
  }, 120_000);

  it('the WebGL renderer (what players with a GPU get) draws the match too', async () => {
    // Here WebGL is SwiftShader, so the client would pick its 2D-canvas renderer by itself; force WebGL.
    const { page, errors } = await open('/?quickplay=1&name=Gl&pref=escort&renderer=webgl');
    await until(page, 'a few WebGL frames', (x) => x.screen === 'match' && x.frames > 3, 90_000);
    const renderer = await page.evaluate(
      () => (window as never as { __lm: { pixi: { renderer: { name: string } } } }).__lm.pixi.renderer.name,
    );
    expect(renderer).toBe('webgl');
    const content = await shoot(page, 'browser-webgl.png');
    expect(content.colors).toBeGreaterThan(20);
    expect(content.varied).toBeGreaterThan(0.15);
    expect(errors).toEqual([]);
  }, 120_000);

  it('pressing keys moves the player in the server state, and the prediction agrees', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Mover&pref=hunter');
    const before = await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.server !== null && x.frames > 2,
    );
    // The T-1000 starts in the hospital's far wing with open floor to its right.
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(1200);
    await page.keyboard.up('KeyD');
    const released = (await probe(page)).inputsSent;
    const after = await until(page, 'the server to apply every input sent', (x) => x.ack >= released, 20_000);
    await page.waitForTimeout(500);
    const settled = await probe(page);
    expect(after.server!.x - before.server!.x).toBeGreaterThan(1);
    expect(Math.abs(settled.server!.y - before.server!.y)).toBeLessThan(0.5);
    expect(
      Math.hypot(settled.predicted!.x - settled.server!.x, settled.predicted!.y - settled.server!.y),
    ).toBeLessThan(0.05);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-moved.png') });
    expect(errors).toEqual([]);
    await close(page);
  }, 120_000);

  it('at 100 ms round trip and 2 % loss the own character moves without being pulled back', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Laggy&pref=hunter&rtt=100&loss=2');
    await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.server !== null && x.frames > 2,
    );
    const xs: number[] = [];
    const corrections: number[] = [];
    await page.keyboard.down('KeyD');
    const t0 = Date.now();
    while (Date.now() - t0 < 1500) {
      const p = await probe(page);
      xs.push(p.predicted!.x);
      corrections.push(p.correction);
      await page.waitForTimeout(30);
    }
    await page.keyboard.up('KeyD');
    const sim = await page.evaluate(
      () => (window as never as { __lmNetSim: { rtt: number; loss: number; sent: number } }).__lmNetSim,
    );
    expect(sim.rtt).toBe(100);
    expect(sim.sent).toBeGreaterThan(10);
    // Moving right, the drawn position never steps back by a visible amount — one screen pixel
    // (1/32 tile) — so no rubber band, and it moves overall.
    const PIXEL = 1 / 32;
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1] - PIXEL);
    expect(xs[xs.length - 1] - xs[0]).toBeGreaterThan(1);
    expect(Math.max(...corrections)).toBeLessThan(0.5);
    expect(errors).toEqual([]);
    await close(page);
  }, 120_000);

  it('a dropped connection comes back by itself, and the player keeps control', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Dropper&pref=hunter');
    await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.frames > 2,
    );
    const session = (await probe(page)).sessionId;
    // Cut the socket without a close code, as a network drop does.
    await page.evaluate(() =>
      (
        window as never as {
          __lm: { app: { session: { room: { connection: { transport: { ws: WebSocket } } } } } };
        }
      ).__lm.app.session.room.connection.transport.ws.close(),
    );
    // Back in the match with the own character's state and prediction again (the view is rebuilt on rejoin).
    await until(
      page,
      'the reconnection',
      (x) => x.screen === 'match' && x.sessionId === session && x.server !== null && x.predicted !== null,
      30_000,
    );
    const before = await probe(page);
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(800);
    await page.keyboard.up('KeyD');
    const released = (await probe(page)).inputsSent;
    const after = await until(
      page,
      'inputs after the reconnection to be applied',
      (x) => x.ack >= released,
      20_000,
    );
    expect(after.server!.x).toBeGreaterThan(before.server!.x + 0.5);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a listed match can be watched as a spectator', async () => {
    const player = await open('/?quickplay=1&name=Host&pref=escort&spectatorDelay=0');
    await until(player.page, 'the player in the match', (x) => x.screen === 'match');
    const watcher = await open('/');
    await watcher.page.waitForSelector('#rooms button.watch', { timeout: 30_000 });
    await watcher.page.click('#rooms button.watch');
    const p = await until(
      watcher.page,
      'the spectator view',
      (x) => x.screen === 'watching' && x.entities > 20 && x.frames > 2,
    );
    expect(p.role).toBeNull();
    expect(p.predicted).toBeNull();
    await watcher.page.waitForTimeout(1000);
    expect(await watcher.page.locator('#hud-spectator').isVisible()).toBe(true);
    const content = await shoot(watcher.page, 'browser-spectator.png');
    expect(content.colors).toBeGreaterThan(20);
    expect(content.varied).toBeGreaterThan(0.15);
    expect(watcher.errors).toEqual([]);
    expect(player.errors).toEqual([]);
    await close(watcher.page);
    await close(player.page);
  }, 120_000);

  it('a short match reaches the end screen with the result and stats', async () => {
    // A private match of its own: quick play could land in an earlier test's match still played by bots
    // (a match goes on while it is watched, and a watcher's leave may be read after its player's).
    const { page, errors } = await open('/?name=Shorty&matchSeconds=10&timeScale=4');
    await page.waitForSelector('#create-private', { timeout: 30_000 });
    await page.click('#create-private');
    await page.waitForSelector('#start', { timeout: 30_000 });
    await page.click('#start');
    await until(page, 'the end screen', (x) => x.screen === 'end', 90_000);
    await page.waitForSelector('#result', { timeout: 20_000 });
    expect(await page.locator('#result').textContent()).toMatch(/THE (T-1000|ESCORT) WINS/);
    expect(await page.locator('#stats tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-end.png') });
    await page.click('#home-button');
    await page.waitForSelector('#home', { timeout: 10_000 });
    expect(errors).toEqual([]);
    await close(page);
  }, 150_000);

  it('an unreachable server gets a clear message and a way back', async () => {
    const { page, errors } = await open('/?quickplay=1&server=ws://127.0.0.1:9');
    await page.waitForSelector('#error', { timeout: 60_000 });
    expect(await page.locator('#error').getAttribute('data-failure')).toBe('unreachable');
    expect(await page.locator('#retry').isVisible()).toBe(true);
    await page.click('#home-button');
    await page.waitForSelector('#home');
    // The failed fetches are the browser's own network errors, not page errors.
    expect(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|WebSocket/.test(e))).toEqual(
      [],
    );
    await close(page);
  }, 90_000);

  it('watching a code that names no match says the match is not there, and what to do, once', async () => {
    const { page, errors } = await open('/?watch=ZZZZZZ');
    await page.waitForSelector('#error', { timeout: 20_000 });
    const title = await page.locator('.error-title').textContent();
    const detail = await page.locator('#error-detail').textContent();
    expect(title).toBe('That match is gone');
    // Not the title again (it read "That match is gone" twice): what the player can do.
    expect(detail?.toLowerCase()).not.toBe(title?.toLowerCase());
    expect(detail).toMatch(/Pick another/);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await close(page);
  }, 60_000);

  it('a phone (touch only) is told the game needs a keyboard: the ways to play are off until it says it has one', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    pages.push({ page, errors, context });
    await page.goto(server.url);
    await page.waitForSelector('#touch-note');
    for (const id of ['#quickplay', '#create', '#create-private', '#join-code'])
      expect(await page.locator(id).isDisabled(), id).toBe(true);
    // Watching still works: the code field's Watch stays on.
    expect(await page.locator('#watch-code').isDisabled()).toBe(false);
    await page.click('#have-keyboard');
    expect(await page.locator('#touch-note').count()).toBe(0);
    for (const id of ['#quickplay', '#create', '#create-private', '#join-code'])
      expect(await page.locator(id).isDisabled(), id).toBe(false);
    // A code pasted with spaces around it keeps all six characters.
    await page.fill('#code', ' abc-234 ');
    await page.dispatchEvent('#code', 'input');
    expect(await page.inputValue('#code')).toBe('ABC234');
    expect(errors).toEqual([]);
    await close(page);
  }, 60_000);
});
