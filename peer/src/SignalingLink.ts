import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import {
  ClockOffset,
  sampleClock,
  typedClientSocket,
  type Logger,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
  type Response,
  type ServerEventName,
  type ServerEventPayload,
  type ServerEvents,
  type TypedClientSocket,
  type Welcome,
  sfuReconnectBackoff,
} from '@dronecast/protocol';

export interface SignalingLinkOptions {
  url: string;
  token: string;
  /** PEM of the CA that signed the SFU's certificate. */
  ca?: string | undefined;
  logger: Logger;
  /** Who we are, for messages: "ground token", "processing token". */
  tokenName: string;
}

export interface SignalingLinkEvents {
  /** Connected and authenticated (again): build media state from scratch. */
  ready: [Welcome];
  /** The link dropped or the server lost our media state: tear media state down. */
  lost: [reason: string];
}

/**
 * A Node process's signaling connection to the SFU. socket.io reconnects by itself, so a
 * restarted SFU shows up as lost -> ready, and whatever publishes or consumes rebuilds.
 */
export class SignalingLink extends EventEmitter<SignalingLinkEvents> {
  readonly clock = new ClockOffset();
  /** socket.io's own side: connecting, reconnecting, its reserved events. */
  private readonly socket: Socket;
  /** The contract's side: requests, notifications and validated server events. */
  private readonly events: TypedClientSocket;
  private clockTimer: NodeJS.Timeout | undefined;
  private fatal: string | undefined;
  private welcomed: Welcome | undefined;

  constructor(protected readonly options: SignalingLinkOptions) {
    super();
    this.socket = io(options.url, {
      auth: { token: options.token },
      transports: ['websocket'],
      ca: options.ca,
      autoConnect: false,
      ...sfuReconnectBackoff,
    });
    this.events = typedClientSocket(this.socket);
    this.wire();
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    clearInterval(this.clockTimer);
    this.socket.disconnect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The current session's welcome, or undefined while not connected. */
  get welcome(): Welcome | undefined {
    return this.socket.connected ? this.welcomed : undefined;
  }

  /** Milliseconds on the SFU's clock: what every frame's capture time is expressed in. */
  serverNow(): number {
    return this.clock.serverNow(Date.now());
  }

  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Response<E>> {
    return this.events.request(event, payload);
  }

  /**
   * Fire-and-forget messages. Dropped (not queued) while the link is down: stale telemetry is
   * worthless. Not socket.io's volatile, which also drops whenever the socket is mid-write.
   */
  notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
    if (!this.socket.connected) return;
    this.events.emit(event, payload);
  }

  /** Listens to a server event; payloads that break the contract are logged and dropped. */
  onServerEvent<E extends ServerEventName>(event: E, listener: ServerEvents[E]): () => void {
    return this.events.on(event, listener, (message) => this.options.logger.warn(`ignored a malformed message from the SFU: ${message}`));
  }

  /**
   * Serves a request the SFU makes of us (a server event sent with an acknowledgement): runs the
   * handler on the validated request and acknowledges with its answer, or with `refusal(reason)`
   * for a malformed request or a handler that threw.
   */
  protected answer<E extends ServerEventName, R>(event: E, handler: (request: ServerEventPayload<E>) => Promise<R>, refusal: (message: string) => R): void {
    this.events.on(
      event,
      (request, ack) => {
        void handler(request).then(
          (reply) => ack?.(reply),
          (error: Error) => ack?.(refusal(error.message)),
        );
      },
      (message, ack) => {
        const reason = `malformed request from the SFU: ${message}`;
        this.options.logger.warn(reason);
        ack?.(refusal(reason));
      },
    );
  }

  private wire(): void {
    const { logger, tokenName } = this.options;
    this.socket.on('connect_error', (error) => {
      // The SFU's refusals carry a code; anything else is the network.
      const code = (error as Error & { data?: { code?: string } }).data?.code;
      if (code && this.fatal !== error.message) {
        this.fatal = error.message;
        logger.error(`the SFU refused the ${tokenName}: ${error.message}`);
      } else if (!code) logger.warn(`cannot reach the SFU at ${this.options.url}: ${error.message}; retrying`);
      // socket.io stops retrying after a refusal, so we retry: slowly for a bad token, which stays
      // bad; soon for a conflict (another agent on the drone), which ends when that one goes.
      if (code) setTimeout(() => this.socket.connect(), code === 'UNAUTHENTICATED' ? 5000 : 1000).unref();
    });
    this.onServerEvent('session:welcome', (welcome) => {
      this.fatal = undefined;
      this.welcomed = welcome;
      logger.info('connected to the SFU', { peerId: welcome.peerId, drone: welcome.droneId });
      void this.syncClock(5).then(() => {
        if (this.socket.connected) this.emit('ready', welcome);
      });
      clearInterval(this.clockTimer);
      this.clockTimer = setInterval(() => void this.syncClock(1), 10_000);
    });
    this.onServerEvent('session:reconnect', ({ reason }) => {
      logger.warn(`SFU asks us to rebuild media: ${reason}`);
      this.emit('lost', reason);
      if (this.welcomed && this.socket.connected) this.emit('ready', this.welcomed);
    });
    this.socket.on('disconnect', (reason) => {
      clearInterval(this.clockTimer);
      if (reason === 'io client disconnect') logger.debug('SFU link closed');
      else logger.warn(`SFU link lost (${reason}); reconnecting`);
      this.emit('lost', reason);
      // A server-side disconnect is not retried by socket.io on its own.
      if (reason === 'io server disconnect') this.socket.connect();
    });
  }

  private syncClock(count: number): Promise<void> {
    return sampleClock((clientTime) => this.request('clock:sync', { clientTime }), this.clock, count);
  }
}
