import type { types } from 'mediasoup-client';
import type { Logger, MediaSource, RequestName, RequestPayload, Response } from '@dronecast/protocol';
import type { RecoveryTimers } from './IceRecovery.ts';

/**
 * The requests a transport makes of the SFU (media:*). The web app's Session and a Node
 * process's SignalingLink both fit; a test can script one.
 */
export interface MediaSignaling {
  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Response<E>>;
}

/** How a transport is built and kept alive. The defaults suit a browser; Node and tests change some. */
export interface TransportSetup {
  /** The mediasoup-client Device: Node with wrtc needs `{ handlerName: 'Chrome111' }`, tests a fake handler. */
  deviceOptions?: types.DeviceOptions;
  /** How long ICE may stay 'disconnected' before we restart it (it often recovers by itself). */
  iceDisconnectGraceMs?: number;
  /** How long a restarted ICE gets to reach 'connected' before the next attempt. */
  iceRestartTimeoutMs?: number;
  /** Restarts in a row without reaching 'connected' before giving up. */
  maxIceRestarts?: number;
  /** 'relay' sends everything through the TURN servers the SFU hands out; default any path. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The ICE policy's waits; the platform's timers unless a test simulates time. */
  timers?: RecoveryTimers;
}

export interface MediaTransportOptions extends TransportSetup {
  /** Called once when ICE restarts cannot save the transport (it is closed by then); the owner rebuilds everything. */
  onFailed(reason: string): void;
  /** For ICE restarts; none in the browser. */
  logger?: Logger;
}

/** What a producer sends, beyond its track. */
export interface ProduceOptions {
  source: MediaSource;
  maxBitrateKbps: number;
  /** processed-camera: the phone-camera producer this video is made from. */
  of?: string;
  /**
   * Where the encoder starts, in kbit/s. Without it wrtc's VP8 encoder ramps up over seconds
   * (measured ~230 kbps after 3 s); browsers ramp fast enough on their own.
   */
  startBitrateKbps?: number;
  /** drone-camera: the playout delay the SFU asks viewers for (see the produce request); null: none. */
  playoutDelayMs?: number | null;
}
