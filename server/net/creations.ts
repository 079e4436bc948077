/**
 * Which matchmaking request created a room. `joinOrCreate` only creates a
 * room when none is open, so it is charged to the address's creation budget
 * only when it did: the request runs in an async context, and every room
 * handler's `create` event (emitted inside that request's call chain)
 * counts itself there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { matchMaker } from '@colyseus/core';

const origin = new AsyncLocalStorage<{ created: number }>();
const watched = new WeakSet<object>();

/** Listen to `create` on every room handler registered so far (once each). */
function watchHandlers(): void {
  for (const handler of Object.values(matchMaker.getAllHandlers())) {
    if (watched.has(handler)) continue;
    watched.add(handler);
    handler.on('create', () => {
      const request = origin.getStore();
      if (request) request.created++;
    });
  }
}

/** Run `fn` (which hands a request to Colyseus); returns how many rooms it has created so far. */
export function countingCreations(fn: () => void): () => number {
  watchHandlers();
  const request = { created: 0 };
  origin.run(request, fn);
  return () => request.created;
}
