import { io, type Socket } from 'socket.io-client';
import { frameRelayEvents, framesNamespace, framesStoppedSchema, type Ack, type FrameSubscription } from '@dronecast/protocol';
import type { FrameFeed, FrameFeedHandlers } from './FrameFeedTypes.ts';

const subscribeTimeoutMs = 5_000;

/**
 * The drone's JPEG frames over the SFU's socket.io `/frames` namespace. Its own connection, not
 * the signaling one: a frame in flight must never hold up a flight command behind it.
 */
export class WebsocketFrameFeed implements FrameFeed {
  readonly #socket: Socket;
  readonly #handlers: FrameFeedHandlers;

  constructor(origin: string, token: string, handlers: FrameFeedHandlers) {
    this.#handlers = handlers;
    handlers.onStatus({ state: 'connecting', message: 'Connecting to the frame relay…' });
    this.#socket = io(`${origin}${framesNamespace}`, { auth: { token }, forceNew: true });
    this.#socket.on('connect', () => void this.#subscribe());
    this.#socket.on(frameRelayEvents.frame, (message: unknown) => {
      if (message instanceof ArrayBuffer) handlers.onMessage(new Uint8Array(message));
      else if (message instanceof Uint8Array) handlers.onMessage(message);
    });
    // The console switched websocket video off (the signaling connection says so too, and the page falls back).
    this.#socket.on(frameRelayEvents.stopped, (payload: unknown) => {
      const stopped = framesStoppedSchema.safeParse(payload);
      handlers.onStatus({ state: 'failed', message: `Websocket video stopped: ${stopped.success ? stopped.data.reason : 'the server ended it'}` });
    });
    this.#socket.on('connect_error', (error) => {
      if (!this.#socket.active) handlers.onStatus({ state: 'failed', message: `The frame relay refused this link: ${error.message}` });
      else handlers.onStatus({ state: 'connecting', message: "Can't reach the frame relay. Retrying…" });
    });
    this.#socket.on('disconnect', () => {
      if (this.#socket.active) handlers.onStatus({ state: 'connecting', message: 'Frame relay connection lost. Reconnecting…' });
    });
  }

  close(): void {
    this.#socket.disconnect();
  }

  async #subscribe(): Promise<void> {
    try {
      const reply = (await this.#socket.timeout(subscribeTimeoutMs).emitWithAck(frameRelayEvents.subscribe, {})) as Ack<FrameSubscription>;
      if (reply.ok) this.#handlers.onStatus({ state: 'subscribed', message: '' });
      else this.#handlers.onStatus({ state: 'failed', message: `The frame relay refused: ${reply.error.message}` });
    } catch {
      // No answer: the connection is going down; the next connect subscribes again.
      if (this.#socket.connected) this.#handlers.onStatus({ state: 'connecting', message: 'The frame relay did not answer. Retrying…' });
      if (this.#socket.connected) this.#socket.disconnect().connect();
    }
  }
}
