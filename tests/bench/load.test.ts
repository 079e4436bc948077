import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * bench:load end to end at the smallest size: the game's server and the bare
 * room each in a child process, the CPU read from their /proc entries, and a
 * last line of JSON with the figures issue 11 asks for.
 */
/** bench:load with these flags, as a child (its exit code, output and last line). */
const runLoad = (args: string[], timeout = 120_000) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/load.ts', ...args], { encoding: 'utf8', timeout });

describe('bench:load', () => {
  it('reports the servers’ CPU per match-second, the bare room’s per room-second and their ratio, last, as JSON', () => {
    const r = runLoad(['--matches', '1', '--seconds', '2', '--port', '2751', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const figures = JSON.parse(lines.at(-1)!);
    expect(figures).toMatchObject({ matches: 1, processes: 1, frameMoves: 2, disconnects: 0 });
    expect(figures.cpuMsPerMatchSecond).toBeGreaterThan(0);
    expect(figures.cpuMsPerRoomSecond).toBeGreaterThan(0);
    expect(figures.vsBareRoom).toBeCloseTo(figures.cpuMsPerMatchSecond / figures.cpuMsPerRoomSecond, 1);
    expect(figures.framesPerSecPerClient).toBeLessThan(figures.movesPerSecPerClient);
    expect(r.stdout).toContain('bare Colyseus room');
    // The servers' own split by thread: the JS thread's and the recording worker's (it re-simulates the match) both ran.
    expect(figures.mainMsPerMatchSecond).toBeGreaterThan(0);
    expect(figures.recorderMsPerMatchSecond).toBeGreaterThan(0);
    expect(figures.mainMsPerMatchSecond + figures.recorderMsPerMatchSecond).toBeLessThan(
      figures.cpuMsPerMatchSecond * 1.5 + 10,
    );
    expect(r.stdout).toMatch(/of which the JS thread [\d.]+ ms, the recording worker [\d.]+ ms/);
    // How often each server's JS thread slept and was woken (its voluntary context switches): a live loop wakes.
    expect(figures.wakesPerSecPerProcess).toBeGreaterThan(0);
    expect(figures.bareWakesPerSec).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/the JS thread slept and woke \d+ times a second \(the bare room's \d+\)/);
  }, 150_000);

  it('--bare-wire bytes runs the bare room on packed snapshots, one per kind of eyes, and its clients receive them at the patch rate', () => {
    const r = runLoad([
      '--matches',
      '1',
      '--seconds',
      '2',
      '--bare-wire',
      'bytes',
      '--port',
      '2755',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const figures = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(figures).toMatchObject({ bareWire: 'bytes', disconnects: 0 });
    expect(figures.cpuMsPerRoomSecond).toBeGreaterThan(0);
    // 20 patches a second; a starved machine sends fewer, but never none.
    expect(figures.bareSnapshotsPerSecPerClient).toBeGreaterThan(10);
    expect(figures.bareSnapshotsPerSecPerClient).toBeLessThanOrEqual(21);
    expect(r.stdout).toContain('one packed snapshot per kind of eyes');
  }, 150_000);

  it('--processes 2 --no-redis is the control bench:cluster compares with: two processes that know nothing of each other, each playing its own matches', () => {
    const r = runLoad([
      '--matches',
      '2',
      '--seconds',
      '2',
      '--processes',
      '2',
      '--no-redis',
      '--no-bare',
      '--port',
      '2753',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const figures = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(figures).toMatchObject({ matches: 2, processes: 2, redis: false, disconnects: 0 });
    expect(figures.redisCpuMsPerMatchSecond).toBeNull();
    // Match i is made through process i mod 2 and, with no Redis to place it elsewhere, is played there.
    expect(figures.matchesPerProcess).toHaveLength(2);
    for (const m of figures.matchesPerProcess) expect(m).toBeGreaterThan(0.5);
    expect(r.stdout).toContain('without Redis');
  }, 150_000);

  it('refuses --no-redis without two processes or more (one line, exit 2)', () => {
    const r = runLoad(['--no-redis'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toContain('--no-redis needs --processes 2');
  }, 70_000);

  it('refuses a --bare-wire other than schema or bytes (one line, exit 2)', () => {
    const r = runLoad(['--bare-wire', 'json'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --bare-wire must be schema or bytes, not json');
  }, 70_000);
});
