import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type { ByteLink, ByteLinkEvents } from './ByteLink.ts';

/** One accepted TCP connection, as the simulator's TCP server hands them out. */
export class TcpSocketLink extends EventEmitter<ByteLinkEvents> implements ByteLink {
  readonly description: string;
  private closed = false;

  constructor(private readonly socket: net.Socket) {
    super();
    this.description = `tcp:${socket.remoteAddress}:${socket.remotePort}`;
    // Control messages are small; Nagle would hold them back by tens of milliseconds.
    socket.setNoDelay(true);
    socket.on('data', (bytes: Buffer) => this.emit('data', bytes));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A ground station hanging up mid-write is its way of leaving, not a fault; 'close' follows.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') this.emit('error', error);
    });
    socket.on('close', () => {
      this.closed = true;
      this.emit('close');
    });
  }

  async open(): Promise<void> {}

  write(bytes: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const gone = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.destroy();
    await gone;
  }
}
