import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * bench:load end to end at the smallest size: the game's server and the bare
 * room each in a child process, the CPU read from their /proc entries, and a
 * last line of JSON with the figures issue 11 asks for.
 */
describe('bench:load', () => {
  it('reports the servers’ CPU per match-second, the bare room’s per room-second and their ratio, last, as JSON', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/load.ts', '--matches', '1', '--seconds', '2', '--port', '2751', '--json'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const figures = JSON.parse(lines.at(-1)!);
    expect(figures).toMatchObject({ matches: 1, processes: 1, frameMoves: 2, disconnects: 0 });
    expect(figures.cpuMsPerMatchSecond).toBeGreaterThan(0);
    expect(figures.cpuMsPerRoomSecond).toBeGreaterThan(0);
    expect(figures.vsBareRoom).toBeCloseTo(figures.cpuMsPerMatchSecond / figures.cpuMsPerRoomSecond, 1);
    expect(figures.framesPerSecPerClient).toBeLessThan(figures.movesPerSecPerClient);
    expect(r.stdout).toContain('bare Colyseus room');
  }, 150_000);
});
