/**
 * The replay viewer in Chromium against a real server whose replay folder
 * holds the golden replay: the replays page lists it; the viewer seeks (a
 * click on the seek bar moves the playhead there), plays 4× faster at 4×,
 * steps a frame, follows a player from the roster, switches side views; a
 * dropped file opens, a dropped non-replay says why; Play from here starts
 * a private room's lobby from the playhead's moment. No page errors.
 * Screenshots in artifacts/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import type { ReplayProbe } from '../../client/src/replay/ReplayViewer.js';
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

const VIEWPORT = { width: 1200, height: 720 };
const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'replays', 'golden-v1.lmr');
const ID = 'golden-for-the-viewer';
let browser: Browser;
let server: GameServer;
let clientDir = '';
let replayDir = '';
const contexts: BrowserContext[] = [];

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

const replayProbe = (page: Page): Promise<ReplayProbe> =>
  page.evaluate(() =>
    (window as never as { __lm: { app: { replays: { probe(): ReplayProbe } } } }).__lm.app.replays.probe(),
  );

async function untilReplay(page: Page, what: string, test: (p: ReplayProbe) => boolean, timeout = 30_000) {
  const t0 = Date.now();
  let last: ReplayProbe | null = null;
  while (Date.now() - t0 < timeout) {
    last = await replayProbe(page).catch(() => null);
    if (last && test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}\n${server.log()}`);
}

const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

/** Drops a file of `bytes` on the page, as a person dragging it from their desktop. */
async function dropFile(page: Page, bytes: Uint8Array, name: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ({ data, name }) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(data)], name, { type: 'application/octet-stream' }));
      return t;
    },
    { data: [...bytes], name },
  );
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  replayDir = mkdtempSync(join(tmpdir(), 'lm-viewer-replays-'));
  copyFileSync(GOLDEN, join(replayDir, `${ID}.lmr`));
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1', '--replay-dir', replayDir]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
  if (replayDir) rmSync(replayDir, { recursive: true, force: true });
}, 30_000);

describe('the replay viewer', () => {
  it('lists, watches, seeks, changes speed, steps, follows, switches views, and plays from here', async () => {
    const { page, errors } = await open('/');
    // The home page links to the replays page.
    await page.click('#open-replays');
    await page.waitForSelector(`#replay-list tr[data-replay="${ID}"]`, { timeout: 30_000 });
    const row = await page.textContent(`#replay-list tr[data-replay="${ID}"]`);
    expect(row).toContain('Los Angeles 1995');
    expect(row).toContain('0:24');
    expect(row).toContain('T-1000 won');
    expect(await page.getAttribute(`tr[data-replay="${ID}"] a.download-replay`, 'href')).toContain(
      `/api/replays/${ID}?download=1`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'browser-replays-page.png') });

    await page.click(`tr[data-replay="${ID}"] button.watch-replay`);
    const start = await untilReplay(page, 'the viewer', (x) => x.page === 'viewer' && x.frames === 360);
    expect(start.moments).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('replay')).toBe(ID);
    await until(page, 'frames drawn', (x) => x.frames > 5 && x.roster.length === 5);
    expect(await page.locator('#replay-seek .replay-mark').count()).toBe(start.moments);

    // Pause (Space), then click the seek bar in its middle: the playhead goes there.
    await page.keyboard.press('Space');
    await untilReplay(page, 'paused', (x) => !x.playing);
    const box = (await page.locator('#replay-seek').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    const mid = start.firstTick + (start.lastTick - start.firstTick) * 0.5;
    const seeked = await untilReplay(page, 'the seek', (x) => Math.abs(x.tick - mid) < 10);
    expect(seeked.playing).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-replay-viewer.png') });

    // Frame step: '.' one recorded frame (2 steps) forward, ',' back.
    await page.keyboard.press('Period');
    const stepped = await replayProbe(page);
    await page.keyboard.press('Period');
    expect((await replayProbe(page)).tick).toBe(stepped.tick + 2);
    await page.keyboard.press('Comma');
    expect((await replayProbe(page)).tick).toBe(stepped.tick);

    // Speed: the playhead runs about 4× faster at 4× than at 1×.
    const rate = async (speed: number): Promise<number> => {
      await page.click(`.replay-speed[data-speed="${speed}"]`);
      await page.evaluate(() =>
        (
          window as never as {
            __lm: { app: { replays: { source: { seek(t: number): void; play(): void } } } };
          }
        ).__lm.app.replays.source.seek(60),
      );
      await page.click('#replay-play');
      await untilReplay(page, 'playing', (x) => x.playing && x.speed === speed);
      // The button shows pause, drawn by CSS (two bars), whatever fonts the system has.
      const shown = await page.evaluate(() => {
        const b = document.querySelector('#replay-play') as HTMLElement;
        const bar = getComputedStyle(b, '::before');
        return { state: b.dataset.state, label: b.getAttribute('aria-label'), w: bar.width, h: bar.height };
      });
      expect(shown).toEqual({ state: 'playing', label: 'Pause', w: '4px', h: '13px' });
      const a = await replayProbe(page);
      const t0 = Date.now();
      await page.waitForTimeout(1500);
      const b = await replayProbe(page);
      const dt = (Date.now() - t0) / 1000;
      await page.click('#replay-play');
      return (b.tick - a.tick) / 30 / dt;
    };
    const one = await rate(1);
    const four = await rate(4);
    expect(one).toBeGreaterThan(0.6);
    expect(one).toBeLessThan(1.4);
    expect(four / one).toBeGreaterThan(2.8);
    expect(four / one).toBeLessThan(5.2);

    // Follow a player from the roster.
    const roster = (await probe(page)).roster;
    const pick = roster.find((r) => r.role === 'sarah')!;
    await page.click(`.spec-row[data-role="${pick.role}"]`);
    await until(
      page,
      `following ${pick.name}`,
      (x) => x.camera?.mode === 'follow' && x.camera.followId === pick.id,
    );

    // Side views (the golden match is a small one: 19 entities): no side sees more than All.
    const all = await until(page, 'All', (x) => x.spectatorView === 'all' && x.shown >= 10);
    await page.click('.spec-side[data-side="escort"]');
    const escort = await until(page, 'the escorts’ view', (x) => x.spectatorView === 'escort' && x.shown > 0);
    expect(escort.shown).toBeLessThanOrEqual(all.shown);
    expect((await replayProbe(page)).side).toBe('escort');
    await page.click('.spec-side[data-side="hunter"]');
    const hunter = await until(page, 'the hunter’s view', (x) => x.spectatorView === 'hunter' && x.shown > 0);
    expect(hunter.shown).toBeLessThanOrEqual(all.shown);
    expect(hunter.roster.find((r) => r.role === 't1000')?.shown).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-replay-hunter.png') });

    // Play from here, as the hunter: a private room's lobby, with the moment's world.
    await page.selectOption('#replay-role', 'hunter');
    const at = (await replayProbe(page)).tick;
    await page.click('#replay-from');
    const lobby = await until(page, 'the lobby of the room from the replay', (x) => x.screen === 'lobby');
    expect(lobby.roomId).toMatch(/^[A-Z0-9]{6}$/);
    // The lobby names the moment: the playhead's time.
    const s = Math.floor(Math.floor(at) / 30);
    const mmss = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    await page.waitForFunction(
      (t) => (document.body.textContent ?? '').includes(`Starting from a replay at ${t}`),
      mmss,
      {
        timeout: 30_000,
      },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'browser-replay-play-from.png') });
    expect(errors).toEqual([]);
  }, 180_000);

  it('opens a dropped replay file, says why a dropped file that is not a replay cannot be played, and plays from a dropped file', async () => {
    const { page, errors } = await open('/');
    await page.waitForSelector('#home');
    await dropFile(page, new Uint8Array(readFileSync(GOLDEN)), 'my-match.lmr');
    const p = await untilReplay(page, 'the dropped file in the viewer', (x) => x.page === 'viewer');
    expect(p.frames).toBe(360);
    await until(page, 'frames drawn', (x) => x.frames > 5);
    // Download gives the bytes themselves.
    const href = await page.getAttribute('#replay-download', 'href');
    expect(href).toMatch(/^blob:/);
    expect(await page.getAttribute('#replay-download', 'download')).toBe('my-match.lmr');

    // Back to the replays page, and a file that is not a replay dropped there.
    await page.click('#replay-exit');
    await page.waitForSelector('#replays');
    await dropFile(page, new TextEncoder().encode('this is not a replay at all'), 'notes.lmr');
    const bad = await untilReplay(page, 'the message', (x) => x.page === 'error');
    expect(bad.error).toMatch(/no magic/);
    expect(await page.textContent('#replay-failed-reason')).toMatch(/not a Liquid Metal replay/);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-replay-bad-file.png') });

    // Play from here on a dropped file: it is sent to the server first, then the room starts from it, as John.
    await page.click('#replay-to-list');
    await page.waitForSelector('#replays');
    await dropFile(page, new Uint8Array(readFileSync(GOLDEN)), 'again.lmr');
    await untilReplay(page, 'the dropped file in the viewer again', (x) => x.page === 'viewer');
    await page.selectOption('#replay-role', 'john');
    await page.click('#replay-from');
    const lobby = await until(
      page,
      'the lobby of the room from the dropped file',
      (x) => x.screen === 'lobby',
    );
    expect(lobby.roomId).toMatch(/^[A-Z0-9]{6}$/);
    await page.waitForFunction(
      () => (document.body.textContent ?? '').includes('Starting from a replay at'),
      null,
      {
        timeout: 30_000,
      },
    );
    expect(errors).toEqual([]);
  }, 120_000);

  it('the end screen links to the match’s replay, which plays', async () => {
    const { page, errors } = await open('/?quickplay=1&name=Ender&pref=escort&matchSeconds=10&timeScale=8');
    await until(page, 'the end screen', (x) => x.screen === 'end', 90_000);
    await page.waitForSelector('#watch-replay', { timeout: 30_000 });
    const href = (await page.getAttribute('#watch-replay', 'href')) ?? '';
    expect(href).toMatch(/^\?replay=[A-Za-z0-9_-]+$/);
    // The recording is closed a moment after the match ends (a file being written is never served).
    await page.waitForTimeout(1500);
    await page.click('#watch-replay');
    const p = await untilReplay(page, 'the match’s replay in the viewer', (x) => x.page === 'viewer', 60_000);
    expect(p.lastTick / 30).toBeGreaterThanOrEqual(9);
    expect(p.moments).toBeGreaterThan(0);
    // At its last frame the replay says who won and how (a 10 s match: Judgment Day, unless John fell first).
    await page.evaluate(
      (t) =>
        (
          window as never as { __lm: { app: { replays: { source: { seek(t: number): void } } } } }
        ).__lm.app.replays.source.seek(t),
      p.lastTick,
    );
    await page.waitForFunction(
      () => /wins|No winner/.test(document.querySelector('#replay-status')?.textContent ?? ''),
      null,
      {
        timeout: 10_000,
      },
    );
    expect(await page.locator('#replay-status').textContent()).toMatch(
      /^(The T-1000 wins|The escort wins|No winner)\. \S/,
    );
    expect(errors).toEqual([]);
  }, 150_000);
});
