/**
 * Draining a process: SIGTERM (Kubernetes, systemd, Agones send it first and
 * wait a grace period before SIGKILL) or `npm run drain`. The process stops
 * being ready (no new player is sent here), takes no new match, and hands
 * every running match to another process of the cluster. What nobody can
 * take (no other process, or alone without Redis) plays on up to
 * DRAIN_SECONDS, then is called off — no winner, results sent, the replay
 * finalised — and the players are told why. Then Colyseus closes what is
 * left and the process exits 0.
 */
import type { Server } from 'node:http';
import type { ServerConfig } from '../config.js';
import { logLine } from '../log.js';
import { stopListening } from '../net/server.js';
import { matchRooms } from '../rooms/MatchRoom.js';
import { clustered, handOverAll, stopCluster } from './cluster.js';
import { clusterStatus } from './status.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the end of a drain waits for the requests in flight (a rejoin asking another process for its seat). */
const IN_FLIGHT_MS = 5000;

/**
 * Drain this process (once); resolves when it may exit. `http`, the server's
 * listening socket, is closed at the end, once nothing is left here to join,
 * and the requests in flight are answered before the process leaves the
 * cluster and exits: Colyseus, shutting down after this, would answer
 * matchmaking 503 until the process exits, and cut what it had not answered.
 * Refused instead, a new connection is one a proxy passes to another process
 * at once (nginx retries a refused connection, never a POST that was sent);
 * idle keep-alive connections are closed, and busy ones after their answer.
 */
export async function drain(config: ServerConfig, http?: Server): Promise<void> {
  if (clusterStatus.draining) return;
  clusterStatus.draining = true;
  const t0 = performance.now();
  const before = matchRooms.size;
  logLine('drain', `drain: taking no new matches; ${before} match room(s) here`);
  const moved = clustered() ? await handOverAll() : 0;
  const deadline = performance.now() + config.drainSeconds * 1000;
  const playing = () => [...matchRooms].filter((r) => r.playing);
  if (playing().length > 0)
    logLine(
      'drain',
      `drain: ${playing().length} match(es) nobody could take play on for up to ${config.drainSeconds} s`,
    );
  while (playing().length > 0 && performance.now() < deadline) await sleep(200);
  const calledOff = playing();
  for (const room of calledOff) room.callOff();
  // The end reaches the players with the next patch (50 ms) before Colyseus closes the rooms.
  if (calledOff.length > 0) await sleep(500);
  // Still one of the cluster while the requests in flight are answered (a rejoin asks another process for its seat).
  if (http) await stopListening(http, IN_FLIGHT_MS);
  await stopCluster();
  logLine(
    'drain',
    `drain: done in ${Math.round(performance.now() - t0)} ms: ${moved} match room(s) handed over, ${calledOff.length} called off`,
  );
}
