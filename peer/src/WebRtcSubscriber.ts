import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup-client';
import { ProtocolError, type Logger, type MediaSource, type ProducerInfo } from '@dronecast/protocol';
import type { RawVideoFrame } from './RawVideoFrame.ts';
import type { SignalingLink } from './SignalingLink.ts';
import { MediaTransport, type TransportSetup } from './transport/index.ts';
import { wrtc } from './wrtcGlobals.ts';

export interface WebRtcSubscriberOptions {
  link: SignalingLink;
  /** The kind of stream to receive: the pose worker takes phone-camera, the ground agent processed-camera. */
  mediaSource: MediaSource;
  /** Which of the producers of that source to receive (oldest first); default the chosen. */
  pick?: (producers: ProducerInfo[]) => ProducerInfo | undefined;
  logger: Logger;
  /** How transports are built; by default on wrtc (Chrome111 handler) with the platform's timers. */
  transport?: TransportSetup;
  /** Turns a received track into frames; wrtc's RTCVideoSink unless a test gives another. */
  openSink?: (track: MediaStreamTrack, onFrame: (frame: RawVideoFrame) => void) => FrameSink;
  /** After a failed step, how long until the rebuild; default 2 s. */
  retryDelayMs?: number;
}

/** Where a received track's frames come out. */
export interface FrameSink {
  stop(): void;
}

/** wrtc's sink: I420 frames of a received track. */
function openWrtcSink(track: MediaStreamTrack, onFrame: (frame: RawVideoFrame) => void): FrameSink {
  const sink = new wrtc.nonstandard.RTCVideoSink(track);
  // wrtc's typings leave the event untyped; it carries { frame: { width, height, data (I420) } }.
  sink.onframe = (event: unknown) => onFrame((event as { frame: RawVideoFrame }).frame);
  return sink;
}

/** A received picture, with the producer it came from and when it arrived (local ms). */
export interface ReceivedFrame extends RawVideoFrame {
  producerId: string;
  receivedAt: number;
}

export interface WebRtcSubscriberEvents {
  frame: [ReceivedFrame];
  /** Started receiving this producer. */
  consuming: [ProducerInfo];
  /** Stopped receiving one (it closed, the link dropped, or a newer producer replaced it). */
  stopped: [producerId: string, reason: string];
}

/**
 * Receives one producer of a source (the newest, or the one `pick` chooses) as I420 frames
 * (wrtc's RTCVideoSink), following it as producers come and go and rebuilding after every
 * reconnect. Steps run one at a time, in event order; a step started before the latest rebuild
 * stops instead of touching new objects.
 */
export class WebRtcSubscriber extends EventEmitter<WebRtcSubscriberEvents> {
  private transport: MediaTransport | undefined;
  private consumer: { consumer: types.Consumer; sink: FrameSink; info: ProducerInfo } | undefined;
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private started = false;

  constructor(private readonly options: WebRtcSubscriberOptions) {
    super();
  }

  /** The producer being received now, if any. */
  get current(): ProducerInfo | undefined {
    return this.consumer?.info;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { link } = this.options;
    const onReady = (): void => this.rebuild();
    const onLost = (reason: string): void => this.teardown(`link lost (${reason})`);
    link.on('ready', onReady);
    link.on('lost', onLost);
    this.unsubscribe.push(
      () => link.off('ready', onReady),
      () => link.off('lost', onLost),
      link.onServerEvent('media:producerAdded', (info) => {
        // A new producer may be the one to pick (newer, or the one we wait for).
        if (info.source === this.options.mediaSource) this.enqueue((generation) => this.follow(generation));
      }),
      link.onServerEvent('media:producerClosed', ({ producerId }) => {
        if (this.consumer?.info.producerId === producerId) this.enqueue((generation) => this.follow(generation, producerId));
      }),
      link.onServerEvent('media:consumerClosed', ({ consumerId }) => {
        if (this.consumer?.consumer.id === consumerId) this.enqueue((generation) => this.follow(generation, this.consumer?.info.producerId));
      }),
    );
    if (link.welcome) this.rebuild();
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.started = false;
    this.teardown('stopped');
  }

  private rebuild(): void {
    this.teardown('rebuilding');
    this.enqueue(async (generation) => {
      const { link, logger } = this.options;
      const transport = await MediaTransport.open(link, 'recv', {
        deviceOptions: { handlerName: 'Chrome111' },
        ...this.options.transport,
        logger,
        onFailed: (reason) => {
          if (generation !== this.generation) return;
          logger.warn(`receive transport failed (${reason}); rebuilding`);
          this.rebuild();
        },
      });
      if (generation !== this.generation) return transport.close();
      this.transport = transport;
      await this.follow(generation);
    });
  }

  /** Receives the producer to pick, unless already receiving it; `gone` has just closed. */
  private async follow(generation: number, gone?: string): Promise<void> {
    const { link, mediaSource, logger } = this.options;
    if (gone && this.consumer?.info.producerId === gone) this.dropConsumer('the producer closed');
    const transport = this.transport;
    if (!transport) return;
    const { producers } = await link.request('media:listProducers', {});
    if (generation !== this.generation) return;
    const candidates = producers.filter((p) => p.source === mediaSource && p.producerId !== gone);
    const chosen = this.options.pick ? this.options.pick(candidates) : candidates.at(-1);
    if (!chosen || chosen.producerId === this.consumer?.info.producerId) return;
    this.dropConsumer('a newer producer replaced it');
    let consumer;
    try {
      consumer = await transport.consume(chosen.producerId);
    } catch (error) {
      // It closed between the listing and the request: its producerClosed follows.
      if (error instanceof ProtocolError && error.code === 'NOT_FOUND') return;
      throw error;
    }
    if (generation !== this.generation) {
      consumer.close();
      return;
    }
    const producerId = chosen.producerId;
    const openSink = this.options.openSink ?? openWrtcSink;
    const sink = openSink(consumer.track, (frame) => {
      this.emit('frame', { width: frame.width, height: frame.height, data: frame.data, producerId, receivedAt: Date.now() });
    });
    this.consumer = { consumer, sink, info: chosen };
    logger.info(`receiving ${mediaSource}`, { producerId, from: chosen.peerId });
    this.emit('consuming', chosen);
  }

  private dropConsumer(reason: string): void {
    const current = this.consumer;
    if (!current) return;
    this.consumer = undefined;
    current.sink.stop();
    current.consumer.close();
    this.emit('stopped', current.info.producerId, reason);
  }

  private teardown(reason: string): void {
    this.generation++;
    this.dropConsumer(reason);
    this.transport?.close();
    this.transport = undefined;
  }

  private enqueue(step: (generation: number) => Promise<void>): void {
    const generation = this.generation;
    this.queue = this.queue
      .then(() => (generation === this.generation ? step(generation) : undefined))
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        const delayMs = this.options.retryDelayMs ?? 2000;
        this.options.logger.error(`receiving ${this.options.mediaSource} failed: ${(error as Error).message}; retrying in ${delayMs / 1000} s`);
        this.teardown('failed');
        setTimeout(() => {
          if (this.started && this.options.link.welcome) this.rebuild();
        }, delayMs).unref();
      });
  }
}
