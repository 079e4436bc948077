/**
 * npm run drain -- [--port P] [--host H] [--wait S]
 *
 * Drain one server process, as a deploy's SIGTERM does: it stops being
 * ready, takes no new match, hands its running matches to another process
 * of the cluster (or, alone, lets them finish up to DRAIN_SECONDS and then
 * calls them off), and exits. Asks `POST /admin/drain` on the process
 * (ADMIN_PASSWORD from the environment when the server has one; without
 * one, the server takes the request from this machine only), then waits
 * until the process is gone, at most `--wait` seconds (default 120).
 * `--port` defaults to PORT (checked as the server checks it), else 2567;
 * `--host` to 127.0.0.1.
 */
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../server/config.js';
import { bracketed } from '../server/ops/startup.js';
import { fail, flags, intFlag } from './cli.js';

const f = flags({ port: { type: 'string' }, host: { type: 'string' }, wait: { type: 'string' } });
/** The server's port from PORT (when --port is not given), by the server's own rule: PORT=abc is refused, not read as 2567. */
const envPort = (() => {
  if (f.port !== undefined) return DEFAULT_CONFIG.port;
  try {
    return parseConfig([], { PORT: process.env.PORT })?.port ?? DEFAULT_CONFIG.port;
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
})();
const port = intFlag('port', f.port, envPort, 1, 65535);
const host = f.host ?? '127.0.0.1';
const waitSeconds = intFlag('wait', f.wait, 120, 1, 3600);
const base = `http://${bracketed(host)}:${port}`;

async function main(): Promise<void> {
  const headers: Record<string, string> = {};
  if (process.env.ADMIN_PASSWORD) headers.authorization = `Bearer ${process.env.ADMIN_PASSWORD}`;
  let res: Response;
  try {
    res = await fetch(`${base}/admin/drain`, { method: 'POST', headers });
  } catch (e) {
    fail(`--port: no server answers at ${base} (${(e as Error).message})`);
  }
  if (res.status !== 202) {
    const body = await res.text().catch(() => '');
    process.stderr.write(
      `liquid-metal: the server refused the drain (${res.status}): ${body.slice(0, 200)}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`draining ${base}: its matches are handed over (or finish), then it exits…\n`);
  const t0 = Date.now();
  while (Date.now() - t0 < waitSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    const alive = await fetch(`${base}/health/live`).then(
      () => true,
      () => false,
    );
    if (!alive) {
      // The drain closes the port once nothing is left to join; the process exits right after.
      process.stdout.write(
        `drained: the process stopped answering after ${((Date.now() - t0) / 1000).toFixed(1)} s (nothing left to join; it exits)\n`,
      );
      return;
    }
  }
  process.stderr.write(`liquid-metal: the process still runs after ${waitSeconds} s\n`);
  process.exit(1);
}

void main();
