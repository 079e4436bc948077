import type { Client, Room } from '@colyseus/sdk';
import {
  type ChatLine,
  ClientMessage,
  CloseCodes,
  ROOM,
  ServerMessage,
  type WatchInfo,
} from '../../../shared/protocol.js';
import { type Classified, classifyClose } from './failures.js';

export interface WatchEvents {
  /** What is watched (again after a rematch: a new recording begins, its header first). */
  watching(info: WatchInfo): void;
  /** Recording bytes: framed records, no magic (docs/REPLAY.md), in order. */
  records(bytes: Uint8Array): void;
  chat(line: ChatLine): void;
  /** The watch room is gone: `failure` null when that was expected (the match was over). */
  closed(failure: Classified | null): void;
  /** The match moved to another process of the server: watch it there (join the watch room again). */
  moved(): void;
}

/**
 * Watching a match: the watch room of a match (by room id or private code),
 * which sends the match's recording no earlier than its spectator delay
 * allows. Nothing else comes from it: no state, nothing live. Chat goes to
 * the other watchers.
 */
export class WatchFeed {
  private done = false;

  private constructor(
    readonly room: Room,
    on: WatchEvents,
  ) {
    const gate =
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        if (!this.done) fn(...a);
      };
    room.onMessage(ServerMessage.watching, gate(on.watching));
    room.onMessage(
      ServerMessage.records,
      gate((b: Uint8Array) => on.records(b)),
    );
    room.onMessage(ServerMessage.chat, gate(on.chat));
    room.onMessage(ServerMessage.rejected, () => {});
    room.onLeave(
      gate((code: number, reason?: string) => {
        this.done = true;
        if (code === CloseCodes.moved) return on.moved();
        on.closed(classifyClose(code, reason));
      }),
    );
  }

  static async join(
    client: Client,
    match: string,
    who: { name: string; password: string | null },
    on: WatchEvents,
  ): Promise<WatchFeed> {
    const options: Record<string, unknown> = { match, name: who.name };
    if (who.password) options.password = who.password;
    return new WatchFeed(await client.joinOrCreate(ROOM.watch, options), on);
  }

  chat(text: string): void {
    if (!this.done) this.room.send(ClientMessage.chat, { text, team: false });
  }

  async leave(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.room.connection?.isOpen === false) return;
    try {
      await this.room.leave(true);
    } catch {
      // Already gone.
    }
  }
}
