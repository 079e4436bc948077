/**
 * Settings in a real browser: the panel changes the volumes, the palette, a
 * key and the interface scale; a reload keeps them all (local storage), the
 * palette draws the minimap's doors in its colours, and the rebound key moves
 * the character in a match while the old key does not. No page errors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

const VIEWPORT = { width: 960, height: 600 };
let browser: Browser;
let server: GameServer;
let clientDir = '';

/** Polls the probe until `test` holds (see untilProbe). */
const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

/** The colours (0xRRGGBB) of the minimap's pixels, counted. */
async function minimapColours(page: Page): Promise<Map<number, number>> {
  const counts = await page.evaluate(() => {
    const c = document.getElementById('minimap') as HTMLCanvasElement | null;
    if (!c) return [] as [number, number][];
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const m = new Map<number, number>();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m];
  });
  return new Map(counts);
}

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('settings in Chromium', () => {
  it('volume, palette, a key and the UI scale set in the panel survive a reload, and the rebound key moves the character', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await until(page, 'the home screen', (p) => p.screen === 'home');

    // Open the panel from the home page.
    await page
      .getByRole('button', { name: /settings/i })
      .first()
      .click();
    const panel = page.locator('#settings');
    await panel.waitFor();
    await page.locator('#settings-master').fill('0.3');
    // The arrow keys move a slider, which keeps the focus (the panel updates in place).
    await page.locator('#settings-master').press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-master');
    expect(await page.locator('#settings-master').inputValue()).toBe('0.35');
    await page.locator('#settings-effects').fill('0.6');
    await page.locator('#settings-palette').selectOption('colourblind');
    await page.locator('#settings-scale').fill('1.25');
    // Move "right" from D to L: click D's key cap in the "Move right" row, press L.
    await panel.locator('button.key-chip[data-action="right"][data-code="KeyD"]').click();
    await expect.poll(() => panel.locator('button.key-chip.on').count()).toBe(1);
    await page.keyboard.press('KeyL');
    await panel.locator('button.key-chip[data-action="right"][data-code="KeyL"]').waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.code)).toBe(
      'KeyL',
    );
    expect(await panel.locator('button.key-chip[data-action="right"][data-code="KeyD"]').count()).toBe(0);
    // The scale applies at once.
    expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--ui-scale'))).toBe(
      '1.25',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'browser-settings.png') });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // The keyboard is back on the button that opened the panel (it fell to the page's body).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-settings');

    // Reload: everything is back, in the store, on the page and in the panel.
    await page.reload();
    await until(page, 'the home screen again', (p) => p.screen === 'home');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('lm.settings') ?? 'null'));
    expect(stored).toEqual({
      masterVolume: 0.35,
      effectsVolume: 0.6,
      palette: 'colourblind',
      uiScale: 1.25,
      keys: { KeyD: '', KeyL: 'right' },
    });
    expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--ui-scale'))).toBe(
      '1.25',
    );
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('ui')!).zoom)).toBe('1.25');
    await page
      .getByRole('button', { name: /settings/i })
      .first()
      .click();
    await panel.waitFor();
    expect(await page.locator('#settings-master').inputValue()).toBe('0.35');
    expect(await page.locator('#settings-effects').inputValue()).toBe('0.6');
    expect(await page.locator('#settings-palette').inputValue()).toBe('colourblind');
    expect(await page.locator('#settings-scale').inputValue()).toBe('1.25');
    expect(await panel.locator('button.key-chip[data-action="right"][data-code="KeyL"]').count()).toBe(1);
    await page.locator('#settings-close').click();
    await panel.waitFor({ state: 'detached' });

    // In a match: the hunter starts with open floor to its right (see client.test.ts).
    await page.goto(`${server.url}/?quickplay=1&name=Rebound&pref=hunter`);
    const start = await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.server !== null && x.frames > 2,
      90_000,
    );
    // The old key does nothing now.
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(800);
    await page.keyboard.up('KeyD');
    let sent = (await probe(page)).inputsSent;
    const still = await until(page, 'the inputs applied', (x) => x.ack >= sent, 20_000);
    expect(Math.abs(still.server!.x - start.server!.x)).toBeLessThan(0.1);
    // The new one moves right.
    await page.keyboard.down('KeyL');
    await page.waitForTimeout(1200);
    await page.keyboard.up('KeyL');
    sent = (await probe(page)).inputsSent;
    const moved = await until(page, 'the inputs applied', (x) => x.ack >= sent, 20_000);
    expect(moved.server!.x - start.server!.x).toBeGreaterThan(1);
    expect(Math.abs(moved.server!.y - start.server!.y)).toBeLessThan(0.5);

    // The colour-blind palette draws the minimap's doors: its locked-door colour shows, the standard one does not.
    await page.waitForTimeout(500);
    const colours = await minimapColours(page);
    expect(colours.get(0xb35c00) ?? 0).toBeGreaterThan(0);
    expect(colours.get(0xc78a3b) ?? 0).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-settings-match.png') });

    // At 125 % the HUD is larger, yet the edge arrow still sits where the guidance puts it (in screen px).
    const arrow = await page.evaluate(() => {
      const el = document.getElementById('guide-arrow');
      if (!el || el.style.display === 'none') return null;
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(el.style.transform);
      const r = el.getBoundingClientRect();
      return m ? { x: Number(m[1]), y: Number(m[2]), left: r.left, top: r.top } : null;
    });
    expect(arrow).not.toBeNull();
    expect(Math.abs(arrow!.left - arrow!.x)).toBeLessThan(2);
    expect(Math.abs(arrow!.top - arrow!.y)).toBeLessThan(2);

    // Switched back in the match (Escape menu → Settings), the minimap changes colours without a reload.
    const menu = page.locator('#match-menu');
    for (let i = 0; i < 3 && !(await menu.isVisible()); i++) {
      await page.keyboard.press('Escape'); // the first may only close the role briefing
      await page.waitForTimeout(300);
    }
    await menu.locator('#menu-settings').click();
    await panel.waitFor();
    await page.locator('#settings-palette').selectOption('standard');
    await page.locator('#settings-close').click();
    await panel.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await minimapColours(page)).get(0xc78a3b) ?? 0, { timeout: 5000 })
      .toBeGreaterThan(0);
    expect((await minimapColours(page)).get(0xb35c00) ?? 0).toBe(0);

    expect(errors).toEqual([]);
    await page
      .evaluate(() => (window as never as { __lm: { app: { home(): void } } }).__lm.app.home())
      .catch(() => {});
    await context.close();
  }, 240_000);
});
