/**
 * A player behind nginx with TLS, in Chromium: docs/nginx/liquid-metal.conf
 * run by Debian's nginx (see tests/server/cluster/nginx.ts) in front of two
 * server processes on a redis-server, each serving a fresh client build.
 * The page, matchmaking and the match's websocket all go through
 * https://127.0.0.1:<nginx> — wss to the room's process under its /pN/ —
 * and the player moves. Without nginx, openssl or redis-server the suite
 * says so loudly and skips; without a Chromium it fails loudly, as every
 * browser test does.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Probe } from '../../client/src/app/probe.js';
import { freePort } from '../../server/cluster/localRedis.js';
import {
  HAS_REDIS,
  type LocalRedis,
  type Proc,
  startLocalRedis,
  startProc,
  stopAll,
} from '../server/cluster/harness.js';
import { HAS_NGINX, type Nginx, startNginx } from '../server/cluster/nginx.js';
import {
  buildClient,
  type GameServer,
  imageContent,
  launchBrowser,
  probe,
  removeDir,
  untilProbe,
  watchErrors,
} from './harness.js';

const VIEWPORT = { width: 960, height: 540 };
const SCREENSHOT = '/tmp/nginx-match.png';

describe.skipIf(!HAS_REDIS || !HAS_NGINX)('a player through nginx with TLS (two processes)', () => {
  let redis: LocalRedis;
  let nginx: Nginx;
  let browser: Browser;
  let clientDir = '';
  const procs: Proc[] = [];
  /** What the failure messages show: both processes' output and nginx's logs. */
  const logs: GameServer = {
    url: '',
    port: 0,
    log: () =>
      [
        ...procs.map((p) => `--- ${p.name}\n${p.out()}`),
        `--- nginx\n${nginx?.errorLog()}\n${nginx?.accessLog()}`,
      ].join('\n'),
    stop: async () => undefined,
  };
  const until = (page: Page, what: string, test: (p: Probe) => boolean, timeout?: number): Promise<Probe> =>
    untilProbe(logs, page, what, test, timeout);

  beforeAll(async () => {
    clientDir = await buildClient();
    redis = await startLocalRedis();
    const ports = [await freePort(), await freePort()];
    nginx = await startNginx(ports);
    const common = { trustProxy: true, clientDir, countdownSeconds: 1 };
    for (const [i, port] of ports.entries()) {
      const n = i + 1;
      procs.push(
        await startProc(
          `P${n}`,
          redis.url,
          { ...common, publicAddress: `127.0.0.1:${nginx.httpsPort}/p${n}` },
          port,
        ),
      );
    }
    // The harness's flags, and a self-signed certificate accepted (for the page and for wss).
    browser = await launchBrowser(['--ignore-certificate-errors']);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await nginx?.stop();
    await redis?.stop();
    if (clientDir) removeDir(clientDir);
  }, 30_000);

  it('quick play over https and wss: the page, matchmaking and the match all through nginx', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requests: string[] = [];
    const sockets: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${nginx.url}/?quickplay=1&name=Proxied&pref=hunter`);
    const before = await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.server !== null && x.frames > 2,
      90_000,
    );
    // The T-1000 starts with open floor to its right (as in client.test.ts).
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(1200);
    await page.keyboard.up('KeyD');
    const released = (await probe(page)).inputsSent;
    await until(page, 'the server to apply every input sent', (x) => x.ack >= released, 20_000);
    const after = await probe(page);
    expect(after.server!.x - before.server!.x).toBeGreaterThan(1);

    // The match on screen, the briefing put away.
    if ((await probe(page)).briefing) await page.keyboard.press('Space');
    await until(page, 'the briefing put away', (x) => !x.briefing);
    await page.waitForTimeout(500);
    const png = await page.screenshot({ path: SCREENSHOT });
    const content = await imageContent(page, png);
    expect(content.colors).toBeGreaterThan(20);

    // Everything went to nginx over TLS; the match's socket to its process's location.
    const origin = nginx.url;
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);
    const room = after.roomId!;
    const matchSocket = sockets.find((u) => u.includes(`/${room}?`));
    expect(matchSocket).toMatch(
      new RegExp(`^wss://127\\.0\\.0\\.1:${nginx.httpsPort}/p[12]/[^/]+/${room}\\?`),
    );
    expect(sockets.every((u) => u.startsWith(`wss://127.0.0.1:${nginx.httpsPort}/p`))).toBe(true);
    process.stdout.write(
      `nginx browser: match socket ${matchSocket?.split('?')[0]}; screenshot ${SCREENSHOT}\n`,
    );
    expect(errors).toEqual([]);
    await page.evaluate(() => (window as never as { __lm: { app: { home(): void } } }).__lm.app.home());
    await context.close();
  }, 150_000);

  it('a deploy behind nginx: SIGTERM to the match’s process, and the player is back in it through the other location', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${nginx.url}/?quickplay=1&name=Deployed&pref=hunter`);
    const before = await until(
      page,
      'the hunter in the match',
      (x) => x.screen === 'match' && x.role === 't1000' && x.server !== null && x.frames > 2,
      90_000,
    );
    const room = before.roomId!;
    const first = sockets.find((u) => u.includes(`/${room}?`))!;
    const n = Number(/\/p([12])\//.exec(first)![1]);
    const other = n === 1 ? 2 : 1;
    // Play long enough for the seat ticket and a resume record.
    await page.waitForTimeout(1500);
    procs[n - 1].child.kill('SIGTERM');
    const t0 = Date.now();
    await until(
      page,
      'the match again, on the other process',
      (x) =>
        x.screen === 'match' &&
        x.roomId === room &&
        x.role === 't1000' &&
        sockets.some((u) => u.includes(`/p${other}/`) && u.includes(`/${room}?`)),
      30_000,
    );
    process.stdout.write(`nginx browser: back in the match through /p${other}/ in ${Date.now() - t0} ms\n`);
    expect(await procs[n - 1].exited).toBe(0);
    // And it plays on there: the character moves.
    const moved = await until(page, 'the world ticking there', (x) => x.server !== null && x.patches > 0);
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(1200);
    await page.keyboard.up('KeyD');
    const released = (await probe(page)).inputsSent;
    const after = await until(page, 'the inputs applied there', (x) => x.ack >= released, 20_000);
    expect(Math.hypot(after.server!.x - moved.server!.x, after.server!.y - moved.server!.y)).toBeGreaterThan(
      0.5,
    );
    // Back in the character they were briefed for: no briefing card over the match again.
    expect((await probe(page)).briefing).toBe(false);
    // The same map on screen: the move did not bake it again (a second, frozen, on a slow machine).
    expect(before.mapBakes).toBe(1);
    expect((await probe(page)).mapBakes).toBe(1);
    await page.screenshot({ path: '/tmp/nginx-handover.png' });
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);
});
