/**
 * Issue 9, friends in Chromium: a host and friends in separate browser
 * contexts against a real server — invite by link and by code, lobby chat
 * both ways, the host's settings seen by a friend, a kick, and a rematch
 * into the same room with the hunter rotated; no page errors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

const VIEWPORT = { width: 960, height: 800 };
let browser: Browser;
let server: GameServer;
let clientDir = '';
const contexts: BrowserContext[] = [];

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

/** Polls the probe until `test` holds (see untilProbe). */
const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

/** Name → role of everyone in the room's roster, as a page's state holds it. */
const roles = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(() => {
    const out: Record<string, string> = {};
    const app = (
      window as never as {
        __lm: { app: { session: { state: { players: Map<string, { name: string; role: string }> } } } };
      }
    ).__lm.app;
    app.session?.state.players.forEach((p) => {
      out[p.name] = p.role;
    });
    return out;
  });

const hunterOf = (r: Record<string, string>) => Object.entries(r).find(([, role]) => role === 't1000')?.[0];

beforeAll(async () => {
  await requireBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('friends in the lobby, in Chromium', () => {
  it('invite by link and by code, chat, settings, kick, and a rematch with the hunter rotated', async () => {
    // The host creates a private match (test speed: the simulation runs 4× real time).
    const host = await open('/?name=Host&timeScale=4');
    await host.page.click('#create-private');
    await host.page.waitForSelector('#lobby');
    await host.page.waitForFunction(() =>
      /^[A-Z0-9]{6}$/.test(document.querySelector('#room-code')?.textContent ?? ''),
    );
    const code = (await host.page.locator('#room-code').textContent())!;
    const { roomId } = await until(host.page, 'the host in the room', (p) => p.roomId !== null);
    expect(roomId).toBe(code);
    // The host's ★ (and the pips, the keys' arrows…) come from the symbol face the client ships:
    // its file is served and decodes (this browser has no symbol font of its own), and it draws them:
    // each is drawn wider or narrower than the missing-glyph box the fallback font draws.
    const faces = await host.page.evaluate(async () =>
      (await document.fonts.load('15px "LM Symbols"', '★⭡')).map((f) => `${f.unicodeRange} ${f.status}`),
    );
    expect(faces).toEqual(['U+25A0-27BF, U+2B60-2B63 loaded']);
    const drawn = await host.page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const width = (font: string, ch: string) => {
        ctx.font = font;
        return ctx.measureText(ch).width;
      };
      const box = width('40px monospace', '\u{10FFFD}');
      return [...'★■☰⭠⭡⭢⭣'].map((ch) => `${ch} ${width('40px "LM Symbols", monospace', ch) !== box}`);
    });
    expect(drawn).toEqual([...'★■☰⭠⭡⭢⭣'].map((ch) => `${ch} true`));
    expect(await host.page.locator('#roster').textContent()).toContain('★ Host');

    // Invite by link: the copy button puts the link on the clipboard; it joins this room.
    await host.page.click('#copy-link');
    await host.page.waitForFunction(() =>
      document.querySelector('#copy-link')?.textContent?.includes('copied'),
    );
    const link = await host.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await host.page.locator('#invite-link').getAttribute('href'));
    expect(new URL(link).searchParams.get('code')).toBe(code);
    // A friend who never played here opens the link: straight into the lobby, where they set their name.
    const friend = await open(`${new URL(link).pathname}${new URL(link).search}`);
    await until(friend.page, 'the friend in the lobby', (p) => p.screen === 'lobby' && p.roomId === code);
    expect(await friend.page.inputValue('#lobby-name')).toMatch(/^Player\d{3}$/);
    await friend.page.fill('#lobby-name', 'Friend');
    await friend.page.press('#lobby-name', 'Enter');
    await expect
      .poll(async () => Object.keys(await roles(host.page)).sort(), { timeout: 10_000 })
      .toEqual(['Friend', 'Host']);
    // Kept for next time, like the name typed on the home page.
    expect(await friend.page.evaluate(() => localStorage.getItem('lm.name'))).toBe('Friend');
    // The home page's field says it too (it showed the old name after leaving).
    expect(
      await friend.page.evaluate(
        () =>
          (
            window as never as { __lm: { app: { ui: { home: { el: HTMLElement } } } } }
          ).__lm.app.ui.home.el.querySelector<HTMLInputElement>('#name')?.value,
      ),
    ).toBe('Friend');

    // Invite by code: typed on the home page.
    const bob = await open('/?name=Bob');
    await bob.page.fill('#code', code.toLowerCase());
    await bob.page.click('#join-code');
    const bobProbe = await until(
      bob.page,
      'Bob in the lobby',
      (p) => p.screen === 'lobby' && p.roomId === code,
    );
    await expect
      .poll(async () => Object.keys(await roles(host.page)).sort(), { timeout: 10_000 })
      .toEqual(['Bob', 'Friend', 'Host']);

    // Lobby chat both ways.
    await host.page.fill('#lobby-chat-input', 'hello friend');
    await host.page.press('#lobby-chat-input', 'Enter');
    await friend.page.waitForFunction(() =>
      document.querySelector('#lobby-chat-lines')?.textContent?.includes('Host: hello friend'),
    );
    await friend.page.fill('#lobby-chat-input', 'hi host');
    await friend.page.press('#lobby-chat-input', 'Enter');
    await host.page.waitForFunction(() =>
      document.querySelector('#lobby-chat-lines')?.textContent?.includes('Friend: hi host'),
    );
    // The lobby's lines stay (the match's chat fades its lines; the lobby's did too, and was empty 12 s later).
    expect(
      await host.page.evaluate(() =>
        [...document.querySelectorAll('#lobby-chat-lines .chat-line')].map((l) => l.getAnimations().length),
      ),
    ).toEqual([0, 0]);

    // The host's settings reach the friend; guests see no host controls.
    expect(await friend.page.locator('#host-controls').isVisible()).toBe(false);
    await host.page.selectOption('#difficulty', 'hard');
    await host.page.fill('#match-minutes', '0.34');
    await host.page.press('#match-minutes', 'Tab');
    await host.page.fill('#spectator-delay', '15');
    await host.page.press('#spectator-delay', 'Tab');
    await friend.page.waitForFunction(() => {
      const t = document.querySelector('#lobby-settings')?.textContent ?? '';
      return t.includes('hard') && t.includes('Match 20 s') && t.includes('spectator delay 15 s');
    });

    // The host kicks Bob: Bob is told why and is out of the roster.
    await host.page.click(`[data-kick="${bobProbe.sessionId}"]`);
    await bob.page.waitForSelector('#error', { timeout: 10_000 });
    expect(await bob.page.locator('#error').textContent()).toContain('host removed you');
    await expect
      .poll(async () => Object.keys(await roles(friend.page)).sort(), { timeout: 10_000 })
      .toEqual(['Friend', 'Host']);

    // The first match: short, it ends by itself.
    await friend.page.click('#ready');
    await host.page.waitForFunction(() => !(document.querySelector('#start') as HTMLButtonElement).disabled);
    await host.page.click('#start');
    await until(friend.page, 'the end screen', (p) => p.screen === 'end', 90_000);
    await until(host.page, 'the end screen', (p) => p.screen === 'end', 30_000);
    const first = hunterOf(await roles(host.page));
    expect(['Host', 'Friend']).toContain(first);
    await friend.page.waitForSelector('#to-lobby');
    // Beside it, the other way on says it is strangers, not a rematch with these friends.
    expect(await friend.page.locator('#again').textContent()).toBe('New quick play');
    await host.page.screenshot({ path: join(ARTIFACTS, 'browser-lobby-end.png') });

    // Back to the lobby: the same room, both of them, the settings kept. The friend goes first; the
    // host, still reading the stats, is told and follows when they choose.
    await friend.page.click('#to-lobby');
    await until(
      friend.page,
      'the friend back in the lobby',
      (p) => p.screen === 'lobby' && p.roomId === code,
    );
    await host.page.waitForSelector('#end-lobby-note', { timeout: 10_000 });
    expect((await probe(host.page)).screen).toBe('end');
    // The same result as before the others left: theirs, not a blank.
    expect(await host.page.locator('#end').textContent()).toMatch(/Victory|Defeat/);
    await host.page.click('#to-lobby');
    await until(host.page, 'the host back in the lobby', (p) => p.screen === 'lobby' && p.roomId === code);
    expect(await friend.page.locator('#lobby-settings').textContent()).toContain('hard');
    expect(await roles(host.page)).toEqual({ Host: '', Friend: '' });
    await host.page.screenshot({ path: join(ARTIFACTS, 'browser-lobby-rematch.png') });

    // The second match: the other one hunts.
    await friend.page.click('#ready');
    await host.page.waitForFunction(() => !(document.querySelector('#start') as HTMLButtonElement).disabled);
    await host.page.click('#start');
    await until(host.page, 'the second match', (p) => p.phase === 'playing' || p.phase === 'ended', 30_000);
    await expect.poll(async () => hunterOf(await roles(host.page)), { timeout: 10_000 }).toBeDefined();
    const second = hunterOf(await roles(host.page));
    expect(['Host', 'Friend']).toContain(second);
    expect(second).not.toBe(first);

    expect(host.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  }, 240_000);
});
