import { once } from 'node:events';
import net from 'node:net';
import { ImpairedLink } from './ImpairedLink.ts';
import type { ImpairmentProfile } from './ImpairmentProfile.ts';

export interface TcpRelayOptions {
  listen: { host: string; port: number };
  target: { host: string; port: number };
  profile: ImpairmentProfile;
  /** For tests: the loss draws. */
  random?: () => number;
}

/** Above this much queued behind the cap, the relay stops reading (TCP's own backpressure). */
const maxQueuedMs = 500;

/**
 * A TCP path with delay, loss (as retransmission stalls) and a rate cap, for the websocket and
 * MQTT pages and the signaling: bytes pass through unchanged (TLS included), only later.
 */
export class TcpImpairmentRelay {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly options: TcpRelayOptions) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(options: TcpRelayOptions): Promise<TcpImpairmentRelay> {
    const relay = new TcpImpairmentRelay(options);
    relay.server.listen(options.listen.port, options.listen.host);
    await once(relay.server, 'listening');
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.options.target.port, this.options.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** One direction: chunks wait in order (a timer per chunk could reorder equal deadlines). */
  private pipe(from: net.Socket, to: net.Socket): void {
    const link = new ImpairedLink({ profile: this.options.profile, random: this.options.random });
    const queue: { chunk: Buffer; at: number }[] = [];
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const drain = (): void => {
      if (timer) this.timers.delete(timer);
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && (queue[0]?.at ?? 0) <= now) {
        const next = queue.shift();
        if (next && !to.destroyed) to.write(next.chunk);
      }
      if (from.isPaused() && link.queuedMs() <= maxQueuedMs) from.resume();
      if (queue.length > 0) schedule();
      else if (ended) to.end();
    };
    const schedule = (): void => {
      if (timer || queue.length === 0) return;
      timer = setTimeout(drain, Math.max(0, (queue[0]?.at ?? 0) - performance.now()));
      this.timers.add(timer);
    };
    from.on('data', (chunk: Buffer) => {
      queue.push({ chunk, at: performance.now() + link.streamChunk(chunk.length) });
      if (link.queuedMs() > maxQueuedMs) from.pause();
      schedule();
    });
    // Half-close once the last delayed chunk has gone.
    from.on('end', () => {
      ended = true;
      if (queue.length === 0) to.end();
    });
  }
}
