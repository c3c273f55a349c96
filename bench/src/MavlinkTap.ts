import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface TappedMessage {
  /** performance.now() + timeOrigin when the datagram arrived, ms. */
  at: number;
  msgid: number;
  payload: Buffer;
}

/**
 * A UDP relay between the ground agent and the vehicle that timestamps what the ground agent
 * sends: loopback adds microseconds, so arrival here is when the bytes left the agent.
 */
export class MavlinkTap {
  private readonly socket = dgram.createSocket('udp4');
  private groundAddress: { port: number; address: string } | undefined;
  private readonly listeners = new Set<(message: TappedMessage) => void>();

  constructor(private readonly vehiclePort: number) {}

  async start(): Promise<number> {
    this.socket.on('message', (data, from) => {
      if (from.port === this.vehiclePort) {
        if (this.groundAddress) this.socket.send(data, this.groundAddress.port, this.groundAddress.address);
        return;
      }
      const at = performance.timeOrigin + performance.now();
      this.groundAddress = { port: from.port, address: from.address };
      this.socket.send(data, this.vehiclePort, '127.0.0.1');
      // One datagram may carry several MAVLink 2 frames (0xFD, len, ..., msgid at 7-9, payload at 10, 2-byte CRC).
      for (let i = 0; i + 12 <= data.length && data[i] === 0xfd; ) {
        const length = data[i + 1] ?? 0;
        const msgid = data.readUIntLE(i + 7, 3);
        const signed = ((data[i + 2] ?? 0) & 1) === 1;
        const payload = data.subarray(i + 10, i + 10 + length);
        for (const listener of this.listeners) listener({ at, msgid, payload });
        i += 12 + length + (signed ? 13 : 0);
      }
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return (this.socket.address() as AddressInfo).port;
  }

  /** Resolves with the arrival time of the first message from the ground agent that matches. */
  next(match: (message: TappedMessage) => boolean, timeoutMs = 5000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching MAVLink message within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message: TappedMessage): void => {
        if (!match(message)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(message.at);
      };
      this.listeners.add(listener);
    });
  }

  /** Every message from the ground agent from now on, until the returned function is called. */
  onMessage(listener: (message: TappedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }
}

/** MAVLink 2 drops trailing zero bytes of a payload; read floats as if they were there. */
export function floatAt(payload: Buffer, offset: number): number {
  return offset + 4 <= payload.length ? payload.readFloatLE(offset) : 0;
}
