/** `npm run drain`'s own checks (the drain itself: tests/server/ops/admin.test.ts, tests/server/cluster/handover.test.ts). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const drain = (env: Record<string, string>, args: string[] = []) =>
  spawnSync('node_modules/.bin/node', ['--import', 'tsx', 'scripts/drain.ts', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('npm run drain', () => {
  it('a PORT that is not a port stops it with one line and exit code 2, as it stops the server', () => {
    const r = drain({ PORT: 'abc' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: environment variable PORT: must be a port number .*, got "abc"$/),
    ]);
  }, 30_000);

  it('--port wins over PORT, and is checked too', () => {
    const r = drain({ PORT: 'abc' }, ['--port', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --port must be an integer, got "x"');
  }, 30_000);
});
