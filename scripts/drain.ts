/**
 * npm run drain -- [--port P] [--host H]
 *
 * Drain one server process, as a deploy's SIGTERM does: it stops being
 * ready, takes no new match, hands its running matches to another process
 * of the cluster (or, alone, lets them finish up to DRAIN_SECONDS and then
 * calls them off), and exits. Asks `POST /admin/drain` on the process
 * (ADMIN_PASSWORD from the environment when the server has one; without
 * one, the server takes the request from this machine only), then waits
 * until the process is gone.
 */
import { fail, flags, intFlag } from './cli.js';

const f = flags({ port: { type: 'string' }, host: { type: 'string' }, wait: { type: 'string' } });
const port = intFlag('port', f.port, Number(process.env.PORT) || 2567, 1, 65535);
const host = f.host ?? '127.0.0.1';
const waitSeconds = intFlag('wait', f.wait, 120, 1, 3600);
const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

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
