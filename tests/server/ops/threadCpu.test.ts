/**
 * The split of the CPU by thread needs `process.threadCpuUsage` (Node 22.19+).
 * On a Node without it (a host running Node 20) the server still starts and
 * `/stats` reads 0 for the split, rather than the process failing at start-up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../../server/metrics.js';

const saved = process.threadCpuUsage;
afterEach(() => {
  process.threadCpuUsage = saved;
});

describe('the CPU split by thread', () => {
  it('reads 0 instead of failing where Node has no per-thread CPU time', () => {
    (process as { threadCpuUsage?: unknown }).threadCpuUsage = undefined;
    const m = new Metrics();
    m.recordStep(1);
    const s = m.snapshot();
    expect(s.mainMsPerMatchSecond).toBe(0);
    expect(s.cpuMsPerMatchSecond).toBeGreaterThanOrEqual(0);
  });

  it('counts the JS thread where Node has it', () => {
    const m = new Metrics();
    const until = performance.now() + 30;
    while (performance.now() < until) {
      // Busy: CPU time on this thread.
    }
    m.recordStep(1);
    expect(m.snapshot().mainMsPerMatchSecond).toBeGreaterThan(0);
  });
});
