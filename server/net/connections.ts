/**
 * Live connections per address and in all, each counted until its socket
 * closes. The table only holds addresses with a live connection, so it is
 * bounded by the process-wide cap.
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
