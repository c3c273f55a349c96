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

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super();
    this.server.on('connection', (socket) => {
      const link = new TcpSocketLink(socket);
      this.links.add(link);
      link.on('close', () => this.links.delete(link));
      this.emit('link', link);
    });
    this.server.on('error', (error) => this.emit('error', error));
  }

  get description(): string {
    const address = this.server.address();
    return `tcp:${this.host}:${address && typeof address === 'object' ? address.port : this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(new Error(`tcp:${this.host}:${this.port}: cannot listen: ${error.message}`));
      this.server.once('error', onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.links].map((link) => link.close()));
    await stopped;
  }
}
