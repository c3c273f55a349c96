import { io, type Socket } from 'socket.io-client';
import {
  typedClientSocket,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
  type Response,
  type ServerEvents,
  type TypedClientSocket,
  ProtocolError,
  sfuReconnectBackoff,
} from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import { pageStorage } from '../pageStorage.ts';
import { pageAccessToken } from './accessToken.ts';
import { ClockSync } from './ClockSync.ts';
import { closingNotice, type ServerClosing } from './closingNotice.ts';
import type { ClockEstimate, Notifier, SessionOptions, SessionStatus, Signaling } from './SessionTypes.ts';

/** A session the server ends is asked again at most this often (see Session.#askAgainAfterEnd). */
const askAgainAfterEndMs = 60_000;

const warnMalformed = (message: string): void => console.warn(`ignored a malformed message from the server: ${message}`);

/**
 * The phone's signaling connection to the SFU: authenticates with the link's token, follows
 * socket.io's reconnects, keeps the server clock estimate, and carries typed requests and
 * server events. Everything above it (media, UI) sees states and promises, never the socket.
 */
export class Session implements Signaling, Notifier {
  readonly #status: ObservableValue<SessionStatus>;
  /** socket.io's own side (connecting, its reserved events); null without a token. */
  readonly #socket: Socket | null;
  /** The contract's side: requests, notifications, validated server events. */
  readonly #events: TypedClientSocket | null;
  readonly #clock: ClockSync;
  #everConnected = false;
  readonly #wakeProbeTimeoutMs: number;
  #probing = false;
  /** The server said it is going away (session:closing); shown instead of "connection lost" until we are back. */
  #closing: ServerClosing | null = null;
  /** When this session last asked again after the server ended it (see #askAgainAfterEnd). */
  #askedAgainAt = -Infinity;
  /** The SFU's origin and this page's access token, for the other connections a page opens (frames). */
  readonly origin: string;
  readonly token: string | null;

  /**
   * A session for the page the user opened: same origin, token from `?token=` (or the one
   * remembered from an earlier link). Once remembered, the token leaves the address bar (and the
   * history, and screenshots); a reload opens with the remembered one.
   */
  static forPage(location: Location = window.location, history: History = window.history): Session {
    const { token, addressWithoutToken } = pageAccessToken(location.href, pageStorage());
    if (addressWithoutToken) history.replaceState(history.state, '', addressWithoutToken);
    return new Session({ url: location.origin, token });
  }

  constructor(options: SessionOptions) {
    this.origin = options.url;
    this.token = options.token;
    this.#wakeProbeTimeoutMs = options.wakeProbeTimeoutMs ?? 3_000;
    this.#clock = new ClockSync(
      (clientTime) => this.request('clock:sync', { clientTime }),
      options.clockSyncIntervalMs,
    );
    if (options.token === null) {
      this.#socket = null;
      this.#events = null;
      this.#status = new ObservableValue<SessionStatus>({
        connection: 'no-token',
        error: 'No access token in this link. Open the link printed by the ground station.',
        welcome: null,
      });
      return;
    }
    this.#status = new ObservableValue<SessionStatus>({ connection: 'connecting', error: null, welcome: null });
    const delay = options.reconnectionDelayMs;
    this.#socket = io(options.url, {
      auth: { token: options.token },
      ...(delay === undefined ? sfuReconnectBackoff : { reconnectionDelay: delay, reconnectionDelayMax: Math.max(delay, 2_000) }),
    });
    this.#events = typedClientSocket(this.#socket);
    this.#listen(this.#socket, this.#events);
  }

  get status(): Observable<SessionStatus> {
    return this.#status;
  }

  /** Current time on the server's clock, in epoch milliseconds. */
  serverNow(): number {
    return this.#clock.serverNow();
  }

  get clock(): ClockEstimate {
    return this.#clock.estimate;
  }

  async request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<Response<E>> {
    // socket.io would buffer the request and deliver it after a reconnect, long after anyone cares.
    if (!this.#socket?.connected || !this.#events) throw new ProtocolError('UNAVAILABLE', `${event}: not connected to the server`);
    return this.#events.request(event, payload, timeoutMs);
  }

  /** Dropped while disconnected: a late dead-man ping or stale notice is worse than none. */
  notify<E extends NotificationName>(event: E, payload: NotificationPayload<E>): void {
    if (!this.#socket?.connected) return;
    this.#events?.emit(event, payload);
  }

  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): () => void {
    return this.#events?.on(event, listener, warnMalformed) ?? (() => {});
  }

  /** Tries again after the server ended the session or refused the token. */
  reconnect(): void {
    if (!this.#socket || this.#socket.connected) return;
    this.#update({ connection: this.#everConnected ? 'reconnecting' : 'connecting', error: null });
    this.#socket.connect();
  }

  /**
   * The page is back (screen on, unfrozen, online again): reconnect now rather than when
   * socket.io's backoff (up to 5 s) next tries, and replace a socket that looks connected but
   * doesn't answer (the server dropped it while the page was asleep and the page hasn't heard).
   * Nothing for a refused token (it needs a new link) or a session the server ended.
   */
  wake(): void {
    const socket = this.#socket;
    const { connection } = this.#status.value;
    if (!socket || connection === 'refused' || connection === 'disconnected') return;
    if (!socket.connected) {
      this.#reconnectNow(socket);
      return;
    }
    if (this.#probing) return;
    this.#probing = true;
    this.request('clock:sync', { clientTime: Date.now() }, this.#wakeProbeTimeoutMs)
      .catch(() => {
        if (socket.connected) this.#reconnectNow(socket);
      })
      .finally(() => {
        this.#probing = false;
      });
  }

  close(): void {
    this.#clock.stop();
    this.#socket?.disconnect();
  }

  /** A fresh connection attempt at once: disconnect() cancels socket.io's backoff timer and a dead engine. */
  #reconnectNow(socket: Socket): void {
    socket.disconnect();
    this.#update({
      connection: this.#everConnected ? 'reconnecting' : 'connecting',
      error: this.#everConnected ? 'Connection to the server lost. Reconnecting…' : null,
      welcome: null,
    });
    socket.connect();
  }

  /**
   * The server ended this session: most likely the ground station revoked this phone's link.
   * One connection attempt tells: the server refuses a revoked (or expired) link with its reason,
   * which shows the page's refusal screen, and lets anything else back in. At most once a minute,
   * so a server that keeps ending the session is not asked again and again.
   */
  #askAgainAfterEnd(socket: Socket): boolean {
    const now = Date.now();
    if (now - this.#askedAgainAt < askAgainAfterEndMs) return false;
    this.#askedAgainAt = now;
    this.#update({ connection: 'reconnecting', error: 'The server ended this session. Checking whether this link still opens it…', welcome: null });
    socket.connect();
    return true;
  }

  #update(change: Partial<SessionStatus>): void {
    this.#status.set({ ...this.#status.value, ...change });
  }

  #listen(socket: Socket, events: TypedClientSocket): void {
    socket.on('connect', () => {
      this.#everConnected = true;
      this.#closing = null;
      this.#update({ connection: 'connected', error: null });
      this.#clock.start();
    });
    events.on(
      'session:welcome',
      (welcome) => this.#update({ welcome }),
      (message) => this.#update({ connection: 'refused', error: `The server sent an unexpected greeting (${message}).`, welcome: null }),
    );
    events.on('session:closing', (closing) => (this.#closing = closing), warnMalformed);
    socket.on('connect_error', (error) => {
      if (!socket.active) {
        // The server's auth middleware refused us; its message says why, and socket.io won't retry.
        this.#update({ connection: 'refused', error: error.message || 'the server gave no reason', welcome: null });
        return;
      }
      this.#update({
        connection: this.#everConnected ? 'reconnecting' : 'connecting',
        error: this.#closing ? closingNotice(this.#closing) : "Can't reach the dronecast server. Retrying…",
      });
    });
    socket.on('disconnect', (reason) => {
      this.#clock.stop();
      if (socket.active) {
        const error = this.#closing ? closingNotice(this.#closing) : 'Connection to the server lost. Reconnecting…';
        this.#update({ connection: 'reconnecting', error, welcome: null });
      } else if (reason === 'io server disconnect') {
        if (!this.#askAgainAfterEnd(socket)) this.#update({ connection: 'disconnected', error: 'The server ended this session.', welcome: null });
      } else {
        this.#update({ connection: 'disconnected', error: null, welcome: null });
      }
    });
  }
}
