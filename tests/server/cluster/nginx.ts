/**
 * Debian's nginx in front of game server processes, as a host runs it: the
 * site file docs/nginx/liquid-metal.conf itself (the one source), with its
 * example values replaced by loopback ports and a self-signed certificate
 * made with `openssl` in a temporary folder. nginx runs unprivileged, in the
 * foreground, with every path (pid, logs, temp files) in that folder.
 * Without nginx or openssl the suites say so loudly and skip.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../server/cluster/localRedis.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The site file a host installs, and the one the tests run. */
export const SITE_FILE = join(ROOT, 'docs', 'nginx', 'liquid-metal.conf');

/** A program on PATH or, for nginx (in /usr/sbin, often off a user's PATH), in the sbin folders. */
function findProgram(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status === 0 && path !== '') return path;
  for (const dir of ['/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const NGINX = findProgram('nginx');
const OPENSSL = findProgram('openssl');

/** Whether the nginx suites can run here; when not, one loud line says why. */
export const HAS_NGINX = NGINX !== null && OPENSSL !== null;
if (!HAS_NGINX) {
  const missing = [NGINX ? null : 'nginx', OPENSSL ? null : 'openssl'].filter(Boolean).join(' and ');
  process.stderr.write(
    `\n*** NGINX TESTS SKIPPED: ${missing} not installed (apt-get install -y nginx openssl; .ci/run installs them) ***\n\n`,
  );
}

/** The ports and certificate the site file is rendered with. */
export interface SiteValues {
  /** nginx's plain-HTTP port (the site's 80) and TLS port (its 443), on 127.0.0.1. */
  httpPort: number;
  httpsPort: number;
  /** The game server processes' ports, in the order of the site's /p1/, /p2/ (it has two). */
  procPorts: readonly number[];
  certFile: string;
  keyFile: string;
  /** The folder of Let's Encrypt's challenge files (the site's /var/www/letsencrypt). */
  acmeDir: string;
  /** The site's access log. */
  accessLog: string;
}

/** The example processes of the site file, in order: /p1/ and /p2/. */
const SITE_PROCS = ['127.0.0.1:2567', '127.0.0.1:2568'];

/**
 * The site file with its example values replaced. Every replaced value must
 * be found as often as expected, so an edit of the file that the tests no
 * longer follow fails here instead of testing something else.
 */
export function renderSite(text: string, v: SiteValues): string {
  if (v.procPorts.length !== SITE_PROCS.length)
    throw new Error(`the site file has ${SITE_PROCS.length} processes, not ${v.procPorts.length}`);
  let out = text;
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Rewrite every `name value;` directive line (comments stay): `times` of them must be there. */
  const swap = (name: string, value: string, to: string | null, times = 1): void => {
    const pattern = new RegExp(`^([ \\t]*)${name}[ \\t]+${quote(value)}(;| )(.*)\\n`, 'gm');
    const found = out.match(pattern)?.length ?? 0;
    if (found !== times)
      throw new Error(
        `${SITE_FILE}: expected ${times} × "${name} ${value}", found ${found} (tests/server/cluster/nginx.ts follows that file: update both)`,
      );
    out = out.replace(pattern, (_all, indent: string, end: string, rest: string) =>
      to === null ? '' : `${indent}${name} ${to}${end}${rest}\n`,
    );
  };
  swap('ssl_certificate', '/etc/letsencrypt/live/game.example.com/fullchain.pem', v.certFile);
  swap('ssl_certificate_key', '/etc/letsencrypt/live/game.example.com/privkey.pem', v.keyFile);
  swap('server_name', 'game.example.com', '127.0.0.1 localhost', 2);
  // Loopback only, and IPv4 only (a test machine may have no IPv6).
  swap('listen', '80', `127.0.0.1:${v.httpPort}`);
  swap('listen', '[::]:80', null);
  swap('listen', '443 ssl', `127.0.0.1:${v.httpsPort} ssl`);
  swap('listen', '[::]:443 ssl', null);
  // The redirect keeps the test's TLS port ($host carries none).
  swap('return', '301 https://$host$request_uri', `301 https://$host:${v.httpsPort}$request_uri`);
  swap('root', '/var/www/letsencrypt', v.acmeDir);
  swap('access_log', '/var/log/nginx/liquid-metal.access.log', v.accessLog, 2);
  SITE_PROCS.forEach((address, i) => {
    const to = `127.0.0.1:${v.procPorts[i]}`;
    swap('server', address, to);
    swap('proxy_pass', `http://${address}/`, `http://${to}/`);
  });
  return out;
}

/**
 * The main nginx.conf around the site: what Debian's /etc/nginx/nginx.conf
 * gives a site (an `http` block), with every file in `dir` so nginx runs
 * unprivileged (pid and error log come with -g, see startNginx).
 */
export function mainConfig(dir: string, siteFile: string): string {
  // Run as root (a CI container), nginx's workers would be `nobody`, unable to write the temp folder: keep root.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
events { worker_connections 512; }
http {
    access_log ${join(dir, 'other-access.log')};
    client_body_temp_path ${join(dir, 'tmp', 'body')};
    proxy_temp_path ${join(dir, 'tmp', 'proxy')};
    fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
    scgi_temp_path ${join(dir, 'tmp', 'scgi')};
    include ${siteFile};
}
`;
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid two days. */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const r = spawnSync(
    OPENSSL!,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl could not make a certificate: ${r.stderr}`);
  return { certFile, keyFile };
}

export interface Nginx {
  /** https://127.0.0.1:PORT — the address players open. */
  url: string;
  httpsPort: number;
  httpPort: number;
  dir: string;
  /** The rendered site file, as nginx runs it. */
  site: string;
  /** The site's access log so far (its format liquid_metal: the method, the path cut short, the status). */
  accessLog(): string;
  /** nginx's error log so far, and what it printed. */
  errorLog(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * nginx in front of the processes on `procPorts` (in the order /p1/, /p2/),
 * on two free loopback ports; resolves once it accepts connections. The site
 * is the site file rendered, or what `render` makes of the values (another
 * site: HOSTING.md's snippet), which must listen on `httpsPort`.
 */
export async function startNginx(
  procPorts: readonly number[],
  render: (v: SiteValues) => string = (v) => renderSite(readFileSync(SITE_FILE, 'utf8'), v),
): Promise<Nginx> {
  if (!NGINX || !OPENSSL) throw new Error('nginx or openssl is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'lm-nginx-'));
  mkdirSync(join(dir, 'tmp'));
  mkdirSync(join(dir, 'acme'));
  const { certFile, keyFile } = selfSignedCertificate(dir);
  const httpsPort = await freePort();
  let httpPort = await freePort();
  while (httpPort === httpsPort) httpPort = await freePort();
  const site = render({
    httpPort,
    httpsPort,
    procPorts,
    certFile,
    keyFile,
    acmeDir: join(dir, 'acme'),
    accessLog: join(dir, 'access.log'),
  });
  const siteFile = join(dir, 'liquid-metal.conf');
  writeFileSync(siteFile, site);
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, mainConfig(dir, siteFile));
  const errorFile = join(dir, 'error.log');
  const args = [
    '-c',
    confFile,
    '-p',
    dir,
    '-g',
    `daemon off; pid ${join(dir, 'nginx.pid')}; error_log ${errorFile} info;`,
  ];
  // `nginx -t` first: a bad configuration fails with nginx's own words.
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}\n${site}`);
  const child = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let printed = '';
  child.stdout?.on('data', (d) => (printed += d));
  child.stderr?.on('data', (d) => (printed += d));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const t0 = Date.now();
  while (!(await accepts(httpsPort))) {
    if (child.exitCode !== null || Date.now() - t0 > 10_000)
      throw new Error(`nginx did not start: ${printed}\n${read(errorFile)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `https://127.0.0.1:${httpsPort}`,
    httpsPort,
    httpPort,
    dir,
    site,
    accessLog: () => read(join(dir, 'access.log')),
    errorLog: () => `${printed}${read(errorFile)}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM: the master stops its workers, then itself.
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
