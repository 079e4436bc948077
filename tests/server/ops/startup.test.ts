import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../server/config.js';
import { type HttpApp, mountHttp } from '../../../server/http.js';
import { clientDirProblem, openUrl, replayDirProblem } from '../../../server/ops/startup.js';

const root = mkdtempSync(join(tmpdir(), 'lm-startup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('start-up checks of the folders', () => {
  it('a replay folder is made if missing, and must be writable', () => {
    expect(replayDirProblem(join(root, 'replays', 'deep'))).toBeUndefined();
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(replayDirProblem(join(file, 'x'))).toBe(
      `REPLAY_DIR: cannot create or write "${file}/x" (ENOTDIR)`,
    );
    expect(replayDirProblem('/etc/passwd/x')).toBe(
      'REPLAY_DIR: cannot create or write "/etc/passwd/x" (ENOTDIR)',
    );
    if (process.getuid?.() !== 0) {
      // Root writes anywhere: a read-only folder stops only another user.
      const readOnly = join(root, 'read-only');
      replayDirProblem(readOnly);
      chmodSync(readOnly, 0o500);
      expect(replayDirProblem(readOnly)).toMatch(/^REPLAY_DIR: cannot create or write .* \(EACCES\)$/);
    }
  });

  it('a client folder given must exist and be a folder; the default may be missing (the status page)', () => {
    expect(clientDirProblem(DEFAULT_CONFIG.clientDir)).toBeUndefined();
    expect(clientDirProblem(root)).toBeUndefined();
    expect(clientDirProblem('/nonexistent-client-dir')).toBe(
      'CLIENT_DIR: "/nonexistent-client-dir" does not exist',
    );
    const file = join(root, 'index.html');
    writeFileSync(file, '<!doctype html>');
    expect(clientDirProblem(file)).toBe(`CLIENT_DIR: "${file}" is not a folder`);
  });

  it('the status page served before the client is built names the script that builds it', () => {
    const uses: unknown[][] = [];
    const app = { disable() {}, get() {}, post() {}, use: (...args: unknown[]) => uses.push(args) };
    mountHttp(app as unknown as HttpApp, { clientDir: join(root, 'not-built'), adminPassword: undefined });
    // The first handler mounted without a path serves the client (or the status page).
    const serveClient = uses.find((a) => a.length === 1 && (a[0] as () => void).length === 3)?.[0] as (
      ...a: unknown[]
    ) => void;
    let body = '';
    serveClient({ method: 'GET', url: '/' }, { writeHead() {}, end: (b: string) => (body = b) }, () => {});
    const script = /npm run ([\w:-]+)/.exec(body)?.[1];
    const scripts = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'),
    ).scripts as Record<string, string>;
    expect(script).toBe('build:client');
    expect(scripts[script!]).toMatch(/vite build/);
  });
});

describe('the address the start-up line tells to open', () => {
  it('is localhost for every interface, the host itself otherwise, an IPv6 address in brackets', () => {
    expect(openUrl('0.0.0.0', 2567)).toBe('http://localhost:2567/');
    expect(openUrl('::', 2567)).toBe('http://localhost:2567/');
    expect(openUrl('127.0.0.1', 3707)).toBe('http://127.0.0.1:3707/');
    expect(openUrl('::1', 3707)).toBe('http://[::1]:3707/');
    expect(openUrl('fd00::5', 80)).toBe('http://[fd00::5]:80/');
    expect(openUrl('game.example.com', 80)).toBe('http://game.example.com:80/');
    expect(new URL(openUrl('::1', 3707)).port).toBe('3707');
  });
});
