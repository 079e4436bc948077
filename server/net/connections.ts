/**
 * Live connections per address and in all, each counted until its socket
 * closes. The table only holds addresses with a live connection, so it is
 * bounded by the process-wide cap. And the bytes the process wrote to its
 * clients, over every connection (for `/metrics`).
 */
import type { Duplex } from 'node:stream';

export type Full = 'address' | 'process';

export class Connections {
  private readonly live = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perAddress: number,
    private readonly max: number,
  ) {}

  /** Count `socket` under `key` until it closes — or say which limit is full (nothing counted). */
  admit(key: string, socket: Duplex): Full | null {
    if (this.total >= this.max) return 'process';
    const n = this.live.get(key) ?? 0;
    if (n >= this.perAddress) return 'address';
    this.live.set(key, n + 1);
    this.total++;
    socket.once('close', () => this.release(key));
    return null;
  }

  private release(key: string): void {
    this.total--;
    const n = (this.live.get(key) ?? 1) - 1;
    if (n > 0) this.live.set(key, n);
    else this.live.delete(key);
  }

  /** Live connections of `key`. */
  of(key: string): number {
    return this.live.get(key) ?? 0;
  }

  /** Live connections in all. */
  get count(): number {
    return this.total;
  }

  /** Addresses with a live connection. */
  get addresses(): number {
    return this.live.size;
  }
}

/** A socket that counts what it wrote (a `net.Socket`). */
type CountingSocket = Duplex & { bytesWritten?: number };

/**
 * Bytes written to clients: those of closed sockets, plus what the live ones
 * wrote so far (read when asked, so nothing is added per write). A total
 * that only grows. Only live sockets are held.
 */
export class SentBytes {
  private closed = 0;
  private readonly live = new Set<CountingSocket>();

  /** Count what `socket` writes, until it closes. */
  track(socket: CountingSocket): void {
    if (typeof socket.bytesWritten !== 'number' || socket.destroyed || this.live.has(socket)) return;
    this.live.add(socket);
    socket.once('close', () => {
      this.live.delete(socket);
      this.closed += socket.bytesWritten ?? 0;
    });
  }

  /** Bytes written in all so far. */
  get total(): number {
    let n = this.closed;
    for (const s of this.live) n += s.bytesWritten ?? 0;
    return n;
  }
}

/** The process's count of bytes sent (every guarded server's connections). */
export const sentBytes = new SentBytes();
