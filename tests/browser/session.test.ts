/**
 * The session flows of a group of friends, in Chromium against a real server
 * (see client.test.ts for the set-up): Play again, a reload mid-match (quick
 * play, and a private match with a friend watching the roster), the in-match
 * menu and leaving, a wrong code, a password-protected server, and joining a
 * running match through the network simulator. Every page's console errors
 * fail its test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import { AWAY_STANDS_STEPS } from '../../server/match/MatchRun.js';
import { DT, SPEED, SPRINT } from '../../shared/tuning.js';
import {
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

const VIEWPORT = { width: 960, height: 540 };
/** The fastest any character runs (tiles per second): the T-1000, or an escort sprinting. */
const MAX_SPEED = Math.max(...Object.values(SPEED)) * (1 + SPRINT.boost);
const PASSWORD = 'tea-and-biscuits';
let browser: Browser;
let server: GameServer;
let clientDir = '';
const pages: { page: Page; errors: string[]; context: BrowserContext }[] = [];

/** The browser's own line for an HTTP refusal (a wrong code, a wrong password): expected where a test asks for one. */
const REFUSED_REQUEST = /Failed to load resource: the server responded with a status of (401|52\d)/;

async function open(base: string, path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  pages.push({ page, errors, context });
  await page.goto(`${base}${path}`);
  return { page, errors };
}

/** Polls the probe until `test` holds (see untilProbe). */
const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
  untilProbe(server, page, what, test, timeout);

interface Slot {
  key: string;
  name: string;
  role: string;
  bot: boolean;
  connected: boolean;
}

/** The room's roster as this page was sent it. */
const roster = (page: Page): Promise<Slot[]> =>
  page.evaluate(() => {
    const out: Slot[] = [];
    const app = (
      window as never as {
        __lm: { app: { session: { state: { players: Map<string, Omit<Slot, 'key'>> } } | null } };
      }
    ).__lm.app;
    app.session?.state.players.forEach((p, key) => {
      out.push({ key, name: p.name, role: p.role, bot: p.bot, connected: p.connected });
    });
    return out;
  });

async function rosterUntil(page: Page, what: string, test: (r: Slot[]) => boolean, timeout = 20_000) {
  const t0 = Date.now();
  let last: Slot[] = [];
  while (Date.now() - t0 < timeout) {
    last = await roster(page).catch(() => []);
    if (test(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}; last roster: ${JSON.stringify(last)}`);
}

/** A page at `path` that creates a private match, in its lobby; the room's code. */
async function privateLobby(path: string): Promise<{ host: { page: Page; errors: string[] }; code: string }> {
  const host = await open(server.url, path);
  await host.page.click('#create-private');
  const lobby = await until(host.page, 'the private lobby', (x) => x.screen === 'lobby' && x.roomId !== null);
  return { host, code: lobby.roomId! };
}

/** Leaves the room on purpose first, so the server frees the seat at once. */
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

/**
 * Opens the match menu with Escape. The role briefing (shown at spawn)
 * takes Escape for itself, so a press may only put it away: press until the
 * menu is up.
 */
async function openMenu(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Escape');
    try {
      await page.waitForSelector('#match-menu', { timeout: 1000 });
      return;
    } catch {
      // The press closed the briefing: again.
    }
  }
  throw new Error('Escape did not open the match menu');
}

/**
 * The character after a reload is the one left, where it stands now: drawn
 * where the server has it, and no farther from where it was than it could
 * have walked meanwhile (while its player is away the server's bot keeps it
 * moving, as after a dropped connection, so "the same spot" holds only for a
 * quick reload). A fresh character would stand at a spawn point.
 */
function expectSameCharacter(before: Probe, after: Probe, seconds: number): void {
  const moved = Math.hypot(after.server!.x - before.server!.x, after.server!.y - before.server!.y);
  console.info(
    `reload took ${seconds.toFixed(1)} s; the character moved ${moved.toFixed(2)} tiles meanwhile`,
  );
  // The character stands where it was for AWAY_STANDS_STEPS (8 s) after the drop, then a bot walks it.
  const botSeconds = Math.max(0, seconds - AWAY_STANDS_STEPS * DT);
  // Within a tile: the crowd and the police may still jostle a character that stands.
  expect(moved).toBeLessThanOrEqual(1 + MAX_SPEED * botSeconds);
  expect(Math.hypot(after.predicted!.x - after.server!.x, after.predicted!.y - after.server!.y)).toBeLessThan(
    1,
  );
}

const inMatch = (p: Probe) => p.screen === 'match' && p.role !== null && p.server !== null && p.frames > 2;

beforeAll(async () => {
  await requireBrowser();
  clientDir = await buildClient();
  server = await startServer(clientDir, ['--countdown', '1']);
  browser = await launchBrowser();
}, 180_000);

afterEach(async () => {
  for (const p of [...pages]) await close(p.page);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clientDir) removeDir(clientDir);
}, 30_000);

describe('sessions in Chromium', () => {
  it('Play again on the end screen lands in a new match, never on the home screen', async () => {
    const { page, errors } = await open(server.url, '/?quickplay=1&name=Again&matchSeconds=10&timeScale=4');
    const first = await until(page, 'the end screen', (x) => x.screen === 'end', 90_000);
    await page.waitForSelector('#again', { timeout: 20_000 });
    expect(await page.locator('#again').textContent()).toBe('New quick play');
    await page.click('#again');
    // Every screen seen from the click until the new room: home would be the bug.
    const seen: string[] = [];
    const t0 = Date.now();
    let p = await probe(page);
    while (Date.now() - t0 < 30_000) {
      p = await probe(page);
      seen.push(p.screen);
      if ((p.screen === 'lobby' || p.screen === 'match') && p.roomId && p.roomId !== first.roomId) break;
      await page.waitForTimeout(20);
    }
    expect(seen).not.toContain('home');
    expect(['lobby', 'match']).toContain(p.screen);
    expect(p.roomId).not.toBe(first.roomId);
    // And it stays there (the old room's close came and went).
    await page.waitForTimeout(1500);
    expect((await probe(page)).screen).not.toBe('home');
    // The new match is on the same map: its view draws the map baked for the first, not a second bake.
    const next = await until(
      page,
      'the new match drawn',
      (x) => x.screen === 'match' && x.roomId !== first.roomId && x.frames > 2,
      90_000,
    );
    expect(first.mapBakes).toBe(1);
    expect(next.mapBakes).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);

  it('a reload mid-match (quick play) comes back to the same character where it stands, listed once', async () => {
    const { page, errors } = await open(server.url, '/?quickplay=1&name=Reloader&pref=escort');
    const before = await until(page, 'the own character in the match', inMatch);
    await until(page, 'the role briefing at spawn', (x) => x.briefing);
    const t0 = Date.now();
    await page.reload();
    const after = await until(
      page,
      'the same character after the reload',
      (x) => inMatch(x) && x.predicted !== null,
      60_000,
    );
    expect(after.roomId).toBe(before.roomId);
    expect(after.role).toBe(before.role);
    expectSameCharacter(before, after, (Date.now() - t0) / 1000);
    // Back in the character they were briefed for at spawn: the briefing does not cover the match again.
    await page.waitForTimeout(500);
    expect((await probe(page)).briefing).toBe(false);
    const mine = (await roster(page)).filter((s) => s.name === 'Reloader');
    expect(mine).toHaveLength(1);
    expect(mine[0].role).toBe(before.role);
    // The player has control again: a key press reaches the server.
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(600);
    await page.keyboard.up('KeyD');
    const sent = (await probe(page)).inputsSent;
    await until(page, 'inputs after the reload to be applied', (x) => x.ack >= sent && sent > 0, 20_000);
    expect(errors).toEqual([]);
  }, 180_000);

  it('a private match by link: the friend reloads and comes back to the same role, listed once; then leaves from the menu and a bot takes the role', async () => {
    const { host, code } = await privateLobby('/?name=Hosty&pref=hunter');
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    // The address bar carries the code: copying it invites a friend.
    expect(new URL(host.page.url()).searchParams.get('code')).toBe(code);
    const friend = await open(server.url, `/?code=${code}&name=Friendo&pref=escort`);
    await until(friend.page, 'the friend in the lobby', (x) => x.screen === 'lobby' && x.roomId === code);
    await friend.page.click('#ready');
    await host.page.waitForSelector('#start:not([disabled])', { timeout: 20_000 });
    await host.page.click('#start');
    const before = await until(friend.page, 'the friend in the match', inMatch, 60_000);
    await until(host.page, 'the host in the match', inMatch, 60_000);

    const t0 = Date.now();
    await friend.page.reload();
    const after = await until(
      friend.page,
      'the friend back after the reload',
      (x) => inMatch(x) && x.predicted !== null,
      60_000,
    );
    expect(after.roomId).toBe(code);
    expect(after.role).toBe(before.role);
    expectSameCharacter(before, after, (Date.now() - t0) / 1000);
    expect(new URL(friend.page.url()).searchParams.get('code')).toBe(code);
    // The host's roster lists the friend once, connected, in the same role.
    const seen = await rosterUntil(host.page, 'the friend connected again', (r) =>
      r.some((s) => s.name === 'Friendo' && s.connected),
    );
    expect(seen.filter((s) => s.name === 'Friendo')).toEqual([
      expect.objectContaining({ role: before.role, bot: false }),
    ]);

    // Escape opens the menu; while it is open a held key does not move the character.
    // (What is sent is checked, not the position: the crowd and the police may push the character.)
    await openMenu(friend.page);
    const sentBefore = (await probe(friend.page)).inputsSent;
    await friend.page.keyboard.down('KeyD');
    const staged: number[] = [];
    for (let i = 0; i < 8; i++) {
      await friend.page.waitForTimeout(100);
      staged.push(
        await friend.page.evaluate(
          () =>
            (window as never as { __lm: { app: { match: { own: { input: { data: { moveX: number } } } } } } })
              .__lm.app.match.own.input.data.moveX,
        ),
      );
    }
    await friend.page.keyboard.up('KeyD');
    expect((await probe(friend.page)).inputsSent).toBeGreaterThan(sentBefore);
    expect(staged).toEqual(staged.map(() => 0));
    // Escape closes it; the ☰ button opens it again.
    await friend.page.keyboard.press('Escape');
    await friend.page.waitForSelector('#match-menu', { state: 'detached', timeout: 5000 });
    await friend.page.click('#menu-button');
    await friend.page.click('#menu-help');
    await friend.page.waitForSelector('#menu-help-panel table.keys', { timeout: 5000 });
    await friend.page.click('#menu-leave');
    await friend.page.waitForSelector('#home', { timeout: 10_000 });
    expect(new URL(friend.page.url()).searchParams.get('code')).toBeNull();
    // The server hands the friend's character to a bot at once.
    const mates = await rosterUntil(
      host.page,
      'a bot in the friend’s role',
      (r) => r.some((s) => s.role === before.role && s.bot) && !r.some((s) => s.name === 'Friendo' && !s.bot),
      10_000,
    );
    expect(mates.filter((s) => s.role === before.role)).toHaveLength(1);
    // A reload at home stays at home (no seat kept after leaving).
    await friend.page.reload();
    await friend.page.waitForSelector('#home', { timeout: 10_000 });
    await friend.page.waitForTimeout(1000);
    expect((await probe(friend.page)).screen).toBe('home');
    expect(host.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
  }, 240_000);

  it('a host who reloads a private lobby, alone, comes back to it: the same code, still the host; a friend joins by that code; the host’s window closes, a namesake in another browser is a new person, and the host’s own browser takes the place back', async () => {
    const { host, code } = await privateLobby('/?name=Reloady');
    await host.page.reload();
    // Back in the same lobby (the room was held for the reload), not at home with "No match with code".
    await until(
      host.page,
      'the same lobby after the reload',
      (x) => x.screen === 'lobby' && x.roomId === code,
    );
    const me = await rosterUntil(host.page, 'the host listed once', (r) => r.length === 1 && r[0].connected);
    expect(me.map((m) => m.name)).toEqual(['Reloady']);
    // Still the host: the host's settings are there to change.
    await host.page.waitForSelector('#start', { state: 'visible', timeout: 10_000 });
    const friend = await open(server.url, `/?code=${code}&name=Pal`);
    await until(friend.page, 'the friend in that lobby', (x) => x.screen === 'lobby' && x.roomId === code);
    await rosterUntil(
      host.page,
      'both listed',
      (r) =>
        r
          .map((m) => m.name)
          .sort()
          .join() === 'Pal,Reloady',
    );
    expect(host.errors).toEqual([]);
    // The host's tab closes: the friend sees the place held, marked as coming back, not gone.
    const hostKey = (await roster(host.page)).find((m) => m.name === 'Reloady')!.key;
    // Closed without leaving (a crashed tab, a lost network): not the on-purpose leave `close` does.
    const i = pages.findIndex((p) => p.page === host.page);
    // What the browser keeps across its windows (localStorage: its own key), not the tab's token.
    const hostBrowser = await pages[i].context.storageState();
    await pages[i].context.close();
    pages.splice(i, 1);
    await friend.page.waitForSelector(`[data-away="${hostKey}"]`, { timeout: 15_000 });
    expect(await friend.page.locator(`[data-away="${hostKey}"]`).textContent()).toBe(' reconnecting…');
    expect((await roster(friend.page)).map((m) => m.name).sort()).toEqual(['Pal', 'Reloady']);

    // Someone else (another browser: a fresh context) joins by the code under the same name: a new
    // person beside the held place, not the host.
    const namesake = await open(server.url, `/?code=${code}&name=Reloady`);
    await until(namesake.page, 'the namesake in the lobby', (x) => x.screen === 'lobby' && x.roomId === code);
    await rosterUntil(friend.page, 'three listed, the host still away', (r) => r.length === 3);
    expect(await friend.page.locator(`[data-away="${hostKey}"]`).count()).toBe(1);
    expect(await namesake.page.locator('#start').isVisible()).toBe(false);

    // The host opens the link again in a new window of the same browser: the held place back —
    // listed once, connected, still the host.
    const again = await browser.newContext({ viewport: VIEWPORT, storageState: hostBrowser });
    const back = await again.newPage();
    const backErrors = watchErrors(back);
    pages.push({ page: back, errors: backErrors, context: again });
    await back.goto(`${server.url}/?code=${code}&name=Reloady`);
    await until(back, 'the host back in the lobby', (x) => x.screen === 'lobby' && x.roomId === code);
    const after = await rosterUntil(
      friend.page,
      'the host back in place',
      (r) => r.length === 3 && r.every((m) => m.connected),
    );
    expect(after.map((m) => m.name).sort()).toEqual(['Pal', 'Reloady', 'Reloady']);
    await back.waitForSelector('#start', { state: 'visible', timeout: 10_000 });
    expect(backErrors).toEqual([]);
  }, 90_000);

  it('a reload too late for the seat goes home with a short word, and forgets the seat', async () => {
    const { page, errors } = await open(server.url, '/?name=Late');
    await page.waitForSelector('#home', { timeout: 30_000 });
    // A seat the server no longer holds (the reconnection window passed, or the match is gone).
    await page.evaluate(() =>
      sessionStorage.setItem('lm.seat', JSON.stringify({ token: 'GONE23:stale', roomId: 'GONE23' })),
    );
    await page.reload();
    await page.waitForSelector('#home-notice:not([hidden])', { timeout: 30_000 });
    expect(await page.locator('#home-notice').textContent()).toMatch(/^Could not return to your match/);
    expect(await page.evaluate(() => sessionStorage.getItem('lm.seat'))).toBeNull();
    // The next reload is an ordinary visit.
    await page.reload();
    await page.waitForSelector('#home', { timeout: 30_000 });
    expect(await page.locator('#home-notice').isHidden()).toBe(true);
    expect(errors.filter((e) => !REFUSED_REQUEST.test(e))).toEqual([]);
  }, 90_000);

  it('a mistyped code says so and can be typed again in its field', async () => {
    const host = await open(server.url, '/?name=Coder');
    await host.page.click('#create-private');
    const code = (await until(host.page, 'the private lobby', (x) => x.screen === 'lobby' && !!x.roomId))
      .roomId!;
    const wrong = code === 'ZZZZ22' ? 'ZZZZ23' : 'ZZZZ22';
    const guest = await open(server.url, '/?name=Typo');
    // Too short to be a code: said at once, nothing asked of the server.
    const asked: string[] = [];
    guest.page.on('request', (r) => {
      if (r.url().includes('/matchmake/')) asked.push(r.url());
    });
    await guest.page.fill('#code', 'abc');
    await guest.page.click('#join-code');
    await guest.page.waitForSelector('#home-notice:not([hidden])');
    expect(await guest.page.locator('#home-notice').textContent()).toBe('A code is 6 letters or digits');
    expect(asked.filter((u) => !u.includes('/lobby'))).toEqual([]);
    await guest.page.fill('#code', wrong.toLowerCase());
    await guest.page.click('#join-code');
    await guest.page.waitForSelector('#home-notice:not([hidden])', { timeout: 20_000 });
    expect(await guest.page.locator('#home-notice').textContent()).toBe(`No match with code ${wrong}`);
    expect(await guest.page.inputValue('#code')).toBe(wrong);
    expect(await guest.page.evaluate(() => document.activeElement?.id)).toBe('code');
    // Typed again, right this time (Enter in the field joins).
    await guest.page.fill('#code', code);
    await guest.page.press('#code', 'Enter');
    await until(guest.page, 'the lobby by code', (x) => x.screen === 'lobby' && x.roomId === code);
    expect(host.errors).toEqual([]);
    expect(guest.errors.filter((e) => !REFUSED_REQUEST.test(e))).toEqual([]);
  }, 120_000);

  it('joining a running match through the network simulator decodes every patch (no "refId not found")', async () => {
    const player = await open(server.url, '/?quickplay=1&name=Runner&pref=hunter');
    const running = await until(player.page, 'a running match', inMatch);
    const late = await open(server.url, '/?name=Late&pref=escort&rtt=100&loss=2');
    await late.page.waitForSelector(`#rooms tr[data-room="${running.roomId}"] button.join:not([disabled])`, {
      timeout: 30_000,
    });
    await late.page.click(`#rooms tr[data-room="${running.roomId}"] button.join`);
    await until(late.page, 'the late joiner in the match', inMatch, 60_000);
    await late.page.waitForTimeout(5000);
    expect(late.errors).toEqual([]);
    expect(player.errors).toEqual([]);
  }, 150_000);

  it('a spectator’s address names the room watched, so a reload goes on watching it', async () => {
    const player = await open(server.url, '/?quickplay=1&name=Watched&pref=escort&spectatorDelay=0');
    const running = await until(player.page, 'a running match', inMatch);
    const watcher = await open(server.url, '/?name=Watcher');
    await watcher.page.waitForSelector(`#rooms tr[data-room="${running.roomId}"] button.watch`, {
      timeout: 30_000,
    });
    await watcher.page.click(`#rooms tr[data-room="${running.roomId}"] button.watch`);
    await until(
      watcher.page,
      'the spectator view',
      (x) => x.screen === 'watching' && x.roomId === running.roomId,
    );
    expect(new URL(watcher.page.url()).searchParams.get('watch')).toBe(running.roomId);
    await watcher.page.reload();
    const again = await until(
      watcher.page,
      'watching again after the reload',
      (x) => x.screen === 'watching' && x.frames > 2,
    );
    expect(again.roomId).toBe(running.roomId);
    expect(again.role).toBeNull();
    expect(watcher.errors).toEqual([]);
    expect(player.errors).toEqual([]);
  }, 150_000);

  it('the home page links practice per role and opens the key help with H', async () => {
    const { page, errors } = await open(server.url, '/');
    await page.waitForSelector('#practice a.practice', { timeout: 30_000 });
    const roles = await page.$$eval('#practice a.practice', (as) => as.map((a) => a.getAttribute('href')));
    expect(roles).toEqual([
      '?sandbox=t1000',
      '?sandbox=john',
      '?sandbox=sarah',
      '?sandbox=t800',
      '?sandbox=dyson',
    ]);
    await page.keyboard.press('KeyH');
    await page.waitForSelector('#help', { timeout: 5000 });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#help', { state: 'detached', timeout: 5000 });
    // Practice opens the offline sandbox, whose menu leaves it for the home page.
    await page.click('#practice a[data-role="sarah"]');
    await page.waitForFunction(() => document.body.dataset.screen === 'match', null, { timeout: 30_000 });
    await page.waitForSelector('#menu-button', { timeout: 30_000 });
    await openMenu(page);
    // Settings opens the settings panel; closing it comes back to the menu.
    await page.click('#menu-settings');
    await page.waitForSelector('#settings', { timeout: 5000 });
    expect(await page.locator('#match-menu').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#settings', { state: 'detached', timeout: 5000 });
    await page.waitForSelector('#match-menu', { timeout: 5000 });
    await page.click('#menu-leave');
    await page.waitForSelector('#home', { timeout: 20_000 });
    expect(new URL(page.url()).searchParams.get('sandbox')).toBeNull();
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('a server with a password, in Chromium', () => {
  let locked: GameServer;

  beforeAll(async () => {
    locked = await startServer(clientDir, ['--countdown', '1', '--password', PASSWORD]);
  }, 60_000);

  afterAll(async () => {
    await locked?.stop();
  }, 30_000);

  it('asks for the password in a field before showing any match, says when it is wrong, and keeps it for the tab', async () => {
    const { page, errors } = await open(locked.url, '/?name=Guest');
    await page.waitForSelector('#password-row:not([hidden])', { timeout: 20_000 });
    expect(await page.locator('#password-status').textContent()).toBe('This server needs a password');
    expect(await page.locator('#listing').isHidden()).toBe(true);
    await page.fill('#password', 'wrong-one');
    await page.press('#password', 'Enter');
    await page.waitForFunction(
      () => document.getElementById('password-status')?.textContent === 'Wrong password',
      null,
      { timeout: 20_000 },
    );
    expect(await page.locator('#listing').isHidden()).toBe(true);
    await page.fill('#password', PASSWORD);
    await page.click('#password-ok');
    await page.waitForFunction(
      () => document.getElementById('listing-status')?.textContent === '● live',
      null,
      { timeout: 20_000 },
    );
    expect(await page.locator('#password-row').isHidden()).toBe(true);
    expect(await page.locator('#listing').isVisible()).toBe(true);
    // Remembered for the tab: a reload shows the list at once; quick play goes in with it.
    await page.reload();
    await page.waitForFunction(
      () => document.getElementById('listing-status')?.textContent === '● live',
      null,
      { timeout: 20_000 },
    );
    await page.click('#quickplay');
    await until(page, 'the lobby or match', (x) => x.screen === 'lobby' || x.screen === 'match');
    expect(errors.filter((e) => !REFUSED_REQUEST.test(e))).toEqual([]);
  }, 120_000);

  it('a ?password= link is read once and leaves the address bar; a quick play without it asks for it', async () => {
    const linked = await open(locked.url, `/?name=Linked&password=${PASSWORD}`);
    await linked.page.waitForFunction(
      () => document.getElementById('listing-status')?.textContent === '● live',
      null,
      { timeout: 20_000 },
    );
    expect(new URL(linked.page.url()).searchParams.has('password')).toBe(false);
    expect(linked.errors).toEqual([]);

    const bare = await open(locked.url, '/?quickplay=1&name=Bare');
    await bare.page.waitForSelector('#home-notice:not([hidden])', { timeout: 30_000 });
    expect(await bare.page.locator('#home-notice').textContent()).toBe('This server needs a password');
    expect(await bare.page.evaluate(() => document.activeElement?.id)).toBe('password');
    await bare.page.fill('#password', PASSWORD);
    await bare.page.press('#password', 'Enter');
    await bare.page.click('#quickplay');
    await until(bare.page, 'the lobby or match', (x) => x.screen === 'lobby' || x.screen === 'match');
    expect(bare.errors.filter((e) => !REFUSED_REQUEST.test(e))).toEqual([]);
  }, 120_000);
});
