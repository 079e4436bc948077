import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
      'environment variable PORT: must be a port number 1-65535, got "abc"',
    );
  });

  it('a port out of range names the flag; 0 (a port the system picks) is out of range', () => {
    expect(error(['--port', '70000'])).toMatch(/^flag --port: must be a port number 1-65535/);
    expect(error(['--port', '0'])).toBe('flag --port: must be a port number 1-65535, got "0"');
    expect(parse(['--port', '1'])?.port).toBe(1);
    expect(parse(['--port', '65535'])?.port).toBe(65535);
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

  it('a value flag followed by another flag is missing its value: the next flag is not taken as it', () => {
    expect(error(['--admin-password', '--no-bots'])).toBe('flag --admin-password: missing value');
    expect(error(['--password', '--port', '3719'])).toBe('flag --password: missing value');
    expect(error(['--port', '--host', '127.0.0.1'])).toBe('flag --port: missing value');
    // A value that starts with -- is given with =.
    expect(parse(['--admin-password=--no-bots'])).toMatchObject({ adminPassword: '--no-bots', bots: true });
  });

  it('an empty environment variable is refused, never read as unset (an open server by mistake)', () => {
    const vars = usage()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/ +/)[1]);
    expect(vars).toContain('SERVER_PASSWORD');
    expect(vars).toContain('ADMIN_PASSWORD');
    for (const v of vars) {
      expect(error([], { [v]: '' })).toBe(`environment variable ${v}: must not be empty, got ""`);
      expect(error([], { [v]: '  ' })).toBe(`environment variable ${v}: must not be empty, got "  "`);
    }
  });

  it('an empty string setting given as a flag is refused', () => {
    expect(error(['--host='])).toMatch(/--host: must not be empty/);
  });

  it('a malformed REDIS_URL is named without its password', () => {
    const cases: [string, string][] = [
      ['redis://:s3cretRedisPw@', '"redis://***@"'],
      ['redis://user:s3cretRedisPw@', '"redis://***@"'],
      ['http://:s3cretRedisPw@10.0.0.5:6379', '"http://:***@10.0.0.5:6379/"'],
      ['s3cretRedisPw@10.0.0.5', '"***@10.0.0.5"'],
    ];
    for (const [url, shown] of cases) {
      const env = { REDIS_URL: url };
      const message = error([], env);
      expect(message).toBe(
        `environment variable REDIS_URL: must be a redis:// or rediss:// URL, got ${shown}`,
      );
      expect(error(['--redis', url], env)).not.toContain('s3cretRedisPw');
    }
  });

  it('a non-integer seed is refused', () => {
    expect(error([], { SEED: '1.5' })).toMatch(/SEED: must be a whole number/);
  });
});

describe('network limits in the config', () => {
  const NETWORK_VARIABLES = [
    'TRUST_PROXY',
    'ADMIN_PASSWORD',
    'MAX_ROOMS',
    'MAX_CLIENTS',
    'CONNECTIONS_PER_ADDRESS',
    'UPGRADES_PER_SECOND',
    'MATCHMAKE_BURST',
    'MATCHMAKE_PER_SECOND',
    'CREATE_BURST',
    'CREATE_INTERVAL_SECONDS',
    'FREE_FAILURES',
    'LOCKOUT_MAX_SECONDS',
    'MAX_BODY_BYTES',
  ];

  it('default to a public server behind no proxy, with finite limits', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      trustProxy: false,
      adminPassword: undefined,
      maxRooms: 200,
      maxClients: 2000,
      connectionsPerAddress: 20,
      upgradesPerSecond: 5,
      matchmakeBurst: 30,
      matchmakePerSecond: 3,
      createBurst: 3,
      createIntervalSeconds: 10,
      freeFailures: 5,
      lockoutMaxSeconds: 900,
      maxBodyBytes: 4096,
    });
  });

  it('every setting is read from its variable and its flag, and listed in --help', () => {
    const env = {
      TRUST_PROXY: 'yes',
      ADMIN_PASSWORD: 's3cret',
      MAX_ROOMS: '50',
      MAX_CLIENTS: '500',
      CONNECTIONS_PER_ADDRESS: '8',
      UPGRADES_PER_SECOND: '0.5',
      MATCHMAKE_BURST: '20',
      MATCHMAKE_PER_SECOND: '2.5',
      CREATE_BURST: '1',
      CREATE_INTERVAL_SECONDS: '30',
      FREE_FAILURES: '0',
      LOCKOUT_MAX_SECONDS: '3600',
      MAX_BODY_BYTES: '8192',
    };
    expect(parse([], env)).toMatchObject({
      trustProxy: true,
      adminPassword: 's3cret',
      maxRooms: 50,
      maxClients: 500,
      connectionsPerAddress: 8,
      upgradesPerSecond: 0.5,
      matchmakeBurst: 20,
      matchmakePerSecond: 2.5,
      createBurst: 1,
      createIntervalSeconds: 30,
      freeFailures: 0,
      lockoutMaxSeconds: 3600,
      maxBodyBytes: 8192,
    });
    expect(
      parse(['--trust-proxy', '--max-rooms=7', '--max-clients', '9', '--admin-password', 'x'], {
        TRUST_PROXY: 'off',
      }),
    ).toMatchObject({ trustProxy: true, maxRooms: 7, maxClients: 9, adminPassword: 'x' });
    expect(parse(['--no-trust-proxy'], { TRUST_PROXY: '1' })).toMatchObject({ trustProxy: false });
    for (const v of NETWORK_VARIABLES) expect(usage()).toContain(v);
  });

  it('the cluster settings: a Redis URL, a public address, the drain limit', () => {
    expect(parse(['--redis', 'rediss://r:6380', '--public-address', '127.0.0.1:2568'], {})).toMatchObject({
      redisUrl: 'rediss://r:6380',
      publicAddress: '127.0.0.1:2568',
    });
    expect(
      parse([], {
        REDIS_URL: 'redis://10.0.0.5:6379/0',
        PUBLIC_ADDRESS: 'game.example.com:443/p1',
        DRAIN_SECONDS: '45',
      }),
    ).toMatchObject({
      redisUrl: 'redis://10.0.0.5:6379/0',
      publicAddress: 'game.example.com:443/p1',
      drainSeconds: 45,
    });
    expect(parse([], {})).toMatchObject({ redisUrl: undefined, publicAddress: undefined, drainSeconds: 30 });
    expect(error([], { REDIS_URL: 'http://x:1' })).toBe(
      'environment variable REDIS_URL: must be a redis:// or rediss:// URL, got "http://x:1"',
    );
    expect(error(['--public-address', 'ws://a:1'])).toMatch(/^flag --public-address: must be host:port/);
    expect(error([], { PUBLIC_ADDRESS: 'host:99999' })).toMatch(/PUBLIC_ADDRESS: must be host:port/);
    // Without Redis it would be ignored: refused, not silently dropped.
    expect(error([], { PUBLIC_ADDRESS: 'game.example.com:443' })).toBe(
      'PUBLIC_ADDRESS: only with REDIS_URL (a process of a cluster; alone, clients reach it where they found it)',
    );
    expect(error(['--public-address', 'game.example.com:443'])).toMatch(
      /^PUBLIC_ADDRESS: only with REDIS_URL/,
    );
    expect(error([], { REDIS_URL: 'redis://127.0.0.1:6379' })).toMatch(
      /^PUBLIC_ADDRESS: must be set with REDIS_URL/,
    );
    expect(error([], { DRAIN_SECONDS: '0' })).toMatch(/DRAIN_SECONDS: must be between 1 and 3600/);
  });

  it('a bad value names the variable or flag', () => {
    expect(error([], { MAX_ROOMS: '0' })).toBe(
      'environment variable MAX_ROOMS: must be between 1 and 100000, got "0"',
    );
    expect(error([], { MAX_CLIENTS: 'lots' })).toMatch(
      /^environment variable MAX_CLIENTS: must be a whole number/,
    );
    expect(error(['--connections-per-address', '-1'])).toMatch(
      /^flag --connections-per-address: must be between/,
    );
    expect(error([], { UPGRADES_PER_SECOND: 'fast' })).toMatch(
      /UPGRADES_PER_SECOND: must be a number per second/,
    );
    expect(error([], { MATCHMAKE_PER_SECOND: '0' })).toMatch(
      /MATCHMAKE_PER_SECOND: must be between 0.01 and/,
    );
    expect(error([], { MATCHMAKE_BURST: '1.5' })).toMatch(/MATCHMAKE_BURST: must be a whole number/);
    expect(error([], { CREATE_BURST: '0' })).toMatch(/CREATE_BURST: must be between 1 and/);
    expect(error([], { CREATE_INTERVAL_SECONDS: '0' })).toMatch(/CREATE_INTERVAL_SECONDS: must be between/);
    expect(error([], { FREE_FAILURES: 'none' })).toMatch(/FREE_FAILURES: must be a whole number/);
    expect(error([], { LOCKOUT_MAX_SECONDS: '1' })).toMatch(
      /LOCKOUT_MAX_SECONDS: must be between 2 and 86400/,
    );
    expect(error([], { MAX_BODY_BYTES: '100000000' })).toMatch(
      /MAX_BODY_BYTES: must be between 256 and 65536/,
    );
    expect(error([], { TRUST_PROXY: 'sometimes' })).toMatch(/TRUST_PROXY: must be true or false/);
    expect(error(['--admin-password='])).toMatch(/--admin-password: must not be empty/);
  });
});

describe('--help', () => {
  /** Each setting's line of `--help`: its flag and what it prints in the last parentheses. */
  const helpLines = () =>
    usage()
      .split('\n')
      .slice(1)
      .map((line) => {
        const m = /^ {2}--(\S+) +\S+ +.*\(([^()]*)\)$/.exec(line);
        if (!m) throw new Error(`a --help line without its default: ${line}`);
        return { line, flag: m[1], last: m[2] };
      });

  it('prints for every setting the default DEFAULT_CONFIG has: the flag given that value changes nothing', () => {
    const lines = helpLines();
    expect(lines.length).toBeGreaterThan(30);
    let unset = 0;
    for (const { line, flag, last } of lines) {
      const m = /(?:^|; )default (.+)$/.exec(last);
      if (!m) {
        // What leaving it unset means: only for the settings without a default value.
        expect(last, line).toMatch(/(?:^|; )unset: ./);
        unset++;
        continue;
      }
      expect(parse([`--${flag}`, m[1]]), line).toEqual(DEFAULT_CONFIG);
    }
    expect(unset).toBe(Object.values(DEFAULT_CONFIG).filter((v) => v === undefined).length);
  });

  it('prints the range a numeric setting is checked against: its ends are accepted, past them refused', () => {
    for (const { line, flag, last } of helpLines()) {
      const m = /^(-?[\d.]+)–(-?[\d.]+);/.exec(last);
      if (!m) continue;
      parse([`--${flag}`, m[1]]);
      parse([`--${flag}`, m[2]]);
      expect(error([`--${flag}`, String(Number(m[2]) + 1)]), line).toMatch(/must be (between|a port number)/);
    }
  });

  it('names what the admin password guards', () => {
    const line = usage()
      .split('\n')
      .find((l) => l.includes('ADMIN_PASSWORD'));
    for (const route of ['/stats/reset', '/metrics', '/colyseus', '/admin/drain'])
      expect(line).toContain(route);
  });
});

describe("docs/HOSTING.md's settings table", () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'HOSTING.md'), 'utf8');
  /** Its rows: flag, variable, default, what (backticks dropped). */
  const rows = doc
    .split('\n')
    .filter((l) => /^\| `--/.test(l))
    .map((l) => l.split('|').map((c) => c.trim().replace(/`/g, '')))
    .map((c) => ({ flag: c[1].split(' ')[0].slice(2), variable: c[2], default: c[3], what: c[4] }));

  it('has every setting, with the default and the range the code has (as --help prints them)', () => {
    const help = usage().split('\n').slice(1);
    expect(rows.length).toBe(help.length);
    for (const line of help) {
      const [, flag, variable, last] = /^ {2}--(\S+) +(\S+) +.*\(([^()]*)\)$/.exec(line) ?? [];
      const row = rows.find((r) => r.flag === flag);
      expect(row, flag).toBeDefined();
      expect(row?.variable).toBe(variable);
      const range = /^(.+?)–(.+?);/.exec(last);
      if (range) expect(`${row?.default} ${row?.what}`, flag).toContain(`${range[1]}–${range[2]}`);
      const shown = /default (\S+)$/.exec(last)?.[1];
      // Numbers and switches; the folders' defaults differ under NODE_ENV=test.
      if (shown && /^([\d.]+|on|off)$/.test(shown)) expect(row?.default, flag).toBe(shown);
    }
  });
});
