import type { MediaSource, ProducerInfo } from '@dronecast/protocol';

/**
 * - `idle`: no session yet (connecting, no token, refused) — the session status says why.
 * - `waiting-for-drone`: connected, but nobody is producing the source.
 * - `connecting`: setting up the device, transport and consumer.
 * - `playing`: the consumer is resumed; `stream` carries its track.
 * - `failed`: setup failed; `message` says why and whether it retries.
 */
import type { PageVideoState as VideoState } from '@dronecast/protocol';

export type { VideoState };

export interface VideoStatus {
  state: VideoState;
  /** Plain-words explanation for the UI; empty while playing. */
  message: string;
  /** The stream to put in a <video>'s srcObject; a new object whenever the consumer changes. */
  stream: MediaStream | null;
}

export interface DroneVideoOptions {
  /** The producer to watch; the pages that show the processed phone video pass 'processed-camera'. */
  source?: MediaSource;
  /** Which producer of that source to watch; default the first there is. */
  pick?: (producer: ProducerInfo) => boolean;
  /** Delays before retrying a failed setup, in order; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** How long ICE may stay 'disconnected' before an ICE restart. */
  iceDisconnectGraceMs?: number;
}
