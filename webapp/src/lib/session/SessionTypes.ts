import type { ClockSample, NotificationName, NotificationPayload, RequestName, RequestPayload, Response, ServerEvents, Welcome } from '@dronecast/protocol';
import type { Observable } from '../observable.ts';

/**
 * Where the signaling connection stands, as the UI shows it.
 * - `no-token`: the page was opened without `?token=`; nothing is attempted.
 * - `refused`: the server rejected the token (socket.io does not retry this on its own).
 * - `disconnected`: the server ended the session or `close()` was called; `reconnect()` retries.
 */
import type { PageConnectionState as ConnectionState } from '@dronecast/protocol';

export type { ConnectionState };

export interface SessionStatus {
  connection: ConnectionState;
  /** What went wrong, in plain words, or null when all is well. */
  error: string | null;
  /** Who the server says we are; set once per connection, cleared when it drops. */
  welcome: Welcome | null;
}

/** The part of a Session that media objects need: requests and server events, no socket. */
export interface Signaling {
  readonly status: Observable<SessionStatus>;
  request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<Response<E>>;
  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): () => void;
}

/** Fire-and-forget messages to the server (the pilot's dead-man signal). */
export interface Notifier {
  notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void;
}

export interface SessionOptions {
  /** Origin of the SFU; the page's own origin in production. */
  url: string;
  /** Access token from the link printed by the ground station, or null when the link had none. */
  token: string | null;
  /** Period of clock-sync samples after the initial burst. */
  clockSyncIntervalMs?: number;
  /** socket.io's first reconnection delay (it doubles, up to 1 s by default); tests make it long to see wake() act alone. */
  reconnectionDelayMs?: number;
  /** On wake, how long a socket that looks connected has to answer before it is replaced. */
  wakeProbeTimeoutMs?: number;
}

/** The clock estimate the session currently uses, for diagnostics. */
export type ClockEstimate = ClockSample | null;
