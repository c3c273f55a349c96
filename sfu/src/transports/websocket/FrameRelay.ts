import type { Namespace, Server, Socket } from 'socket.io';
import {
  decodeJpegFrame,
  describeIssues,
  fail,
  frameRelayEvents,
  framesNamespace,
  frameSubscriptionRequest,
  mayConsume,
  mayProduce,
  maxJpegFrameMessageBytes,
  ok,
  type Ack,
  type AvailableTransports,
  type FrameDemand,
  type FrameSubscription,
  type Logger,
} from '@dronecast/protocol';
import { RateLimiter } from '@dronecast/runtime';
import type { TokenIssuer } from '../../auth/TokenIssuer.ts';
import type { TransportSwitchboard } from '../TransportSwitchboard.ts';
import { holderRoom } from '../../signaling/droneRooms.ts';
import { authenticateFrameSocket, type FrameSocketData } from './authenticateFrameSocket.ts';
import { FrameSubscriber, type FrameSubscriberStats } from './FrameSubscriber.ts';

export interface FrameRelayOptions {
  tokens: TokenIssuer;
  logger: Logger;
  /** Frame messages above this are refused; default maxJpegFrameMessageBytes. */
  maxFrameBytes?: number;
  /** Whether the console switched websocket video off per drone; absent: always on. */
  switches?: TransportSwitchboard;
}

export interface FrameRelayStats {
  /** Frames accepted from ground agents. */
  received: number;
  /** Messages dropped as forbidden, malformed or too large. */
  refused: number;
  subscribers: FrameSubscriberStats[];
}

type Reply = (reply: Ack<FrameSubscription>) => void;
const groundRoom = (droneId: string): string => `ground:${droneId}`;

/**
 * The websocket fallback for drone video: the `/frames` namespace, beside signaling on the same
 * socket.io server. Ground agents publish JPEG frame messages; each is forwarded, as is, to the
 * phones of that drone that subscribed, skipping any phone still busy with earlier frames.
 */
export class FrameRelay {
  private readonly namespace: Namespace;
  /** droneId -> socket id -> subscriber */
  private readonly subscribers = new Map<string, Map<string, FrameSubscriber>>();
  private readonly maxFrameBytes: number;
  private received = 0;
  private readonly stopWatchingSwitches: (() => void) | undefined;
  private refused = 0;

  /** `io` is the signaling server's socket.io Server (any event typing). */
  constructor(io: { of(name: string): unknown }, private readonly options: FrameRelayOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? maxJpegFrameMessageBytes;
    // The signaling server's event typings do not apply here; this namespace has its own.
    this.namespace = (io as Server).of(framesNamespace);
    this.namespace.use(authenticateFrameSocket(options.tokens, options.logger));
    this.namespace.on('connection', (socket) => this.onConnection(socket));
    this.stopWatchingSwitches = options.switches?.onSwitched(this.onSwitched);
  }

  /** Subscriber counts and drops, for one drone or all. */
  stats(droneId?: string): FrameRelayStats {
    const drones = droneId === undefined ? [...this.subscribers.values()] : [this.subscribers.get(droneId) ?? new Map()];
    const subscribers = drones.flatMap((bySocket) => [...bySocket.values()].map((s) => s.stats));
    return { received: this.received, refused: this.refused, subscribers };
  }

  subscriberCount(droneId: string): number {
    return this.subscribers.get(droneId)?.size ?? 0;
  }

  /** A person's link was revoked: its frame sockets go. */
  dropHolder(subject: string): void {
    this.namespace.in(holderRoom(subject)).disconnectSockets(true);
  }

  /** Disconnects every frames socket; the socket.io server itself belongs to signaling. */
  close(): void {
    this.stopWatchingSwitches?.();
    this.namespace.disconnectSockets(true);
    this.namespace.removeAllListeners('connection');
    this.subscribers.clear();
  }

  private onConnection(socket: Socket): void {
    const { claims } = socket.data as FrameSocketData;
    const droneId = claims.drone;
    const log = this.options.logger.child(`${claims.role}:${socket.id.slice(0, 8)}`);
    log.info('connected', { drone: droneId });
    void socket.join(holderRoom(claims.sub));
    if (mayProduce(claims.role, 'drone-camera')) {
      void socket.join(groundRoom(droneId));
      socket.emit(frameRelayEvents.demand, { subscribers: this.subscriberCount(droneId) } satisfies FrameDemand);
    }
    // Frames come at up to 30/s; phones send a request now and then.
    const limiter = new RateLimiter(60, 120);
    const refuse = throttledWarning(log, () => this.refused++);

    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as Reply) : undefined;
      if (!limiter.take()) {
        refuse('client is flooding the frames namespace; dropping its messages');
        return ack?.(fail('RATE_LIMITED', 'too many messages; slow down'));
      }
      if (event === frameRelayEvents.frame) {
        if (!mayProduce(claims.role, 'drone-camera')) {
          refuse(`a ${claims.role} may not publish frames`);
          return ack?.(fail('FORBIDDEN', `a ${claims.role} may not publish frames`));
        }
        return this.onFrame(droneId, args, refuse);
      }
      if (event === frameRelayEvents.subscribe || event === frameRelayEvents.unsubscribe) {
        if (!ack) return refuse(`${event} without acknowledgement dropped`);
        return ack(this.onSubscription(socket, event === frameRelayEvents.subscribe, args, log));
      }
      refuse(`unknown event "${String(event).slice(0, 64)}" dropped`);
      ack?.(fail('UNKNOWN_EVENT', `unknown event "${String(event).slice(0, 64)}"`));
    });

    socket.on('disconnect', (reason) => {
      log.info('disconnected', { reason });
      this.removeSubscriber(droneId, socket.id);
    });
  }

  private onFrame(droneId: string, args: unknown[], refuse: (message: string) => void): void {
    const [message] = args;
    if (args.length !== 1 || !(message instanceof Uint8Array)) return refuse('frame dropped: not one binary message');
    if (message.length > this.maxFrameBytes) return refuse(`frame dropped: ${message.length} bytes, the limit is ${this.maxFrameBytes}`);
    try {
      decodeJpegFrame(message);
    } catch (error) {
      return refuse(`frame dropped: ${(error as Error).message}`);
    }
    this.received++;
    for (const subscriber of this.subscribers.get(droneId)?.values() ?? []) subscriber.offer(message);
  }

  private onSubscription(socket: Socket, subscribe: boolean, args: unknown[], log: Logger): Ack<FrameSubscription> {
    const { claims } = socket.data as FrameSocketData;
    if (!mayConsume(claims.role, 'drone-camera')) return fail('FORBIDDEN', `a ${claims.role} may not watch the drone's frames`);
    const parsed = frameSubscriptionRequest.safeParse(args.length === 1 ? args[0] : undefined);
    if (!parsed.success) return fail('INVALID_PAYLOAD', `frames: ${describeIssues(parsed.error)}`);
    const websocket = this.options.switches?.current(claims.drone).websocket;
    if (subscribe && websocket?.available === false) return fail('UNAVAILABLE', websocket.reason);
    if (subscribe) this.addSubscriber(claims.drone, socket);
    else this.removeSubscriber(claims.drone, socket.id);
    log.info(subscribe ? 'subscribed to frames' : 'unsubscribed from frames');
    return ok({ subscribed: subscribe });
  }

  private addSubscriber(droneId: string, socket: Socket): void {
    let bySocket = this.subscribers.get(droneId);
    if (!bySocket) this.subscribers.set(droneId, (bySocket = new Map()));
    if (bySocket.has(socket.id)) return;
    bySocket.set(socket.id, new FrameSubscriber(socket));
    this.announceDemand(droneId);
  }

  private removeSubscriber(droneId: string, socketId: string): void {
    const bySocket = this.subscribers.get(droneId);
    if (!bySocket?.delete(socketId)) return;
    if (bySocket.size === 0) this.subscribers.delete(droneId);
    this.announceDemand(droneId);
  }

  /**
   * The console switched websocket video off: every phone watching this drone is told why and
   * unsubscribed (its socket stays, to subscribe again once it is back on), so the demand falls to
   * zero and the ground agent stops encoding. Its own publishing socket stays connected.
   */
  private readonly onSwitched = (droneId: string, transports: AvailableTransports): void => {
    const websocket = transports.websocket;
    const bySocket = this.subscribers.get(droneId);
    if (websocket.available || !bySocket) return;
    for (const subscriber of bySocket.values()) subscriber.stop(websocket.reason);
    this.options.logger.info(`websocket video switched off: ${bySocket.size} subscriber(s) dropped`, { drone: droneId });
    this.subscribers.delete(droneId);
    this.announceDemand(droneId);
  };

  /** The ground agent encodes JPEG only while somebody watches. */
  private announceDemand(droneId: string): void {
    this.namespace.to(groundRoom(droneId)).emit(frameRelayEvents.demand, { subscribers: this.subscriberCount(droneId) } satisfies FrameDemand);
  }
}

/** Counts every refusal but logs at most one line per 5 s per socket: a broken publisher sends 30 a second. */
function throttledWarning(log: Logger, count: () => void): (message: string) => void {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (message) => {
    count();
    const now = performance.now();
    if (now - lastAt < 5000) return void suppressed++;
    log.warn(suppressed ? `${message} (and ${suppressed} more refused)` : message);
    lastAt = now;
    suppressed = 0;
  };
}
