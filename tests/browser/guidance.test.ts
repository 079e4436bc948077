/**
 * Learning the game, in Chromium against a real server: the role briefing
 * at spawn (shown, dismissed by its key without firing), and the guidance
 * arrow pointing from the own character toward the objective that the
 * shared rule (shared/sim/objective.ts) gives for what this client knows.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import { parseMap } from '../../shared/map/loadMap.js';
import { nextObjective } from '../../shared/sim/objective.js';
import {
  ARTIFACTS,
  buildClient,
  type GameServer,
  launchBrowser,
  probe,
  ROOT,
  removeDir,
  requireBrowser,
  startServer,
  untilProbe,
  watchErrors,
} from './harness.js';

const VIEWPORT = { width: 960, height: 540 };
const map = parseMap(JSON.parse(readFileSync(join(ROOT, 'maps', 'la-1995.tmj'), 'utf8')), 'la-1995.tmj');
let browser: Browser;
let server: GameServer;
let clientDir = '';
const pages: { page: Page; context: BrowserContext }[] = [];

type Lm = { __lm: { probe(): Probe; app: { home(): void; controls: { buttons(): number } } } };

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  pages.push({ page, context });
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

const buttons = (page: Page): Promise<number> =>
  page.evaluate(() => (window as never as Lm).__lm.app.controls.buttons());

/** Polls the probe until `test` holds (see untilProbe). */
const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

afterEach(async () => {
  for (const p of pages.splice(0)) {
    await p.page.evaluate(() => (window as never as Lm).__lm.app.home()).catch(() => {});
    await p.page.waitForTimeout(300);
    await p.context.close();
  }
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('learning the game in Chromium', () => {
  it('the briefing is shown at spawn and its key dismisses it without firing', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Newcomer&pref=hunter');
    const p = await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.frames > 3,
    );
    expect(p.briefing).toBe(true);
    const card = page.locator('#briefing');
    expect(await card.isVisible()).toBe(true);
    expect(await card.textContent()).toMatch(/T-1000/);
    expect(await card.textContent()).toMatch(/Terminate John Connor/);
    // The keys shown are the ones bound: the default Q for liquid form.
    expect(await card.textContent()).toMatch(/Q.*liquid/);
    await page.screenshot({ path: join(ARTIFACTS, 'guidance-briefing.png') });

    // Space closes the briefing, and the game never sees that press: no strike is latched.
    await page.keyboard.down('Space');
    expect(await buttons(page)).toBe(0);
    await page.keyboard.up('Space');
    expect(await card.count()).toBe(0);
    expect((await probe(page)).briefing).toBe(false);
    // With the briefing gone, Space is the blade again.
    await page.keyboard.down('Space');
    expect((await buttons(page)) & 1).toBe(1);
    await page.keyboard.up('Space');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the guidance arrow points from the own character at the objective', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Pointer&pref=hunter');
    const p = await until(
      page,
      'the hunter with guidance',
      (x) => x.screen === 'match' && x.role === 't1000' && x.predicted !== null && x.guide !== null,
    );
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    const q = await probe(page);
    const me = q.predicted!;
    const g = q.guide!;
    // The same rule, run here on what the hunter knows at its spawn: John out of sight, act 1,
    // Sarah still locked in — her cell is where the escort must go.
    const expected = nextObjective({
      map,
      tiles: map.tiles,
      tilesVersion: 0,
      act: 1,
      objectives: {
        sarahFreed: false,
        vaultOpen: false,
        chipDestroyed: false,
        terminalsWiped: [false, false, false],
        extraction: 0,
      },
      role: 't1000',
      x: me.x,
      y: me.y,
      others: [],
      john: null,
    })!;
    expect(g.kind).toBe(expected.kind);
    expect(g.x).toBeCloseTo(expected.x, 5);
    expect(g.y).toBeCloseTo(expected.y, 5);
    // The hunter's far wing is well away from the cells: off-screen, so the arrow shows.
    expect(g.arrow).toBe(true);
    const arrow = page.locator('#guide-arrow');
    // The element is a zero-size anchor: its head is what is drawn.
    expect(await arrow.locator('.guide-arrow-head').isVisible()).toBe(true);
    const drawn = Number(await arrow.getAttribute('data-angle'));
    const want = Math.atan2(expected.y - me.y, expected.x - me.x);
    const diff = Math.abs(Math.atan2(Math.sin(drawn - want), Math.cos(drawn - want)));
    expect(diff).toBeLessThan(0.05);
    // The arrow sits at the screen's edge on the objective's side: the cells are north of the far wing,
    // so the arrow is near the top (the camera stops at the map's edge, so left and right are not centred).
    const box = (await page.locator('#guide-arrow .guide-arrow-head').boundingBox())!;
    expect(Math.sin(want)).toBeLessThan(0);
    expect(box.y + box.height / 2).toBeLessThan(VIEWPORT.height * 0.25);
    expect(await page.locator('#hud-guide').textContent()).toMatch(/Sarah's cell/);
    await page.screenshot({ path: join(ARTIFACTS, 'guidance-arrow.png') });
    expect(p.role).toBe('t1000');
    expect(errors).toEqual([]);
  }, 120_000);

  it('an escort is briefed on its own role and guided to its team objective', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Escort&pref=escort');
    const p = await until(
      page,
      'an escort with guidance',
      (x) => x.screen === 'match' && x.role !== null && x.role !== 't1000' && x.guide !== null,
    );
    expect(await page.locator('#briefing').textContent()).toMatch(/THE ESCORT/);
    await page.keyboard.press('Enter');
    const q = await until(page, 'the briefing gone', (x) => !x.briefing, 5_000);
    expect(['cell', 'exit', 'door']).toContain(q.guide!.kind);
    // Enter closed the briefing and did not open the chat.
    expect(await page.locator('#chat-input').isVisible()).toBe(false);
    // The match menu shows the briefing again: Escape, Help, "Show my role briefing again".
    await page.keyboard.press('Escape');
    await page.waitForSelector('#match-menu', { timeout: 5_000 });
    // Tab goes round the menu and stays in it.
    const inMenu = () => page.evaluate(() => !!document.activeElement?.closest('#match-menu'));
    const buttons = await page.locator('#match-menu button').count();
    for (let i = 0; i <= buttons; i++) {
      await page.keyboard.press('Tab');
      expect(await inMenu()).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await inMenu()).toBe(true);
    await page.click('#menu-help');
    await page.click('#menu-briefing');
    await page.waitForSelector('#briefing', { timeout: 5_000 });
    expect(await page.locator('#match-menu').count()).toBe(0);
    expect(await page.locator('#briefing').textContent()).toMatch(/YOU ARE/);
    await page.keyboard.press('Space');
    await until(page, 'the briefing gone again', (x) => !x.briefing, 5_000);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, `guidance-${p.role}.png`) });
    expect(errors).toEqual([]);
  }, 120_000);

  it('the player the team waits on is told, and the feed folds a flood (the practice sandbox)', async () => {
    const { page, errors } = await open('/?sandbox=john');
    await until(page, 'the sandbox with guidance', (x) => x.guide !== null, 30_000);
    expect((await probe(page)).guide!.waitingOnYou).toBe(false);
    expect(await page.locator('#hud-waiting').isVisible()).toBe(false);
    // Act the rest of the team out in the page's own world: Sarah freed and on the streets.
    await page.evaluate(() => {
      type W = {
        objectives: { sarahFreed: boolean };
        players: Record<string, number>;
        entities: { x: number; y: number }[];
      };
      const view = (window as never as { __lm: { app: { view: { source: { world: W } } } } }).__lm.app.view;
      const w = view.source.world;
      w.objectives.sarahFreed = true;
      const sarah = w.entities[w.players.sarah];
      sarah.x = 45.5;
      sarah.y = 28.5;
    });
    const q = await until(page, 'John told he is waited for', (x) => x.guide?.waitingOnYou === true, 10_000);
    expect(q.guide!.kind).toBe('exit');
    expect(await page.locator('#hud-waiting').textContent()).toBe(
      'The team is waiting for you: get out of the hospital',
    );
    expect(await page.locator('#hud-waiting').isVisible()).toBe(true);
    await page.keyboard.press('Space');
    // The feed folds a flood: seven hits and a door make two lines, the hits counted.
    await page.evaluate(() => {
      const hud = (
        window as never as {
          __lm: { app: { view: { hud: { pushFeed(l: { text: string; tone: string }[]): void } } } };
        }
      ).__lm.app.view.hud;
      hud.pushFeed([{ text: 'A door opened', tone: 'info' }]);
      for (let i = 0; i < 7; i++) hud.pushFeed([{ text: 'T-800 hit the T-1000', tone: 'good' }]);
    });
    const feed = await page.locator('#hud-feed .feed-line').allTextContents();
    expect(feed.slice(-2)).toEqual(['A door opened', 'T-800 hit the T-1000 ×7']);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'guidance-waiting.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('name labels stay apart and off the clock, however the characters crowd', async () => {
    const { page, errors } = await open('/?sandbox=john');
    await until(page, 'the sandbox', (x) => x.frames > 5, 30_000);
    await page.keyboard.press('Space');
    // Everyone onto John, and the T-800 right under the clock.
    await page.evaluate(() => {
      type W = { players: Record<string, number>; entities: { x: number; y: number }[] };
      const w = (window as never as { __lm: { app: { view: { source: { world: W } } } } }).__lm.app.view
        .source.world;
      const john = w.entities[w.players.john];
      const put = (role: string, dx: number, dy: number) => {
        const e = w.entities[w.players[role]];
        e.x = john.x + dx;
        e.y = john.y + dy;
      };
      put('sarah', 0.3, 0.1);
      put('dyson', -0.2, 0.3);
      put('t1000', 0.5, -0.2);
      put('t800', 0, -8.4);
    });
    await page.waitForTimeout(1200);
    const { labels, clock } = await page.evaluate(() => {
      type Bounds = { x: number; y: number; width: number; height: number };
      type Label = { visible: boolean; text: string; getBounds(): Bounds };
      type View = { container: { visible: boolean }; label: Label | null };
      const scene = (window as never as { __lm: { app: { view: { scene: { views: Map<number, View> } } } } })
        .__lm.app.view.scene;
      const out: { text: string; x: number; y: number; w: number; h: number }[] = [];
      for (const v of scene.views.values()) {
        if (!v.container.visible || !v.label?.visible) continue;
        const b = v.label.getBounds();
        out.push({ text: v.label.text, x: b.x, y: b.y, w: b.width, h: b.height });
      }
      const c = document.querySelector('.hud-top')!.getBoundingClientRect();
      return { labels: out, clock: { x: c.left, y: c.top, w: c.width, h: c.height } };
    });
    await page.screenshot({ path: join(ARTIFACTS, 'guidance-labels.png') });
    // John, Sarah, Dyson, the T-800 and the T-1000: five names on screen.
    expect(labels.length).toBe(5);
    // The text's outline may touch: a pixel of slack.
    const apart = (a: (typeof labels)[number], b: { x: number; y: number; w: number; h: number }) =>
      a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + a.h <= b.y + 1 || b.y + b.h <= a.y + 1;
    for (let i = 0; i < labels.length; i++) {
      expect(apart(labels[i], clock), `${labels[i].text} under the clock`).toBe(true);
      for (let j = i + 1; j < labels.length; j++)
        expect(apart(labels[i], labels[j]), `${labels[i].text} over ${labels[j].text}`).toBe(true);
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
