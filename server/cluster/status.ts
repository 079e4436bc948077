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
  /**
   * Whether the room `roomId` is listed on a process that has stopped
   * beating (a crash a survivor has yet to take over): the matchmaking gate
   * asks it of a seat ticket's join. Always false alone.
   */
  onDeadProcess(roomId: string): Promise<boolean>;
}

export const clusterStatus: ClusterStatus = {
  redis: 'none',
  draining: false,
  processId: '',
  onDeadProcess: async () => false,
};

/** Ready for new players: not draining, and Redis (when used) answers. */
export function ready(): boolean {
  return !clusterStatus.draining && clusterStatus.redis !== 'down';
}
