/** Which browser the browser tests pick: CHROMIUM_PATH, the system's, then the packaged one. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseBrowser, NoBrowser } from './browserPath.js';

describe('choosing the browser', () => {
  it('CHROMIUM_PATH comes first, and must name an executable file', async () => {
    const c = await chooseBrowser({ CHROMIUM_PATH: process.execPath });
    expect(c.source).toBe('CHROMIUM_PATH');
    expect(c.executablePath).toBe(process.execPath);
    const missing = chooseBrowser({ CHROMIUM_PATH: '/nonexistent/chromium' });
    await expect(missing).rejects.toBeInstanceOf(NoBrowser);
    await expect(missing).rejects.toThrow(/CHROMIUM_PATH is \/nonexistent\/chromium/);
  });

  it('an unknown LM_BROWSER is refused, naming the variable', async () => {
    await expect(chooseBrowser({ LM_BROWSER: 'firefox' })).rejects.toThrow(/LM_BROWSER must be/);
  });

  it('the banner says what to install', () => {
    const banner = new NoBrowser('test').banner;
    expect(banner).toMatch(/NO CHROMIUM FOR THE BROWSER TESTS.*: test/);
    expect(banner).toMatch(/apt-get install -y chromium/);
    expect(banner).toMatch(/CHROMIUM_PATH/);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'LM_BROWSER=packaged unpacks the packaged Chromium with its own libraries and fonts, whatever CHROMIUM_PATH says',
    async () => {
      const c = await chooseBrowser({ LM_BROWSER: 'packaged', CHROMIUM_PATH: process.execPath, PATH: '' });
      expect(c.source).toBe('packaged');
      expect(c.label).toMatch(/@sparticuz\/chromium \d+/);
      expect(existsSync(c.executablePath)).toBe(true);
      expect(c.env?.LD_LIBRARY_PATH).toMatch(/al2023\/lib/);
      expect(existsSync(`${c.env?.LD_LIBRARY_PATH?.split(':')[0]}/libnss3.so`)).toBe(true);
      expect(existsSync(c.env?.FONTCONFIG_FILE ?? '')).toBe(true);
    },
    60_000,
  );
});
