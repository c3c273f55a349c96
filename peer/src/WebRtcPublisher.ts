import type { types } from 'mediasoup-client';
import type { Logger, MediaSource } from '@dronecast/protocol';
import type { FrameEmitter, RawVideoFrame } from './RawVideoFrame.ts';
import { RetryAttempts } from './RetryAttempts.ts';
import type { SignalingLink } from './SignalingLink.ts';
import { MediaTransport, type TransportSetup } from './transport/index.ts';
import { wrtc } from './wrtcGlobals.ts';

export interface WebRtcPublisherOptions {
  link: SignalingLink;
  source: FrameEmitter;
  /** Which stream this is on the SFU (drone-camera from the ground agent, processed-camera from the pose worker). */
  mediaSource: MediaSource;
  /** processed-camera: the phone-camera producer this video is made from. */
  of?: string;
  maxBitrateKbps: number;
  /** drone-camera: the playout delay the SFU asks viewers for, in ms (default 0); null: none. */
  playoutDelayMs?: number | null;
  logger: Logger;
  /** How transports are built; by default on wrtc (Chrome111 handler) with the platform's timers. */
  transport?: TransportSetup;
  /** After a failed attempt, how long until the next; default 2 s. */
  retryDelayMs?: number;
}

/**
 * Publishes frames to the SFU as a VP8 producer (wrtc has no H.264 encoder). Whenever the
 * link becomes ready (first connect, SFU restart, worker replaced), or ICE restarts cannot save
 * the transport, it builds a fresh transport and producer on the same track; frames keep flowing
 * into the track meanwhile.
 */
export class WebRtcPublisher {
  private readonly rtcSource = new wrtc.nonstandard.RTCVideoSource();
  private readonly track = this.rtcSource.createTrack();
  private transport: MediaTransport | undefined;
  private producer: types.Producer | undefined;
  private readonly attempts: RetryAttempts;
  private readonly onFrame = (frame: RawVideoFrame): void => {
    this.rtcSource.onFrame({ width: frame.width, height: frame.height, data: frame.data });
  };

  constructor(private readonly options: WebRtcPublisherOptions) {
    this.attempts = new RetryAttempts(options.link, options.logger, options.retryDelayMs ?? 2000);
  }

  private readonly onReady = (): void => void this.publish();
  private readonly onLost = (): void => this.teardown();

  /** Publishes now if the link is up, and again after every reconnect. */
  start(): void {
    const { link, source } = this.options;
    source.on('frame', this.onFrame);
    link.on('ready', this.onReady);
    link.on('lost', this.onLost);
    if (link.welcome) void this.publish();
  }

  get producerId(): string | undefined {
    return this.producer?.closed === false ? this.producer.id : undefined;
  }

  /** Stops everything wrtc holds; wrtc can crash the process at exit if a track or transport is left open. */
  stop(): void {
    this.options.source.off('frame', this.onFrame);
    this.options.link.off('ready', this.onReady);
    this.options.link.off('lost', this.onLost);
    this.teardown();
    this.track.stop();
  }

  private async publish(): Promise<void> {
    const { link, logger, mediaSource, maxBitrateKbps, of } = this.options;
    this.teardown();
    const attempt = this.attempts.begin();
    const stale = (): boolean => !this.attempts.isCurrent(attempt);
    try {
      const transport = await MediaTransport.open(link, 'send', {
        deviceOptions: { handlerName: 'Chrome111' },
        ...this.options.transport,
        logger,
        onFailed: (reason) => {
          if (!stale()) this.retryLater(`the send transport failed (${reason})`);
        },
      });
      if (stale()) return transport.close();
      this.transport = transport;
      const producer = await transport.produce(this.track as unknown as MediaStreamTrack, {
        source: mediaSource,
        maxBitrateKbps,
        ...(of === undefined ? {} : { of }),
        ...(this.options.playoutDelayMs === undefined ? {} : { playoutDelayMs: this.options.playoutDelayMs }),
        startBitrateKbps: 1000,
      });
      if (stale()) return producer.close();
      this.producer = producer;
      logger.info(`publishing ${mediaSource}`, { producerId: producer.id, maxBitrateKbps });
    } catch (error) {
      if (!stale()) this.retryLater(`publishing ${mediaSource} failed: ${(error as Error).message}`);
    }
  }

  /** Tears down and publishes again after a pause, if the link is still up by then. */
  private retryLater(why: string): void {
    this.teardown();
    this.attempts.retryLater(why, () => void this.publish());
  }

  private teardown(): void {
    this.attempts.cancel();
    this.producer?.close();
    this.producer = undefined;
    this.transport?.close();
    this.transport = undefined;
  }
}
