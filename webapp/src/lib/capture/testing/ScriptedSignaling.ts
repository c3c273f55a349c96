import { ProtocolError, type RequestName, type RequestPayload, type Response, type ServerEvents, type Welcome } from '@dronecast/protocol';
import { ObservableValue } from '../../observable.ts';
import type { SessionStatus, Signaling } from '../../session/SessionTypes.ts';

type Handler<E extends RequestName> = (payload: RequestPayload<E>) => Response<E> | Promise<Response<E>>;

export const pilotWelcome: Welcome = { peerId: 'p1', role: 'pilot', droneId: 'drone1', serverTime: 0, transports: { websocket: { available: true }, mqtt: { available: false, reason: 'no broker' } }, mapTiles: null };

/**
 * A Signaling for unit tests of page models: requests are answered by handlers the test sets
 * (or refused as UNAVAILABLE), server events are pushed by the test. Not used by any page.
 */
export class ScriptedSignaling implements Signaling {
  readonly status = new ObservableValue<SessionStatus>({ connection: 'connected', error: null, welcome: pilotWelcome });
  readonly sent: { event: RequestName; payload: unknown; timeoutMs: number | undefined }[] = [];
  readonly #handlers = new Map<RequestName, (payload: never) => unknown>();
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();

  answer<E extends RequestName>(event: E, handler: Handler<E>): void {
    this.#handlers.set(event, handler as (payload: never) => unknown);
  }

  async request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<Response<E>> {
    this.sent.push({ event, payload, timeoutMs });
    const handler = this.#handlers.get(event) as Handler<E> | undefined;
    if (!handler) throw new ProtocolError('UNAVAILABLE', `${event}: no answer scripted`);
    return handler(payload);
  }

  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }

  listenerCount(event: keyof ServerEvents): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Drops the connection (the server forgets who we are) or restores it with a new welcome. */
  setConnected(connected: boolean): void {
    this.status.set(
      connected
        ? { connection: 'connected', error: null, welcome: { ...pilotWelcome } }
        : { connection: 'reconnecting', error: 'Connection to the server lost. Reconnecting…', welcome: null },
    );
  }
}
