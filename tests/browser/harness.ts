/**
 * What the browser tests (and the client benchmark) share: a Chromium (see
 * browserPath.ts for which) driven by playwright-core, a real game server on
 * a free port, and the client built once into a temporary folder that server
 * serves.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Probe } from '../../client/src/app/probe.js';
import { ONE_ADDRESS, settingsEnv } from '../../server/config.js';
import { type BrowserChoice, findBrowser, loud, NoBrowser } from './browserPath.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts');

/** Chromium flags: Playwright's headless defaults plus what keeps it quiet and on TCP. */
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Finds the browser (unpacking the packaged one if that is the one), or fails
 * loudly with a banner saying what to install: the tests must not pass
 * silently without a browser.
 */
export function requireBrowser(): Promise<BrowserChoice> {
  return findBrowser();
}

/** The browser the tests use; `extraArgs` after the usual flags (e.g. `--ignore-certificate-errors`). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const b = await findBrowser();
  try {
    return await chromium.launch({
      executablePath: b.executablePath,
      args: [...ARGS, ...extraArgs],
      env: b.env,
    });
  } catch (e) {
    // After its first line, Playwright's message carries what the browser printed (a missing library, say).
    const [first, ...rest] = (e as Error).message.split('\nCall log:')[0].split('\n');
    const said = rest.flatMap((l) => /^\[pid=\d+\]\[err\] (.+)/.exec(l)?.[1] ?? []).slice(-6);
    throw loud(new NoBrowser(`${b.label} did not start: ${first}`, said, e));
  }
}

/** A port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Builds the client into a fresh temporary folder (never touching dist/). */
export async function buildClient(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'lm-client-'));
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'client', 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

export interface GameServer {
  url: string;
  port: number;
  /** Everything the server printed (for failure messages). */
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts server/main.ts on a free port, serving `clientDir`, and waits until it listens. */
export async function startServer(clientDir: string, extra: string[] = []): Promise<GameServer> {
  const port = await freePort();
  const node = join(ROOT, 'node_modules', '.bin', 'node');
  const child: ChildProcess = spawn(
    existsSync(node) ? node : process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--client-dir',
      clientDir,
      '--dev-options',
      ...extra,
    ],
    // Every browser context comes from 127.0.0.1, acting out several players: lift the per-address limits.
    {
      cwd: ROOT,
      env: { ...process.env, ...settingsEnv(ONE_ADDRESS), NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (/listening/.test(out)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => out,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Removes a folder made by {@link buildClient}. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Problems the page reported: uncaught errors and console errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed resource names its address (the message alone does not).
    const at = m.location()?.url;
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}${at ? ` (${at})` : ''}`);
  });
  return errors;
}

/**
 * How much a screenshot shows: decoded in the page itself (no image library
 * needed), the number of distinct colours (in 4-bit-per-channel bins) and the
 * share of pixels outside the most common bin (0 for a blank canvas).
 */
export async function imageContent(page: Page, png: Buffer): Promise<{ colors: number; varied: number }> {
  const b64 = png.toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const bins = new Map<number, number>();
    for (let i = 0; i < d.length; i += 4) {
      const bin = ((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const top = Math.max(...bins.values());
    const total = d.length / 4;
    return { colors: bins.size, varied: (total - top) / total };
  }, b64);
}

/** What the client says of itself (`window.__lm.probe()`). */
export const probe = (page: Page): Promise<Probe> =>
  page.evaluate(() => (window as never as { __lm: { probe(): Probe } }).__lm.probe());

/** Polls the page's probe until `test` holds; on a timeout, fails with the last probe and the server's log. */
export async function untilProbe(
  server: GameServer,
  page: Page,
  what: string,
  test: (p: Probe) => boolean,
  timeout = 60_000,
): Promise<Probe> {
  const t0 = Date.now();
  let last: Probe | null = null;
  while (Date.now() - t0 < timeout) {
    last = await probe(page).catch(() => null);
    if (last && test(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(
    `timed out waiting for ${what}; last probe: ${JSON.stringify(last)}\nserver log:\n${server.log()}`,
  );
}
