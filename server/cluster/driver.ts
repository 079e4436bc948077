/**
 * Colyseus' Redis matchmaking driver, with the one method its 0.18.3
 * release lacks: `insert`, a listing written only if no room holds its id
 * yet (HSETNX). With it, Colyseus' room creation keeps one room per id when
 * a creation asked of a slow process timed out and the asking process made
 * the room itself — the slow one's late copy is dropped (colyseus#978;
 * tests/server/cluster/colyseusIssues.test.ts). Without it the driver's
 * `persist` overwrote the listing and both rooms ran.
 */
import type { IRoomCache } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';

const ROOMCACHES_KEY = 'roomcaches';

export class ClusterDriver extends RedisDriver {
  /** Record a new room's listing unless its id is taken: true when it was written. */
  async insert(room: IRoomCache): Promise<boolean> {
    if (!room.roomId) return false;
    const client = (
      this as unknown as { _client: { hsetnx(k: string, f: string, v: string): Promise<number> } }
    )._client;
    return (await client.hsetnx(ROOMCACHES_KEY, room.roomId, JSON.stringify(room))) === 1;
  }
}
