/** The replay settings: defaults, bounds, and a bad value refused with one line. */
import { expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../../server/config.js';

it('has defaults, reads flags and variables, and refuses values out of bounds', () => {
  expect(DEFAULT_CONFIG.replayKeep).toBe(200);
  expect(DEFAULT_CONFIG.replayMaxMb).toBe(2048);
  // Tests never record into the repository.
  expect(DEFAULT_CONFIG.replayDir).not.toBe('replays');
  expect(
    parseConfig(['--replay-dir', '/tmp/r', '--replay-keep', '0'], { REPLAY_MAX_MB: '10' }),
  ).toMatchObject({
    replayDir: '/tmp/r',
    replayKeep: 0,
    replayMaxMb: 10,
  });
  expect(() => parseConfig(['--replay-keep', '-1'], {})).toThrow(ConfigError);
  expect(() => parseConfig([], { REPLAY_MAX_MB: '0' })).toThrow(/REPLAY_MAX_MB: must be between 1/);
  expect(() => parseConfig(['--replay-dir', ' '], {})).toThrow(/must not be empty/);
});
