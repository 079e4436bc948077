/**
 * `npm start`: parse the config, check the map, start the server and print
 * the address to open. A bad setting or map stops start-up with one line on
 * stderr and exit code 2.
 */
import { defineServer, type Presence } from '@colyseus/core';
import { RedisPresence } from '@colyseus/redis-presence';
import { MapError } from '../shared/map/loadMap.js';
import { appConfig } from './app.js';
import { reachRedis, selectProcess, startCluster } from './cluster/cluster.js';
import { drain } from './cluster/drain.js';
import { ClusterDriver } from './cluster/driver.js';
import { ConfigError, parseConfig, redactUrl, usage } from './config.js';
import { resolveMap } from './mapFiles.js';
import { setDrainHook } from './ops/routes.js';
import { folderProblem, openUrl } from './ops/startup.js';

function fail(message: string): never {
  process.stderr.write(`liquid-metal: ${message}\n`);
  process.exit(2);
}

/** How long after the first SIGTERM or SIGINT a repeat is the same request, not a second one. */
const SAME_SIGNAL_MS = 1000;

/**
 * Colyseus drains on the first SIGTERM or SIGINT and leaves a repeat to kill
 * the process. But under `npm start` one request often arrives twice: npm
 * passes on what it gets to the server, which a Ctrl-C (the terminal's whole
 * foreground group) or systemd (the whole unit) signals as well. A repeat
 * within {@link SAME_SIGNAL_MS} is ignored; a later one still stops the
 * process at once, as before.
 */
function keepFirstSignal(): void {
  let firstAt = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = (): void => {
      if (firstAt === 0) firstAt = Date.now();
      else if (Date.now() - firstAt >= SAME_SIGNAL_MS) {
        // A second request: the default action (the process dies by the signal).
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  if (config === null) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const folders = folderProblem(config);
  if (folders) fail(folders);
  try {
    resolveMap(config.map);
  } catch (e) {
    if (e instanceof MapError) fail(`MAP: ${e.message}`);
    throw e;
  }
  if (config.redisUrl) {
    const why = await reachRedis(config.redisUrl);
    if (why) fail(`REDIS_URL: cannot reach ${redactUrl(config.redisUrl)}: ${why}`);
  }
  const app = appConfig(config);
  // One process of a cluster: Colyseus' presence and matchmaking driver on Redis (docs/HOSTING.md).
  const cluster = config.redisUrl
    ? {
        presence: new RedisPresence(config.redisUrl) as Presence,
        driver: new ClusterDriver(config.redisUrl),
        publicAddress: config.publicAddress,
        selectProcessIdToCreateRoom: selectProcess,
      }
    : {};
  const server = defineServer({
    rooms: app.rooms,
    transport: app.initializeTransport?.({}),
    express: app.initializeExpress,
    greet: false,
    ...cluster,
  });
  // SIGTERM / SIGINT: drain first (hand matches over, or let them finish), then Colyseus closes the rest and exits.
  server.onBeforeShutdown(() => drain(config, server.transport?.server));
  keepFirstSignal();
  // `npm run drain` (POST /admin/drain) takes the same way out.
  setDrainHook(() => void server.gracefullyShutdown(true));
  const http = server.transport?.server;
  const cannotListen = (e: unknown): never => {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`PORT: ${config.port} is already in use`);
    if (err.code === 'EACCES') fail(`PORT: no permission to listen on ${config.port}`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
      fail(`HOST: cannot listen on ${config.host}`);
    fail(`cannot listen on ${config.host} port ${config.port}: ${err.code ?? err.message}`);
  };
  // Colyseus' listen() neither throws nor settles when the port cannot be bound: the HTTP server emits
  // 'error', which the transport only logs. Seen first here, it stops start-up with one line.
  http?.prependOnceListener('error', cannotListen);
  try {
    await server.listen(config.port, config.host);
  } catch (e) {
    cannotListen(e);
  }
  http?.off('error', cannotListen);
  if (config.redisUrl) {
    try {
      await startCluster(config);
    } catch (e) {
      fail(
        `REDIS_URL: cannot join the cluster: ${(e as Error).message.replace(config.redisUrl, redactUrl(config.redisUrl))}`,
      );
    }
  }
  process.stdout.write(`Liquid Metal server listening — open ${openUrl(config.host, config.port)} to play\n`);
}

void main();
