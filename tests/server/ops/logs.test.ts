/**
 * The process log as written: one JSON object per line with its fields, and
 * the limits of server/log.ts still holding on the real log (not only on a
 * BoundedLog of the test's own).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStatus } from '../../../server/cluster/status.js';
import {
  installConsoleGuard,
  logLine,
  MAX_JSON_LINE,
  MAX_LINE,
  PER_REASON,
  PER_WINDOW,
  roomRef,
  setLogOutput,
} from '../../../server/log.js';

const lines: string[] = [];
let restore: () => void;
beforeAll(() => {
  restore = setLogOutput((l) => lines.push(l));
});
afterAll(() => {
  restore();
  clusterStatus.processId = '';
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the process log', () => {
  it('writes one JSON object per line: level, time, pid, processId, reason, room, msg', () => {
    lines.length = 0;
    clusterStatus.processId = 'proc-A1';
    logLine('kick', 'the host kicked someone', { room: roomRef('ABC234', true) });
    logLine('room-fault:onJoin', 'onJoin failed: TypeError: x');
    logLine('replay-error', 'replay: cannot open a file', { level: 'warn' });
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.endsWith('\n')).toBe(true);
      expect(l.slice(0, -1)).not.toContain('\n');
    }
    const [kick, fault, replay] = parsed();
    expect(kick).toMatchObject({
      level: 'info',
      reason: 'kick',
      msg: 'the host kicked someone',
      pid: process.pid,
    });
    expect(kick.processId).toBe('proc-A1');
    expect(typeof kick.time).toBe('number');
    expect(Math.abs((kick.time as number) - Date.now())).toBeLessThan(5000);
    expect(kick.room).toMatch(/^p-[0-9a-f]{8}$/);
    expect(fault).toMatchObject({ level: 'error', reason: 'room-fault:onJoin' });
    expect(fault).not.toHaveProperty('room');
    expect(replay).toMatchObject({ level: 'warn' });
  });

  it('roomRef: a public room by its id, a private one by a stable tag that does not hold the code', () => {
    expect(roomRef('xYz12AbC9', false)).toBe('xYz12AbC9');
    const tag = roomRef('KQ7M2P', true);
    expect(tag).toMatch(/^p-[0-9a-f]{8}$/);
    expect(roomRef('KQ7M2P', true)).toBe(tag);
    expect(roomRef('KQ7M2Q', true)).not.toBe(tag);
    expect(tag.toUpperCase()).not.toContain('KQ7M2P');
  });

  it('console lines are JSON too, at their level, shallow and cut', () => {
    lines.length = 0;
    installConsoleGuard();
    console.error('a library error', { deep: { deeper: { deepest: 'payload' } } });
    console.warn(`a warning ${'w'.repeat(5000)}`);
    const [err, warn] = parsed();
    expect(err).toMatchObject({ level: 'error' });
    expect(err.msg).not.toContain('payload');
    expect(warn).toMatchObject({ level: 'warn' });
    expect((warn.msg as string).length).toBeLessThanOrEqual(MAX_LINE);
    for (const l of lines) expect(l.length).toBeLessThan(MAX_LINE + 300);
  });

  it('a JSON line has at most MAX_JSON_LINE characters, whatever its message, reason and room', () => {
    lines.length = 0;
    clusterStatus.processId = 'x'.repeat(40);
    logLine('\\"'.repeat(5000), '"\\'.repeat(5000), { room: '"'.repeat(5000) });
    logLine('r\u2028', `\u0000\n\u001b[31m${'é'.repeat(5000)}`);
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(MAX_JSON_LINE);
      expect(JSON.parse(l)).toHaveProperty('msg');
    }
    const msg: string = JSON.parse(lines[1]).msg;
    expect([...msg].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028')).toBe(false);
  });

  it('the limits hold on the real log: PER_REASON lines of one reason, PER_WINDOW in all, per window', () => {
    lines.length = 0;
    for (let i = 0; i < 1000; i++) logLine('flood', `line ${i}`);
    expect(lines).toHaveLength(PER_REASON);
    for (let i = 0; i < 10_000; i++) logLine(`reason ${i}`, 'x');
    // The earlier tests wrote a few of this window's lines already.
    expect(lines.length).toBeLessThanOrEqual(PER_WINDOW);
    expect(lines.length).toBeGreaterThan(PER_WINDOW - 10);
    for (const l of lines) JSON.parse(l);
  });
});
