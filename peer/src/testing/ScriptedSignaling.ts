import type { RequestName, RequestPayload, Response } from '@dronecast/protocol';
import type { MediaSignaling } from '../transport/MediaTransportTypes.ts';
import { consumerRtpParameters, fakeTransportOptions, routerRtpCapabilities } from './fakeMediasoup.ts';

type Handler<E extends RequestName> = (payload: RequestPayload<E>) => Response<E> | Promise<Response<E>>;
type Handlers = { [E in RequestName]?: Handler<E> };

/**
 * An SFU's media requests answered in memory, as a fake mediasoup router would: every request is
 * recorded, and a test replaces any answer (or throws a ProtocolError from it to refuse).
 */
export class ScriptedSignaling implements MediaSignaling {
  readonly requests: { event: RequestName; payload: unknown }[] = [];
  #waiting: { event: RequestName; resolve: () => void }[] = [];
  #transports = 0;
  #producers = 0;
  #consumers = 0;
  readonly #handlers: Handlers = {
    'media:routerRtpCapabilities': () => ({ rtpCapabilities: routerRtpCapabilities }),
    'media:createTransport': () => fakeTransportOptions(`transport-${++this.#transports}`),
    'media:connectTransport': () => ({}),
    'media:restartIce': ({ transportId }) => ({ iceParameters: { usernameFragment: `ufrag-${transportId}-again`, password: 'new', iceLite: true } }),
    'media:closeTransport': () => ({}),
    'media:produce': () => ({ producerId: `producer-${++this.#producers}` }),
    'media:listProducers': () => ({ producers: [] }),
    'media:consume': ({ producerId }) => ({ consumerId: `consumer-${++this.#consumers}`, producerId, kind: 'video', rtpParameters: consumerRtpParameters(), source: 'drone-camera' }),
    'media:resumeConsumer': () => ({}),
  };

  answer<E extends RequestName>(event: E, handler: Handler<E>): void {
    (this.#handlers as Record<E, Handler<E>>)[event] = handler;
  }

  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Response<E>> {
    return this.handle(event, payload);
  }

  /** Answers a request whose payload the caller has checked (a socket server gets it untyped). */
  async handle<E extends RequestName>(event: E, payload: unknown): Promise<Response<E>> {
    this.requests.push({ event, payload });
    for (const waiter of this.#waiting.filter((w) => w.event === event)) waiter.resolve();
    this.#waiting = this.#waiting.filter((w) => w.event !== event);
    const handler = this.#handlers[event] as Handler<E> | undefined;
    if (!handler) throw new Error(`the script has no answer to ${event}`);
    return handler(payload as RequestPayload<E>);
  }

  /** Resolves when the next request of one kind arrives (before it is answered). */
  next(event: RequestName): Promise<void> {
    return new Promise((resolve) => this.#waiting.push({ event, resolve }));
  }

  /** The payloads of every request of one kind, in order. */
  sent<E extends RequestName>(event: E): RequestPayload<E>[] {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload as RequestPayload<E>);
  }
}
