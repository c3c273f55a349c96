import type { ClockSample } from './clock.ts';
import type { VideoTransport } from './videoTransports.ts';

/**
 * What a page publishes as `window.__dronecast` for browser tests and the benchmark: the
 * contract between the web app and the harnesses that measure it.
 */
export type PageConnectionState = 'no-token' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'refused';
export type PageVideoState = 'idle' | 'waiting-for-drone' | 'connecting' | 'playing' | 'failed';

/** Live numbers about the frames a <video> presents. Counters run since the last reset(). */
export interface FrameStats {
  /** Frames presented during the last second. */
  fps: number;
  /** Glass-to-glass latency from the frame stamps, over the last ~100 stamped frames; null until one is read. */
  latencyMs: { last: number | null; p50: number | null; p95: number | null };
  /** Frames the element handed to the compositor. */
  framesPresented: number;
  /** Frames the decoder produced (getVideoPlaybackQuality), including dropped ones. */
  framesDecoded: number;
  /** Frames decoded but dropped before display. */
  framesDropped: number;
  /** Presented frames whose stamp was read (CRC valid). */
  framesStamped: number;
  /**
   * Times the stamp's frame number advanced by more than the frames the element presented in
   * between: source frames that never reached the screen (lost on the network, dropped by the
   * encoder, the SFU or the decoder). Not counted across a change of stream.
   */
  frameNumberGaps: number;
  /** Source frames those gaps skipped. */
  framesMissing: number;
  /** Size of the last presented frame, in video pixels (0 before the first). */
  width: number;
  height: number;
}

/** Raw series since the last reset(), for the benchmark's distributions. */
export interface FrameSamples {
  /** Glass-to-glass latency of each stamped frame, ms. */
  latencyMs: number[];
  /** Time between consecutive presented frames (rVFC presentationTime), ms. */
  frameIntervalMs: number[];
}

/** What browser tests and the benchmark read with page.evaluate(() => window.__dronecast.stats()). */
export interface DronecastStats extends FrameStats {
  connection: PageConnectionState;
  video: PageVideoState;
  /** How the video reaches the page now. */
  transport: VideoTransport;
  /** The clock-sync sample in use (smallest round trip lately), or null before the first. */
  clock: ClockSample | null;
  /** Video bytes received on the current path (WebRTC: sampled each second), 0 again after a switch or rebuild. */
  bytesReceived: number;
  /**
   * WebRTC only: what its media arrives over, from the selected ICE candidate pair (sampled each
   * second); null on the other transports and before the first sample. A phone on a LAN gets UDP;
   * TCP adds tens of milliseconds, so a harness that measures over TCP does not measure a phone.
   */
  mediaProtocol: MediaProtocol | null;
  /**
   * The codec of the video the page receives: the WebRTC consumer's (e.g. 'video/VP8' from the
   * test pattern, 'video/H264' from a camera passed through), 'image/jpeg' on the websocket and
   * MQTT transports; null before any video.
   */
  codec: string | null;
}

export type MediaProtocol = 'udp' | 'tcp';

export interface DronecastTestHook {
  stats(): DronecastStats;
  samples(): FrameSamples;
  /** Clears the counters and the sample series (not the connection). */
  reset(): void;
}

declare global {
  interface Window {
    __dronecast?: DronecastTestHook;
  }
}
