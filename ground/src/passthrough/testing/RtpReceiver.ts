import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { parseRtpPacket, type RtpPacket } from '../RtpPacket.ts';

const flushMarker = 0xff;

/**
 * A loopback UDP port that keeps the RTP it receives, for tests that send real RTP from ffmpeg or
 * the simulated camera. Its receive buffer is large, so a sender running faster than real time
 * loses nothing on loopback.
 */
export class RtpReceiver extends EventEmitter<{ packet: [RtpPacket]; flushed: [] }> {
  readonly packets: RtpPacket[] = [];

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {
    super();
    socket.on('message', (datagram) => {
      if (datagram.length === 1 && datagram[0] === flushMarker) return void this.emit('flushed');
      const packet = parseRtpPacket(datagram);
      if (!packet) return;
      this.packets.push(packet);
      this.emit('packet', packet);
    });
  }

  static async open(): Promise<RtpReceiver> {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 16 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new RtpReceiver(socket, socket.address().port);
  }

  /**
   * Resolves once every datagram sent before this call has been read: a marker sent to ourselves
   * comes out of the socket's queue after them (one queue, in order).
   */
  async flush(): Promise<void> {
    const flushed = new Promise<void>((resolve) => this.once('flushed', resolve));
    const sender = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => sender.send(Uint8Array.of(flushMarker), this.port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    sender.close();
    await flushed;
  }

  close(): void {
    this.socket.close();
  }
}
