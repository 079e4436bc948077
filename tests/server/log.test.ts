import { describe, expect, it } from 'vitest';
import {
  BoundedLog,
  clip,
  errorLine,
  formatArgs,
  MAX_LINE,
  PER_REASON,
  PER_WINDOW,
  WINDOW_MS,
} from '../../server/log.js';

function logWithClock() {
  const lines: string[] = [];
  let now = 0;
  const log = new BoundedLog(
    (l) => lines.push(l),
    () => now,
  );
  return { log, lines, advance: (ms: number) => (now += ms) };
}

describe('the server log cannot be used against the server', () => {
  it('a line is cut to MAX_LINE characters and control characters are made harmless', () => {
    const { log, lines } = logWithClock();
    log.write('r', `a\nb\u0000${'x'.repeat(10_000)}`);
    expect(lines[0].length).toBeLessThanOrEqual(MAX_LINE);
    expect(lines[0].includes('\n') || lines[0].includes('\u0000')).toBe(false);
    expect(lines[0]).toMatch(/\(10004 chars\)$/);
  });

  it('one reason writes at most PER_REASON lines a window, and the next window says how many it left out', () => {
    const { log, lines, advance } = logWithClock();
    for (let i = 0; i < 1000; i++) log.write('same', `line ${i}`);
    expect(lines).toHaveLength(PER_REASON);
    advance(WINDOW_MS);
    log.write('same', 'again');
    expect(lines[PER_REASON]).toMatch(/995 lines suppressed/);
    expect(lines.at(-1)).toBe('again');
  });

  it('all reasons together write at most PER_WINDOW lines a window', () => {
    const { log, lines } = logWithClock();
    for (let i = 0; i < 10_000; i++) log.write(`reason ${i}`, 'x');
    expect(lines).toHaveLength(PER_WINDOW);
  });

  it('objects and errors are shown shallowly: no payload dump', () => {
    const deep = { a: { b: { c: { d: 'secret' } } }, list: Array.from({ length: 1000 }, (_, i) => i) };
    const text = formatArgs(['decoded', deep]);
    expect(text).not.toContain('secret');
    expect(text.length).toBeLessThan(300);
    const e = new Error('x'.repeat(5000));
    expect(errorLine(e).length).toBeLessThan(400);
    expect(clip('short')).toBe('short');
  });

  it('the sink gets each line’s reason and fields; the count of lines left out is a warning of its own', () => {
    const got: [string, string, unknown][] = [];
    let now = 0;
    const log = new BoundedLog(
      (line, reason, fields) => got.push([line, reason, fields]),
      () => now,
    );
    log.write('kick', 'the host kicked someone', { room: 'p-0123abcd' });
    for (let i = 0; i < 10; i++) log.write('flood', 'x');
    now += WINDOW_MS;
    log.write('kick', 'again');
    expect(got[0]).toEqual(['the host kicked someone', 'kick', { room: 'p-0123abcd' }]);
    const summary = got.find(([, reason]) => reason === 'log-suppressed');
    expect(summary?.[0]).toMatch(/5 lines suppressed/);
    expect(summary?.[2]).toEqual({ level: 'warn' });
  });
});
