import type { AvailableTransports, VideoTransport } from '@dronecast/protocol';
import type { JpegFramePlayer } from '../frames/JpegFramePlayer.ts';
import type { VideoState } from './DroneVideoTypes.ts';
import type { TransportFallback } from './transportFallback.ts';

/** What shows the picture: a MediaStream for a <video> (WebRTC) or a player drawing on a canvas (JPEG). */
export type VideoOutput = { kind: 'stream'; stream: MediaStream } | { kind: 'frames'; player: JpegFramePlayer };

export interface LiveVideoStatus {
  transport: VideoTransport;
  state: VideoState;
  /** Plain-words explanation for the UI; empty while playing. */
  message: string;
  output: VideoOutput | null;
  /** What the server offers; null until the first welcome. */
  available: AvailableTransports | null;
  /** The page left a transport the server stopped offering and shows WebRTC; null once the user picks. */
  fallback: TransportFallback | null;
}
