import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { ByteLink, ByteLinkEvents } from './ByteLink.ts';

export interface TcpClientLinkOptions {
  host: string;
  port: number;
  /** Delays before each redial after the connection drops; the last one repeats. */
  backoffMs?: number[];
  /**
   * open() resolves at once and the first dial, too, is retried with the backoff: for a peer that
   * may start after us (a ground station), where a refusal is not a wrong address. Default false.
   */
  keepDialing?: boolean;
  /**
   * Writes are dropped while more than this many bytes wait to be sent, as a radio out of range
   * drops them, so a peer that stops reading cannot grow our memory. Default: no limit.
   */
  maxBufferedBytes?: number;
}

/**
 * "tcp:HOST:PORT" from the ground station: dials the vehicle (or a telemetry bridge) and redials
 * with backoff when the connection drops, since bridges restart and Wi-Fi links come and go.
 */
export class TcpClientLink extends EventEmitter<ByteLinkEvents> implements ByteLink {
  readonly description: string;
  private socket: net.Socket | undefined;
  private redialTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;
  /** Writes dropped because the peer was not reading (see maxBufferedBytes). */
  droppedWrites = 0;
  private readonly backoffMs: number[];

  constructor(private readonly options: TcpClientLinkOptions) {
    super();
    this.description = `tcp:${options.host}:${options.port}`;
    this.backoffMs = options.backoffMs ?? [250, 500, 1000, 2000, 5000];
  }

  get isConnected(): boolean {
    return this.socket !== undefined;
  }

  /** Bytes written and not yet handed to the kernel. */
  get bufferedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  /** The first dial must succeed: a refused connection at start-up is a wrong address, said at once. */
  async open(): Promise<void> {
    if (this.options.keepDialing) {
      this.dial().catch(() => this.scheduleRedial());
      return;
    }
    try {
      await this.dial();
    } catch (error) {
      this.closed = true;
      throw new Error(`${this.description}: cannot connect: ${(error as Error).message}`);
    }
  }

  write(bytes: Buffer): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.options.maxBufferedBytes !== undefined && socket.writableLength > this.options.maxBufferedBytes) {
      this.droppedWrites++;
      return;
    }
    socket.write(bytes);
  }

  async close(): Promise<void> {
    if (this.closed && !this.socket) return;
    this.closed = true;
    clearTimeout(this.redialTimer);
    const socket = this.socket;
    if (socket) {
      const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
      await gone;
    }
    this.emit('close');
  }

  private dial(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      socket.setNoDelay(true);
      const onConnectError = (error: Error): void => reject(error);
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        if (this.closed) {
          socket.destroy();
          return;
        }
        this.socket = socket;
        this.attempts = 0;
        socket.on('data', (bytes: Buffer) => this.emit('data', bytes));
        socket.on('error', (error) => this.emit('error', error));
        socket.on('close', () => {
          this.socket = undefined;
          if (this.closed) return;
          this.emit('error', new Error(`${this.description}: connection dropped`));
          this.scheduleRedial();
        });
        resolve();
      });
    });
  }

  private scheduleRedial(): void {
    if (this.closed || this.redialTimer) return;
    const delay = this.backoffMs[Math.min(this.attempts, this.backoffMs.length - 1)] ?? 1000;
    this.attempts++;
    this.redialTimer = setTimeout(() => {
      this.redialTimer = undefined;
      this.dial().catch(() => this.scheduleRedial());
    }, delay);
  }
}
