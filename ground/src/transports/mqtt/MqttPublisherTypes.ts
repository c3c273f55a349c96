import type { DroneEvent, Logger, Telemetry } from '@dronecast/protocol';
import type { VideoFrame } from '../../video/VideoFrame.ts';

/** The shared JpegEncoder, or anything that turns a frame into JPEG bytes the same way. */
export interface FrameJpegEncoder {
  encode(frame: VideoFrame): Promise<Uint8Array>;
}

/** What the publisher mirrors from the drone: DroneConnection fits. */
export interface DroneFeed {
  on(event: 'telemetry', listener: (telemetry: Telemetry) => void): unknown;
  on(event: 'event', listener: (event: DroneEvent) => void): unknown;
  off(event: 'telemetry', listener: (telemetry: Telemetry) => void): unknown;
  off(event: 'event', listener: (event: DroneEvent) => void): unknown;
}

export interface MqttPublisherOptions {
  /** mqtt://, mqtts://, ws:// or wss:// (the SFU's embedded broker is wss://<sfu>/mqtt). */
  url: string;
  /** The ground token, sent as the MQTT password (the embedded broker checks it; others may ignore it). */
  token: string;
  droneId: string;
  encoder: FrameJpegEncoder;
  /** CA certificate (PEM) for mqtts:// and wss:// brokers with a private CA. */
  ca?: string | Buffer;
  /** Frames per second sent at most (default 10). */
  maxFps?: number;
  /** The clock the frame rate is capped on, ms (default performance.now; tests pass a simulated one). */
  now?: () => number;
  /** Told when MQTT frames start and stop being wanted: a passthrough camera decodes frames only meanwhile. */
  onWatched?: (watched: boolean) => void;
  /** Pause between reconnect attempts (default 2000 ms). */
  reconnectPeriodMs?: number;
  logger?: Logger;
}
