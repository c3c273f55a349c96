import { EventEmitter } from 'node:events';
import net from 'node:net';
import { TcpSocketLink } from './TcpSocketLink.ts';

export interface TcpLinkServerEvents {
  /** A ground station connected; each gets a link (and its own MAVLink parser) of its own. */
  link: [TcpSocketLink];
  error: [Error];
}

/** The vehicle side of "tcp:HOST:PORT", as SITL serves 5760: any number of ground stations at once. */
export class TcpLinkServer extends EventEmitter<TcpLinkServerEvents> {
  private readonly server = net.createServer();
  private readonly links = new Set<TcpSocketLink>();
  private closing = false;

  constructor(
    private readonly host: string,
    private readonly requestedPort: number,
  ) {
    super();
    this.server.on('connection', (socket) => {
      // A connection accepted as close() runs would keep the server open forever.
      if (this.closing) {
        socket.destroy();
        return;
      }
      const link = new TcpSocketLink(socket);
      this.links.add(link);
      link.on('close', () => this.links.delete(link));
      this.emit('link', link);
    });
    this.server.on('error', (error) => this.emit('error', error));
  }

  get description(): string {
    return `tcp:${this.host}:${this.port ?? this.requestedPort}`;
  }

  /** The port listened on (the free one picked for port 0), once listening. */
  get port(): number | undefined {
    const address = this.server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(new Error(`tcp:${this.host}:${this.requestedPort}: cannot listen: ${error.message}`));
      this.server.once('error', onError);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.links].map((link) => link.close()));
    await stopped;
  }
}
