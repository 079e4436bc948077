import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig, usage } from '../../server/config.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env);
const error = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parse(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('server config', () => {
  it('defaults to port 2567 on all interfaces with bots on', () => {
    expect(parse([])).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.port).toBe(2567);
    expect(DEFAULT_CONFIG.bots).toBe(true);
  });

  it('reads the environment, and a flag wins over its variable', () => {
    const c = parse(['--port', '3001'], {
      PORT: '3000',
      HOST: '127.0.0.1',
      MATCH_SECONDS: '120',
      BOTS: 'off',
    });
    expect(c).toMatchObject({ port: 3001, host: '127.0.0.1', matchSeconds: 120, bots: false });
  });

  it('accepts --flag=value, --flag value, a bare boolean flag and --no-flag', () => {
    expect(parse(['--map=la-1995', '--seed', '42', '--dev-options', '--no-bots'])).toMatchObject({
      map: 'la-1995',
      seed: 42,
      devOptions: true,
      bots: false,
    });
  });

  it('returns null for --help, and the usage names every variable', () => {
    expect(parse(['--help'])).toBeNull();
    for (const v of ['PORT', 'HOST', 'MAP', 'MATCH_SECONDS', 'BOTS', 'SERVER_PASSWORD'])
      expect(usage()).toContain(v);
  });

  it('a port that is not a number names the variable', () => {
    expect(error([], { PORT: 'abc' })).toBe(
      'environment variable PORT: must be a port number 0-65535, got "abc"',
    );
  });

  it('a port out of range names the flag', () => {
    expect(error(['--port', '70000'])).toMatch(/^flag --port: must be a port number/);
  });

  it('a match length out of range is refused', () => {
    expect(error([], { MATCH_SECONDS: '5' })).toMatch(/MATCH_SECONDS: must be between 10 and 3600/);
    expect(error(['--match-seconds', 'soon'])).toMatch(/--match-seconds: must be a number of seconds/);
  });

  it('a boolean that is not one is refused', () => {
    expect(error([], { BOTS: 'maybe' })).toMatch(/BOTS: must be true or false/);
  });

  it('an unknown flag, a stray argument and a missing value are refused', () => {
    expect(error(['--colour', 'red'])).toBe('unknown flag --colour (see --help)');
    expect(error(['2567'])).toMatch(/unexpected argument "2567"/);
    expect(error(['--port'])).toBe('flag --port: missing value');
  });

  it('an empty string setting given as a flag is refused', () => {
    expect(error(['--host='])).toMatch(/--host: must not be empty/);
  });

  it('a non-integer seed is refused', () => {
    expect(error([], { SEED: '1.5' })).toMatch(/SEED: must be a whole number/);
  });
});
