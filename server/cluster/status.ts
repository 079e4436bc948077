/**
 * What this process is doing as a member of a cluster, for readiness,
 * metrics and logs: alone or on Redis, whether Redis answers, whether the
 * process is draining (taking no new matches, handing its running ones
 * over). Written by server/cluster, read by the HTTP side.
 */

export type RedisLink = 'none' | 'up' | 'down';

export interface ClusterStatus {
  /** `none`: no REDIS_URL, the process runs alone. */
  redis: RedisLink;
  /** SIGTERM or `npm run drain` was received: no new matches; running ones are being handed over. */
  draining: boolean;
  /** This process's id in the cluster (Colyseus' processId), once the matchmaker is up. */
  processId: string;
}

export const clusterStatus: ClusterStatus = { redis: 'none', draining: false, processId: '' };

/** Ready for new players: not draining, and Redis (when used) answers. */
export function ready(): boolean {
  return !clusterStatus.draining && clusterStatus.redis !== 'down';
}
