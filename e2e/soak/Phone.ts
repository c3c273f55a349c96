import type { VideoTransport } from '@dronecast/protocol';

export type PhoneRole = 'pilot' | 'viewer';
export type PhoneKind = 'node' | 'browser';

/**
 * One phone in the soak: a Chromium page running the real web app, or a Node client speaking the
 * same contract (lighter: the machine runs one or two pages at most). Both join with a video
 * transport, switch it live, and leave.
 */
export interface Phone {
  /** e.g. "node-pilot-7", for the report. */
  readonly label: string;
  readonly kind: PhoneKind;
  readonly role: PhoneRole;
  /** The transport it watches over now (undefined before joining). */
  readonly transport: VideoTransport | undefined;
  /** Date.now() at joining. */
  readonly joinedAt: number;
  /** True while one of its actions runs: the churn gives it one at a time. */
  busy: boolean;
  /** True once told to leave: failures after that are the leaving, not faults. */
  readonly leaving: boolean;
  /** Connects and watches over `transport`; resolves once frames arrive. */
  join(transport: VideoTransport): Promise<void>;
  /** Closes the current path and watches over another; resolves once its frames arrive. */
  switchTo(transport: VideoTransport): Promise<void>;
  leave(): Promise<void>;
}

/** How long a phone may take to show frames after joining or switching before the soak calls it a fault. */
export const videoTimeoutMs = 45_000;
