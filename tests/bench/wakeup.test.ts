import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * bench:wakeup end to end at its smallest: what a wake costs a thread on
 * this machine, and the same simulation step back to back against just
 * after a sleep, with one line of JSON last.
 */
const runWakeup = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/wakeup.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('bench:wakeup', () => {
  it('reports the CPU of a wake after each sleep, and the step warm and cold, last, as JSON', () => {
    const r = runWakeup(['--wakes', '12', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const figures = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(figures.wakeCpuUs)).toEqual(['1ms', '3ms', '10ms', '33ms']);
    for (const us of Object.values(figures.wakeCpuUs)) expect(us).toBeGreaterThan(0);
    expect(figures.stepWarmUs).toBeGreaterThan(0);
    expect(figures.stepAfterSleepUs).toBeGreaterThan(0);
    expect(figures.coldFactor).toBeCloseTo(figures.stepAfterSleepUs / figures.stepWarmUs, 1);
    // A step a wake costs the thread at least the step itself.
    expect(figures.stepCpuAfterSleepUs).toBeGreaterThan(figures.stepWarmUs * 0.5);
    expect(figures.wakes).toBe(12);
    expect(r.stdout).toMatch(/an empty timer: [\d.]+ µs after 1 ms/);
    expect(r.stdout).toMatch(/back to back \(the reference\)/);
  }, 90_000);

  it('a bad --wakes stops with one line and exit 2', () => {
    const r = runWakeup(['--wakes', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['error: --wakes must be an integer, got "many"']);
  });
});
