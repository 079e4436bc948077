/** `npm run replay -- FILE [--verify] [--json]` on the golden replay and on bad files. */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from './record.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node'))
  ? join(ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;
const run = (...args: string[]) =>
  spawnSync(NODE, ['--import', 'tsx', 'scripts/replay.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

it('summarises and verifies the golden replay; the last line is JSON', () => {
  const r = run('tests/fixtures/replays/golden-v1.lmr', '--verify', '--json');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Los Angeles 1995/);
  expect(r.stdout).toMatch(/verify {3}1\/1 keyframe hashes matched/);
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  expect(last).toMatchObject({ frames: 360, keyframes: 2, finished: true, verify: { ok: true, matched: 1 } });
}, 60_000);

it('a bad file prints one line and exits 2', () => {
  const dir = tempDir();
  const junk = join(dir, 'junk.lmr');
  writeFileSync(junk, 'LMREPLAY\xff\xff\xff\xff');
  for (const file of [junk, join(dir, 'missing.lmr'), 'package.json']) {
    const r = run(file, '--json');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }
}, 60_000);
