import type { Client, Room } from '@colyseus/sdk';
import { JoinError, ROOM } from '../../../shared/protocol.js';
import { applyListing, type ListedRoom } from '../net/roomList.js';
import type { ListingStatus } from '../ui/homeScreen.js';

/** Seconds between attempts to reach the listing while the server is away. */
const RETRY_MS = 3000;

/**
 * The live list of public matches: a LobbyRoom subscription while the home
 * screen is up, retried while the server cannot be reached.
 */
export class Listing {
  private room: Room | null = null;
  private rooms: ListedRoom[] = [];
  private active = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: Client,
    private readonly onChange: (rooms: readonly ListedRoom[], status: ListingStatus) => void,
    /** The server's password, when the page was given one: the listing asks for it like a match. */
    private readonly password: string | null = null,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (!this.active || this.room) return;
    this.onChange(this.rooms, 'connecting');
    try {
      const room = await this.client.joinOrCreate(
        ROOM.lobby,
        this.password ? { password: this.password } : {},
      );
      if (!this.active) {
        void room.leave(true);
        return;
      }
      this.room = room;
      for (const type of ['rooms', '+', '-']) {
        room.onMessage(type, (payload: unknown) => {
          this.rooms = applyListing(this.rooms, type, payload);
          this.onChange(this.rooms, 'live');
        });
      }
      room.onLeave(() => {
        this.room = null;
        if (this.active) this.retry();
      });
      this.onChange(this.rooms, 'live');
    } catch (e) {
      this.onChange(this.rooms, 'offline');
      // A wrong or missing password is not retried: each try would count as a failed attempt.
      if ((e as { code?: unknown })?.code !== JoinError.badPassword) this.retry();
    }
  }

  private retry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, RETRY_MS);
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const room = this.room;
    this.room = null;
    if (room) void room.leave(true).catch(() => {});
  }
}
