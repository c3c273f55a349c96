import dgram from 'node:dgram';
import { once } from 'node:events';
import { ImpairedLink } from './ImpairedLink.ts';
import type { ImpairmentProfile } from './ImpairmentProfile.ts';

interface Flow {
  /** The relay's socket towards the target for this client (the target sees the relay as the client). */
  upstream: dgram.Socket;
  toTarget: ImpairedLink;
  toClient: ImpairedLink;
  lastSeen: number;
}

export interface UdpRelayOptions {
  /** Where clients send (e.g. the address the SFU announces). */
  listen: { host: string; port: number };
  /** Where the real server listens. */
  target: { host: string; port: number };
  profile: ImpairmentProfile;
  /** For tests: the loss draws. */
  random?: () => number;
}

/**
 * A UDP path with loss, delay and a rate cap, for WebRTC media: clients send to `listen`, each
 * client gets its own socket towards `target`, and both directions go through an ImpairedLink.
 */
export class UdpImpairmentRelay {
  private readonly socket = dgram.createSocket('udp4');
  private readonly flows = new Map<string, Flow>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;
  /** Datagrams relayed and dropped, both directions. */
  readonly counts = { relayed: 0, dropped: 0 };

  private constructor(private readonly options: UdpRelayOptions) {
    this.socket.on('message', (message, from) => this.fromClient(message, from));
    // Forget clients that went quiet, with their sockets.
    this.sweeper = setInterval(() => this.sweep(), 10_000);
    this.sweeper.unref();
  }

  static async start(options: UdpRelayOptions): Promise<UdpImpairmentRelay> {
    const relay = new UdpImpairmentRelay(options);
    relay.socket.bind(options.listen.port, options.listen.host);
    await once(relay.socket, 'listening');
    return relay;
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const timer of this.timers) clearTimeout(timer);
    for (const flow of this.flows.values()) flow.upstream.close();
    this.flows.clear();
    this.socket.close();
  }

  private fromClient(message: Buffer, from: dgram.RemoteInfo): void {
    const key = `${from.address}:${from.port}`;
    let flow = this.flows.get(key);
    if (!flow) {
      const upstream = dgram.createSocket('udp4');
      upstream.bind(0, this.options.listen.host);
      const created: Flow = {
        upstream,
        toTarget: new ImpairedLink({ profile: this.options.profile, random: this.options.random }),
        toClient: new ImpairedLink({ profile: this.options.profile, random: this.options.random }),
        lastSeen: Date.now(),
      };
      upstream.on('message', (reply) => this.deliver(created.toClient, reply, (bytes) => this.socket.send(bytes, from.port, from.address)));
      upstream.on('error', () => upstream.close());
      this.flows.set(key, created);
      flow = created;
    }
    flow.lastSeen = Date.now();
    const upstream = flow.upstream;
    this.deliver(flow.toTarget, message, (bytes) => upstream.send(bytes, this.options.target.port, this.options.target.host));
  }

  private deliver(link: ImpairedLink, message: Buffer, send: (bytes: Buffer) => void): void {
    const delay = link.datagram(message.length);
    if (delay === null) {
      this.counts.dropped++;
      return;
    }
    this.counts.relayed++;
    if (delay < 1) return send(message);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send(message);
    }, delay);
    this.timers.add(timer);
  }

  private sweep(): void {
    const quietSince = Date.now() - 30_000;
    for (const [key, flow] of this.flows) {
      if (flow.lastSeen >= quietSince) continue;
      flow.upstream.close();
      this.flows.delete(key);
    }
  }
}
