import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { Logger, MediaSource } from '@dronecast/protocol';
import type { FrameEmitter, RawVideoFrame } from './RawVideoFrame.ts';
import type { SignalingLink } from './SignalingLink.ts';
import { wrtc } from './wrtcGlobals.ts';

export interface WebRtcPublisherOptions {
  link: SignalingLink;
  source: FrameEmitter;
  /** Which stream this is on the SFU (drone-camera from the ground agent, processed-camera from the pose worker). */
  mediaSource: MediaSource;
  /** processed-camera: the phone-camera producer this video is made from. */
  of?: string;
  maxBitrateKbps: number;
  logger: Logger;
}

/**
 * Publishes frames to the SFU as a VP8 producer (wrtc has no H.264 encoder). Whenever the
 * link becomes ready (first connect, SFU restart, worker replaced) it builds a fresh transport and
 * producer on the same track; frames keep flowing into the track meanwhile.
 */
export class WebRtcPublisher {
  private readonly rtcSource = new wrtc.nonstandard.RTCVideoSource();
  private readonly track = this.rtcSource.createTrack();
  private transport: types.Transport | undefined;
  private producer: types.Producer | undefined;
  private attempt = 0;
  private readonly onFrame = (frame: RawVideoFrame): void => {
    this.rtcSource.onFrame({ width: frame.width, height: frame.height, data: frame.data });
  };

  constructor(private readonly options: WebRtcPublisherOptions) {}

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
    const { link, logger, mediaSource, maxBitrateKbps } = this.options;
    this.teardown();
    const attempt = ++this.attempt;
    const stale = (): boolean => attempt !== this.attempt;
    try {
      const device = new Device({ handlerName: 'Chrome111' });
      const { rtpCapabilities } = await link.request('media:routerRtpCapabilities', {});
      await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
      const options = await link.request('media:createTransport', { direction: 'send' });
      if (stale()) return;
      const transport = device.createSendTransport({
        id: options.id,
        iceParameters: options.iceParameters as types.IceParameters,
        iceCandidates: options.iceCandidates as types.IceCandidate[],
        dtlsParameters: options.dtlsParameters as types.DtlsParameters,
      });
      this.transport = transport;
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        link.request('media:connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
      });
      transport.on('produce', ({ rtpParameters }, callback, errback) => {
        link
          .request('media:produce', {
            transportId: transport.id,
            kind: 'video',
            source: mediaSource,
            rtpParameters,
            ...(this.options.of === undefined ? {} : { of: this.options.of }),
          })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
      transport.on('connectionstatechange', (state) => {
        logger.debug('send transport', { state });
        if (state === 'failed' && !stale()) void this.restartIce(transport);
      });
      const producer = await transport.produce({
        track: this.track as unknown as MediaStreamTrack,
        encodings: [{ maxBitrate: maxBitrateKbps * 1000 }],
        // Without a start bitrate the encoder ramps up over seconds (measured ~230 kbps after 3 s).
        codecOptions: { videoGoogleStartBitrate: 1000 },
        zeroRtpOnPause: true,
        // The track outlives producers: it is re-published after every reconnect.
        stopTracks: false,
        appData: { source: mediaSource },
      });
      if (stale()) {
        producer.close();
        return;
      }
      this.producer = producer;
      logger.info(`publishing ${mediaSource}`, { producerId: producer.id, maxBitrateKbps });
    } catch (error) {
      if (stale()) return;
      logger.error(`publishing ${mediaSource} failed: ${(error as Error).message}; retrying in 2 s`);
      this.teardown();
      const retry = this.attempt;
      setTimeout(() => {
        if (retry === this.attempt && link.connected) void this.publish();
      }, 2000).unref();
    }
  }

  private async restartIce(transport: types.Transport): Promise<void> {
    try {
      const { iceParameters } = await this.options.link.request('media:restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
      this.options.logger.info('ICE restarted');
    } catch (error) {
      this.options.logger.warn(`ICE restart failed: ${(error as Error).message}`);
    }
  }

  private teardown(): void {
    this.attempt++;
    this.producer?.close();
    this.producer = undefined;
    const transport = this.transport;
    this.transport = undefined;
    if (transport && !transport.closed) {
      transport.close();
      // Best effort: after a reconnect the server has forgotten it anyway.
      if (this.options.link.connected) this.options.link.request('media:closeTransport', { transportId: transport.id }).catch(() => undefined);
    }
  }
}
