import type { z } from 'zod';
import {
  notificationSchemas,
  requestSchemas,
  type RequestName,
  type RequestPayload,
  type Response,
} from './events.ts';
import { request } from './request.ts';
import { serverEventSchemas } from './serverEvents.ts';
import { describeIssues } from './validate.ts';

/**
 * The part of a socket.io socket the adapter drives, on either side of the connection. Structural,
 * so the contract needs no socket.io: an untyped socket.io-client `Socket` fits, and so does the
 * SFU's server `Socket`. (A client socket typed with its listen events does not: its `on` takes
 * only those names. Create it untyped and let the adapter do the typing.)
 */
export interface EventSocket {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

/** Event name -> schema of its payload: one side's messages, as the contract defines them. */
export type EventSchemas<Names extends PropertyKey = string> = { readonly [E in Names]: z.ZodType };

/** Answers an event whose sender asked for an acknowledgement. */
export type Acknowledge = (reply: unknown) => void;

/** Everything a client may send, as the server checks it: requests and notifications. */
export const clientMessageSchemas = { ...requestSchemas, ...notificationSchemas } as const;

/**
 * A socket that relates each event name to its payload through the contract's event maps: what it
 * emits is type-checked against the `Emits` schemas (the receiver validates it), what it receives
 * is validated against the `Receives` schemas before any listener sees it. socket.io's own typings
 * cannot relate a generic event name to its payload, which left `as unknown as` casts in every
 * process; this is the one place that does it.
 */
export class TypedSocket<Emits extends EventSchemas<keyof Emits>, Receives extends EventSchemas<keyof Receives>> {
  readonly #socket: EventSocket;
  readonly #receives: Receives;

  constructor(socket: EventSocket, receives: Receives) {
    this.#socket = socket;
    this.#receives = receives;
  }

  /** Sends an event that needs no answer (a client's notifications; any server event). */
  emit<E extends keyof Emits & string>(event: E, payload: z.output<Emits[E]>): void {
    this.#socket.emit(event, payload);
  }

  /**
   * Sends an event and resolves with the other side's acknowledgement, as it came (validate it);
   * rejects when none comes within `timeoutMs`.
   */
  emitWithAck<E extends keyof Emits & string>(event: E, payload: z.output<Emits[E]>, timeoutMs: number): Promise<unknown> {
    return this.#socket.timeout(timeoutMs).emitWithAck(event, payload);
  }

  /**
   * A client's request: resolves with the server's answer, or throws its ProtocolError
   * (UNAVAILABLE when none comes in time).
   */
  request<E extends RequestName>(this: TypedClientSocket, event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<Response<E>> {
    return request(this.#socket, event, payload, timeoutMs);
  }

  /**
   * Listens to an event. The listener sees only payloads that match the contract (parsed, so
   * defaults are filled in); anything else goes to `onInvalid`, with the acknowledgement if the
   * sender asked for one, so a request can be refused. Returns a function that stops listening.
   */
  on<E extends keyof Receives & string>(
    event: E,
    listener: (payload: z.output<Receives[E]>, ack: Acknowledge | undefined) => void,
    onInvalid: (message: string, ack: Acknowledge | undefined) => void,
  ): () => void {
    const schema = this.#receives[event];
    const checked = (...args: unknown[]): void => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as Acknowledge) : undefined;
      const parsed = schema.safeParse(args[0] === ack ? undefined : args[0]);
      if (parsed.success) listener(parsed.data, ack);
      else onInvalid(`${event}: ${describeIssues(parsed.error)}`, ack);
    };
    this.#socket.on(event, checked);
    return () => void this.#socket.off(event, checked);
  }
}

/** A client's side (phone, console, ground agent, pose worker): sends requests and notifications, receives server events. */
export type TypedClientSocket = TypedSocket<typeof notificationSchemas, typeof serverEventSchemas>;
/** The server's side of one client's socket: sends server events, receives requests and notifications. */
export type TypedServerSocket = TypedSocket<typeof serverEventSchemas, typeof clientMessageSchemas>;

export function typedClientSocket(socket: EventSocket): TypedClientSocket {
  return new TypedSocket(socket, serverEventSchemas);
}

export function typedServerSocket(socket: EventSocket): TypedServerSocket {
  return new TypedSocket(socket, clientMessageSchemas);
}
