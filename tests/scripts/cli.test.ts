import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const node = process.execPath;
const run = (script: string, args: string[]) =>
  spawnSync(node, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run match', () => {
  it('the same seed prints the same JSON line, with winner, reason, gameSeconds and worldHash', () => {
    const a = run('match', ['--seed', '7', '--minutes', '2', '--json']);
    const b = run('match', ['--seed', '7', '--minutes', '2', '--json']);
    expect(a.status).toBe(0);
    const lineA = a.stdout.trim().split('\n').at(-1) as string;
    expect(lineA).toBe(b.stdout.trim().split('\n').at(-1));
    const json = JSON.parse(lineA);
    expect(['hunter', 'escort']).toContain(json.winner);
    expect(typeof json.reason).toBe('string');
    expect(json.gameSeconds).toBeGreaterThan(0);
    expect(json.gameSeconds).toBeLessThanOrEqual(2 * 60 + 1);
    expect(json.worldHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(json.stats)).toEqual(['t1000', 'john', 'sarah', 't800', 'dyson']);
  });

  it('a different seed plays a different match', () => {
    const a = run('match', ['--seed', '7', '--minutes', '1', '--json']);
    const b = run('match', ['--seed', '8', '--minutes', '1', '--json']);
    expect(JSON.parse(a.stdout.trim().split('\n').at(-1) as string).worldHash).not.toBe(
      JSON.parse(b.stdout.trim().split('\n').at(-1) as string).worldHash,
    );
  });

  const refusals: [string, string[], RegExp][] = [
    ['a bad seed', ['--seed', 'abc'], /--seed must be an integer/],
    ['a missing seed', [], /--seed N is required/],
    ['an unknown flag', ['--seed', '1', '--fast'], /Unknown option '--fast'/],
    [
      'an unknown map',
      ['--seed', '1', '--map', 'atlantis'],
      /unknown map "atlantis"; available maps: la-1995/,
    ],
  ];
  for (const [what, args, message] of refusals) {
    it(`${what} stops with one line and exit code 2`, () => {
      const r = run('match', args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }

  it('a map that does not validate stops with one line naming the file and exit code 2', () => {
    const file = join(tmpdir(), `lm-bad-${process.pid}.tmj`);
    writeFileSync(
      file,
      JSON.stringify({
        orientation: 'orthogonal',
        width: 2,
        height: 2,
        tilewidth: 32,
        tileheight: 32,
        layers: [],
      }),
    );
    const r = run('match', ['--seed', '1', '--map', file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
  });
});

describe('npm run balance', () => {
  it('plays N matches and prints a JSON line with matches, hunterWinRate and medianMinutes', () => {
    const r = run('balance', ['--matches', '2', '--minutes', '1', '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
    expect(json.matches).toBe(2);
    expect(json.hunterWinRate).toBeGreaterThanOrEqual(0);
    expect(json.hunterWinRate).toBeLessThanOrEqual(1);
    expect(json.medianMinutes).toBeGreaterThan(0);
    expect(json.medianMinutes).toBeLessThanOrEqual(1.02);
  });

  it('a bad match count stops with exit code 2', () => {
    const r = run('balance', ['--matches', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--matches must be between 1 and/);
  });

  it('plays at the difficulty and hunter level asked for, and says so in the JSON line', () => {
    const r = run('balance', [
      '--matches',
      '1',
      '--minutes',
      '1',
      '--difficulty',
      'easy',
      '--hunter',
      'newcomer',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
    expect(json).toMatchObject({ difficulty: 'easy', hunter: 'newcomer', matches: 1 });
    expect(json.shotsPerMinute).toBeGreaterThanOrEqual(0);
  });

  for (const [flag, value] of [
    ['--difficulty', 'impossible'],
    ['--hunter', 'expert'],
  ]) {
    it(`a bad ${flag} stops with one line and exit code 2`, () => {
      const r = run('balance', ['--matches', '1', flag, value]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`${flag} must be one of`));
    });
  }
});
