import dgram from 'node:dgram';
import { decodeStun, encodeStun, isResponseTo, type StunMessage } from './stunMessage.ts';

/** One UDP socket talking STUN/TURN to one server: requests are retransmitted until answered (RFC 5389 7.2.1, simplified). */
export class StunUdpClient {
  private readonly socket: dgram.Socket;
  private readonly waiting = new Set<(message: StunMessage) => boolean>();

  private constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    // ICMP errors can surface here; an unanswered request times out anyway, so don't crash on them.
    this.socket.on('error', () => undefined);
    this.socket.on('message', (packet) => {
      const message = decodeStun(packet);
      if (!message) return;
      for (const accept of this.waiting) if (accept(message)) break;
    });
  }

  static async open(host: string, port: number): Promise<StunUdpClient> {
    const client = new StunUdpClient(host, port);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('error', reject);
      client.socket.bind(0, () => {
        client.socket.off('error', reject);
        resolve();
      });
    });
    return client;
  }

  /** Sends `request` (signed with `integrityKey` when given) and resolves with its response, or rejects after `timeoutMs`. */
  request(request: StunMessage, options: { integrityKey?: Buffer | undefined; timeoutMs?: number } = {}): Promise<StunMessage> {
    const packet = encodeStun(request, options.integrityKey);
    const timeoutMs = options.timeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const send = (): void => this.socket.send(packet, this.port, this.host);
      const retransmit = setInterval(send, 250);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no STUN answer from ${this.host}:${this.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const accept = (message: StunMessage): boolean => {
        if (!isResponseTo(message, request)) return false;
        done();
        resolve(message);
        return true;
      };
      const done = (): void => {
        clearInterval(retransmit);
        clearTimeout(timer);
        this.waiting.delete(accept);
      };
      this.waiting.add(accept);
      send();
    });
  }

  close(): void {
    this.socket.close();
  }
}
