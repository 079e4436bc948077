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
  /** Counts stops: an attempt begun before the last stop reports nothing. */
  private generation = 0;

  constructor(
    private readonly client: Client,
    private readonly onChange: (rooms: readonly ListedRoom[], status: ListingStatus) => void,
    /** The server's password as the player gave it (read at each attempt): the listing asks for it like a match. */
    private readonly password: () => string | null = () => null,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (!this.active || this.room) return;
    const generation = this.generation;
    this.onChange(this.rooms, 'connecting');
    const password = this.password();
    try {
      const room = await this.client.joinOrCreate(ROOM.lobby, password ? { password } : {});
      if (!this.active || generation !== this.generation) {
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
        if (this.room !== room) return;
        this.room = null;
        if (this.active) this.retry();
      });
      this.onChange(this.rooms, 'live');
    } catch (e) {
      if (generation !== this.generation) return;
      // A wrong or missing password is not retried: each try would count as a failed attempt.
      // The list is not shown then (the server refuses it): the home screen asks for the password.
      if ((e as { code?: unknown })?.code === JoinError.badPassword) {
        this.rooms = [];
        this.onChange(this.rooms, password ? 'wrong-password' : 'password');
        return;
      }
      this.onChange(this.rooms, 'offline');
      this.retry();
    }
  }

  private retry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, RETRY_MS);
  }

  /** Starts over (a password was typed): the list is asked for again at once. */
  restart(): void {
    this.stop();
    this.rooms = [];
    this.start();
  }

  stop(): void {
    this.active = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const room = this.room;
    this.room = null;
    if (room) void room.leave(true).catch(() => {});
  }
}
