import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  ClockOffset,
  describeIssues,
  fail,
  groundAgentRequests,
  ok,
  ProtocolError,
  type GroundAgentAnswer,
  type GroundAgentRequest,
  type GroundAgentRequestName,
  relayedCommandSchema,
  videoQualitySchema,
  type VideoQuality,
  type CommandOutcome,
  type NotificationName,
  type NotificationPayload,
  type RelayedCommand,
  request,
  sampleClock,
  validatedListener,
  type Logger,
  type RequestName,
  type RequestPayload,
  type Response,
  type ServerEvents,
  type Welcome,
} from '@dronecast/protocol';

export interface SfuLinkOptions {
  url: string;
  token: string;
  /** PEM of the CA that signed the SFU's certificate. */
  ca?: string;
  logger: Logger;
}

export interface SfuLinkEvents {
  /** Connected and authenticated (again): build media state from scratch. */
  ready: [Welcome];
  /** The link dropped or the server lost our media state: tear media state down. */
  lost: [reason: string];
}

/**
 * The ground agent's signaling connection to the SFU. socket.io reconnects by itself, so a
 * restarted SFU shows up as lost -> ready, and the publishers rebuild what they had.
 */
export class SfuLink extends EventEmitter<SfuLinkEvents> {
  readonly clock = new ClockOffset();
  private readonly socket: Socket<ServerEvents>;
  private clockTimer: NodeJS.Timeout | undefined;
  private fatal: string | undefined;
  private welcome: Welcome | undefined;

  constructor(private readonly options: SfuLinkOptions) {
    super();
    this.socket = io(options.url, {
      auth: { token: options.token },
      transports: ['websocket'],
      ca: options.ca,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
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

  /** Milliseconds on the SFU's clock: what every frame's capture time is expressed in. */
  serverNow(): number {
    return this.clock.serverNow(Date.now());
  }

  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Response<E>> {
    return request(this.socket, event, payload);
  }

  /**
   * Fire-and-forget messages. Dropped (not queued) while the link is down: stale telemetry is
   * worthless. Not socket.io's volatile, which also drops whenever the socket is mid-write.
   */
  notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
    if (!this.socket.connected) return;
    (this.socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
  }

  /** Applies video quality changes decided at the SFU; the handler's answer goes back as the acknowledgement. */
  onVideoApply(handler: (quality: VideoQuality) => Promise<{ ok: boolean; message: string }>): void {
    this.answer('video:apply', videoQualitySchema, handler, (message) => ({ ok: false, message }));
  }

  /** Runs drone commands relayed by the SFU; the handler's outcome goes back as the acknowledgement. */
  onCommand(handler: (command: RelayedCommand) => Promise<CommandOutcome>): void {
    this.answer('drone:command', relayedCommandSchema, handler, (message): CommandOutcome => ({ ok: false, reason: 'not-allowed', message }));
  }

  /**
   * Serves a request the SFU makes of us that is answered with an Ack (captures, the gallery): the
   * handler's result or its ProtocolError goes back; any other failure is logged and answered
   * INTERNAL without its details (no file paths leave the ground station).
   */
  serve<E extends GroundAgentRequestName>(event: E, handler: (request: GroundAgentRequest<E>) => Promise<GroundAgentAnswer<E>>): void {
    const schema = groundAgentRequests[event].request as unknown as z.ZodType<GroundAgentRequest<E>>;
    const refuse = (error: unknown) => {
      if (error instanceof ProtocolError) return fail(error.code, error.message);
      this.options.logger.error(`${event} failed: ${(error as Error).stack ?? String(error)}`);
      return fail('INTERNAL', `${event} failed on the ground station`);
    };
    this.answer(event, schema, (request) => handler(request).then(ok, refuse), (message) => fail('INVALID_PAYLOAD', message));
  }

  /**
   * Serves a request the SFU makes of us: validates it, runs the handler, and acknowledges with its
   * answer, or with `refusal(reason)` for a malformed request or a handler that threw.
   */
  private answer<T, R>(event: 'video:apply' | 'drone:command' | GroundAgentRequestName, schema: z.ZodType<T>, handler: (request: T) => Promise<R>, refusal: (message: string) => R): void {
    const raw = this.socket as unknown as { on(event: string, listener: (payload: unknown, ack?: (reply: unknown) => void) => void): void };
    raw.on(event, (payload, ack) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const reason = `malformed ${event} from the SFU: ${describeIssues(parsed.error)}`;
        this.options.logger.warn(reason);
        ack?.(refusal(reason));
        return;
      }
      void handler(parsed.data).then(
        (reply) => ack?.(reply),
        (error: Error) => ack?.(refusal(error.message)),
      );
    });
  }

  private wire(): void {
    const { logger } = this.options;
    this.socket.on('connect_error', (error) => {
      const refused = (error as Error & { data?: { code?: string } }).data?.code === 'UNAUTHENTICATED';
      if (refused && this.fatal !== error.message) {
        this.fatal = error.message;
        logger.error(`the SFU refused the ground token: ${error.message}`);
      } else if (!refused) logger.warn(`cannot reach the SFU at ${this.options.url}: ${error.message}; retrying`);
      // A refused token stays refused: socket.io stops retrying after a middleware error, so we retry slowly.
      if (refused) setTimeout(() => this.socket.connect(), 5000).unref();
    });
    const invalid = (message: string): void => logger.warn(`ignored a malformed message from the SFU: ${message}`);
    this.socket.on('session:welcome', validatedListener('session:welcome', (welcome) => {
      this.fatal = undefined;
      this.welcome = welcome;
      logger.info('connected to the SFU', { peerId: welcome.peerId, drone: welcome.droneId });
      void this.syncClock(5).then(() => {
        if (this.socket.connected) this.emit('ready', welcome);
      });
      clearInterval(this.clockTimer);
      this.clockTimer = setInterval(() => void this.syncClock(1), 10_000);
    }, invalid));
    this.socket.on('session:reconnect', validatedListener('session:reconnect', ({ reason }) => {
      logger.warn(`SFU asks us to rebuild media: ${reason}`);
      this.emit('lost', reason);
      if (this.welcome && this.socket.connected) this.emit('ready', this.welcome);
    }, invalid));
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
