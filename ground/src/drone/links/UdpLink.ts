import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { ByteLink, ByteLinkEvents } from './ByteLink.ts';

/** Where a datagram came from, or goes to. */
export interface UdpPeer {
  address: string;
  port: number;
}

export interface UdpLinkOptions {
  /**
   * "udp": bind to host:port and reply to whoever sent last, the way SITL and QGroundControl
   * serve 14550. "udpout": send to host:port from a port of our own, where replies come back.
   */
  mode: 'udp' | 'udpout';
  host: string;
  port: number;
}

export class UdpLink extends EventEmitter<ByteLinkEvents> implements ByteLink {
  private readonly socket = dgram.createSocket('udp4');
  private peer: UdpPeer | undefined;
  private boundPort: number | undefined;
  private closed = false;

  constructor(private readonly options: UdpLinkOptions) {
    super();
    if (options.mode === 'udpout') this.peer = { address: options.host, port: options.port };
    this.socket.on('message', (bytes, from) => {
      if (this.options.mode === 'udp') this.peer = { address: from.address, port: from.port };
      this.emit('data', bytes);
    });
  }

  get description(): string {
    const { mode, host, port } = this.options;
    return mode === 'udp' ? `udp:${host}:${this.boundPort ?? port}` : `udpout:${host}:${port}`;
  }

  /** For "udp", the port actually bound (the one asked for, or the free one picked for port 0). */
  get localPort(): number | undefined {
    return this.boundPort;
  }

  async open(): Promise<void> {
    const { mode, host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(new Error(`${this.description}: cannot bind: ${error.message}`));
      this.socket.once('error', onError);
      const bound = (): void => {
        this.socket.off('error', onError);
        resolve();
      };
      if (mode === 'udp') this.socket.bind(port, host, bound);
      else this.socket.bind(0, bound);
    });
    this.boundPort = this.socket.address().port;
    // Only now: a bind failure is open()'s to report, not an 'error' nobody listens to yet.
    this.socket.on('error', (error) => this.emit('error', error));
  }

  write(bytes: Buffer): void {
    if (this.peer) this.sendTo(bytes, this.peer);
  }

  /** Each datagram with its sender, for a listener that serves several peers at once (see sendTo). */
  onDatagram(listener: (bytes: Buffer, from: UdpPeer) => void): void {
    this.socket.on('message', (bytes, from) => listener(bytes, { address: from.address, port: from.port }));
  }

  /** Sends to one peer of several (write() answers whoever sent last). */
  sendTo(bytes: Buffer, peer: UdpPeer): void {
    if (this.closed) return;
    this.socket.send(bytes, peer.port, peer.address, (error) => {
      if (error && !this.closed) this.emit('error', error);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // never bound
      }
    });
    this.emit('close');
  }
}
