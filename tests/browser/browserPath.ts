/**
 * Which Chromium the browser tests and `bench:client` drive, in this order:
 *
 * 1. `CHROMIUM_PATH` from the environment (it must name an existing file);
 * 2. the system's Chromium: /usr/bin/chromium, /usr/bin/chromium-browser, or
 *    `chromium` / `chromium-browser` on PATH;
 * 3. the Chromium packaged in the `@sparticuz/chromium` dev dependency (Linux
 *    x64), unpacked once per version and user into the temporary folder. It
 *    runs with the NSS libraries and fonts that come in the package, so it
 *    needs nothing from the system but the C and C++ runtimes.
 *
 * `LM_BROWSER=packaged` skips 1 and 2 (CI uses it to prove step 3 on a
 * machine that has a system Chromium); `LM_BROWSER=system` refuses step 3.
 * The choice is printed once per process, as one line on stderr. When no
 * browser can be had, a banner says what to install and the caller fails.
 */
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface BrowserChoice {
  /** Where it came from. */
  source: 'CHROMIUM_PATH' | 'system' | 'packaged';
  executablePath: string;
  /** The browser process's environment, when it needs more than ours (the packaged one does). */
  env?: Record<string, string>;
  /** What the `browser:` line says. */
  label: string;
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser'];
const PACKAGE = '@sparticuz/chromium';

/** No usable browser: the message says why in one line, `banner` is the loud notice that says what to install. */
export class NoBrowser extends Error {
  readonly banner: string;
  /** `said`: what the browser itself printed, when it did not start. */
  constructor(problem: string, said: string[] = [], cause?: unknown) {
    super(`no usable Chromium: ${problem}`, { cause });
    const bar = '!'.repeat(78);
    this.banner = [
      bar,
      `!! NO CHROMIUM FOR THE BROWSER TESTS (AND bench:client): ${problem}`,
      ...said.map((line) => `!!   ${line}`),
      '!! They use, in order: CHROMIUM_PATH, a system Chromium (/usr/bin/chromium,',
      `!! /usr/bin/chromium-browser, chromium on PATH), then the packaged ${PACKAGE}`,
      '!! (Linux x64 only; `npm install` brings it).',
      '!! Install a Chromium (Debian/Ubuntu: apt-get install -y chromium; macOS: brew install',
      '!! --cask chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
      '!! The browser tests FAIL until then.',
      bar,
    ].join('\n');
  }
}

/** Prints the error's banner to stderr and returns it, to throw. */
export function loud(e: NoBrowser): NoBrowser {
  console.error(e.banner);
  return e;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first system Chromium, or null. */
export function systemChromium(pathVar = process.env.PATH ?? ''): string | null {
  for (const p of SYSTEM_PATHS) if (isExecutable(p)) return p;
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    for (const name of SYSTEM_NAMES) {
      const p = join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return null;
}

let chosen: Promise<BrowserChoice> | null = null;

/**
 * The browser to launch: the first call in a process decides (unpacking the
 * packaged one if that is the one) and prints the `browser:` line, or the
 * banner when there is none.
 */
export function findBrowser(): Promise<BrowserChoice> {
  chosen ??= chooseBrowser(process.env).then(
    (c) => {
      process.stderr.write(`browser: ${c.label}\n`);
      return c;
    },
    (e) => {
      throw e instanceof NoBrowser ? loud(e) : e;
    },
  );
  return chosen;
}

/** The choice for an environment, quietly (findBrowser prints). */
export async function chooseBrowser(env: NodeJS.ProcessEnv): Promise<BrowserChoice> {
  const mode = env.LM_BROWSER ?? '';
  if (mode !== '' && mode !== 'packaged' && mode !== 'system') {
    throw new NoBrowser(`LM_BROWSER must be "packaged", "system" or unset, not "${mode}"`);
  }
  if (mode === 'packaged') return packaged('forced by LM_BROWSER=packaged', env);
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new NoBrowser(`CHROMIUM_PATH is ${fromEnv}, which is not an executable file`);
    }
    return { source: 'CHROMIUM_PATH', executablePath: fromEnv, label: `CHROMIUM_PATH ${fromEnv}` };
  }
  const system = systemChromium(env.PATH ?? '');
  if (system) return { source: 'system', executablePath: system, label: `system Chromium ${system}` };
  if (mode === 'system') throw new NoBrowser('LM_BROWSER=system, but there is no system Chromium');
  return packaged('no system Chromium found', env);
}

async function packaged(why: string, base: NodeJS.ProcessEnv): Promise<BrowserChoice> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new NoBrowser(`${PACKAGE} runs on Linux x64 only, and this is ${process.platform} ${process.arch}`);
  }
  let pkgDir: string;
  let inflate: (file: string) => Promise<string>;
  try {
    pkgDir = join(dirname(createRequire(import.meta.url).resolve(PACKAGE)), '..');
    ({ inflate } = await import('@sparticuz/chromium'));
  } catch (e) {
    throw new NoBrowser(
      `${PACKAGE} is not installed (run npm install): ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const dir = join(tmpdir(), `lm-chromium-${version}-${process.getuid?.() ?? 0}`);
  let note = '';
  if (!complete(dir)) {
    const t0 = performance.now();
    try {
      // A copy some temporary-file cleaner has thinned out is unpacked again.
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      await unpack(inflate, join(pkgDir, 'bin'), dir);
    } catch (e) {
      throw new NoBrowser(`${PACKAGE} ${version} could not be unpacked to ${dir}: ${(e as Error).message}`);
    }
    note = `, unpacked in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }
  const libs = join(dir, 'al2023', 'lib');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${libs}${delimiter}${env.LD_LIBRARY_PATH}` : libs;
  env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
  return {
    source: 'packaged',
    executablePath: join(dir, 'chromium'),
    env,
    label: `packaged ${PACKAGE} ${version} (${why}) at ${dir}${note}`,
  };
}

/** Whether `dir` holds a whole unpacked browser (spot checks: one file of each archive, and ours). */
function complete(dir: string): boolean {
  return ['chromium', 'libGLESv2.so', 'fonts/fonts.conf', 'al2023/lib/libnss3.so', 'fonts.conf'].every((f) =>
    existsSync(join(dir, f)),
  );
}

/**
 * Unpacks the package's archives into a fresh folder beside `dir` and renames
 * it into place only when complete, so a crash or a second process unpacking
 * at the same time never leaves a half-written browser behind.
 */
async function unpack(inflate: (file: string) => Promise<string>, bin: string, dir: string): Promise<void> {
  const parent = dirname(dir);
  const prefix = `${dir.slice(parent.length + 1)}.part-`;
  // Leftovers of runs killed while unpacking (each ~250 MB).
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const old = join(parent, name);
    const s = await stat(old).catch(() => null);
    if (s && Date.now() - s.mtimeMs > 10 * 60_000) rmSync(old, { recursive: true, force: true });
  }
  const part = await mkdtemp(join(parent, prefix));
  try {
    // The package unpacks into os.tmpdir(), which it reads when each inflate() starts.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = part;
    let jobs: Promise<string>[];
    try {
      jobs = ['chromium.br', 'swiftshader.tar.br', 'fonts.tar.br', 'al2023.tar.br'].map((f) =>
        inflate(join(bin, f)),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    await Promise.all(jobs);
    // Only the fonts that come with the package, so the text looks the same on every machine.
    await writeFile(
      join(part, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        `  <dir>${join(dir, 'fonts')}</dir>`,
        `  <cachedir>${join(dir, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    renameSync(part, dir);
  } catch (e) {
    rmSync(part, { recursive: true, force: true });
    // Another process finished first: use its copy.
    if (complete(dir)) return;
    throw e;
  }
}
