/**
 * Start-up checks of the folders a server needs, so that a wrong one stops
 * start-up with one line (server/main.ts: exit code 2) instead of failing
 * later: every match's recording, or every page. And the address the
 * start-up line tells to open.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type ServerConfig } from '../config.js';

/** Why `dir` cannot hold the replays (it is made if missing, then written to once), or undefined. */
export function replayDirProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return `REPLAY_DIR: cannot create or write ${JSON.stringify(dir)} (${err.code ?? err.message})`;
  }
}

/**
 * Why the client folder is wrong, or undefined. The default (dist/client)
 * may be missing: the server then serves a status page until the client is
 * built. Any other folder was given on purpose, and must be a folder.
 */
export function clientDirProblem(dir: string): string | undefined {
  if (dir === DEFAULT_CONFIG.clientDir) return undefined;
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return `CLIENT_DIR: ${JSON.stringify(dir)} is not a folder`;
  } catch {
    return `CLIENT_DIR: ${JSON.stringify(dir)} does not exist`;
  }
}

/** The first problem with the folders of `config`, as one line, or undefined. */
export function folderProblem(config: Pick<ServerConfig, 'replayDir' | 'clientDir'>): string | undefined {
  return clientDirProblem(config.clientDir) ?? replayDirProblem(config.replayDir);
}

/** A host as a URL writes it: an IPv6 address in brackets (`::1` → `[::1]`), anything else as it is. */
export const bracketed = (host: string): string =>
  host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

/** The host players open for a server bound to `host`: localhost for every interface, an IPv6 address in brackets. */
export const publicHostOf = (host: string): string =>
  bracketed(host === '0.0.0.0' || host === '::' || host === '[::]' ? 'localhost' : host);

/** The address to open for a server on `host`:`port`. */
export function openUrl(host: string, port: number): string {
  return `http://${publicHostOf(host)}:${port}/`;
}
