/**
 * - `connecting`: opening (or reopening) the connection and subscribing.
 * - `subscribed`: frames will arrive while the drone's camera runs.
 * - `failed`: refused for good (bad token, no broker); `message` says why.
 */
export type FrameFeedState = 'connecting' | 'subscribed' | 'failed';

export interface FrameFeedStatus {
  state: FrameFeedState;
  /** Plain words for the UI; empty when subscribed. */
  message: string;
}

/** A connection that delivers the drone's JPEG frame messages (protocol frames.ts) one by one. */
export interface FrameFeed {
  close(): void;
}

export interface FrameFeedHandlers {
  /** One frame message, as received (header + JPEG). */
  onMessage(message: Uint8Array): void;
  onStatus(status: FrameFeedStatus): void;
}
