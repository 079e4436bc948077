/**
 * `npm start`: parse the config, check the map, start the server and print
 * the address to open. A bad setting or map stops start-up with one line on
 * stderr and exit code 2.
 */
import { defineServer } from '@colyseus/core';
import { MapError } from '../shared/map/loadMap.js';
import { appConfig } from './app.js';
import { ConfigError, parseConfig, usage } from './config.js';
import { resolveMap } from './mapFiles.js';

function fail(message: string): never {
  process.stderr.write(`liquid-metal: ${message}\n`);
  process.exit(2);
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
  try {
    resolveMap(config.map);
  } catch (e) {
    if (e instanceof MapError) fail(`MAP: ${e.message}`);
    throw e;
  }
  const app = appConfig(config);
  const server = defineServer({
    rooms: app.rooms,
    transport: app.initializeTransport?.({}),
    express: app.initializeExpress,
    greet: false,
  });
  try {
    await server.listen(config.port, config.host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`PORT: ${config.port} is already in use`);
    if (err.code === 'EACCES') fail(`PORT: no permission to listen on ${config.port}`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
      fail(`HOST: cannot listen on ${config.host}`);
    throw e;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  process.stdout.write(`Liquid Metal server listening — open http://${shown}:${config.port}/ to play\n`);
}

void main();
