import type { Logger } from '@dronecast/protocol';
import { WebRtcPublisher, WebRtcSubscriber, type SignalingLink } from '@dronecast/peer';
import { PoseDetector } from '../pose/detector/PoseDetector.ts';
import { PhoneCameraProcessor, type PoseReading } from './PhoneCameraProcessor.ts';

export interface PoseWorkerOptions {
  link: SignalingLink;
  maxBitrateKbps: number;
  logger: Logger;
  /** Each analysed frame's pose (the gate that turns held poses into commands listens here). */
  onReading?: (reading: PoseReading) => void;
}

/** How often what the worker sees is told to everyone (the phone shows it). */
const seenIntervalMs = 250;

/**
 * The pose worker: receives the newest phone camera from the SFU, runs it through the pose stage
 * and publishes the result as `processed-camera` while a phone camera is there. The detector
 * (MediaPipe, ~300 MB) starts with the first phone camera, not before.
 */
export class PoseWorker {
  private readonly subscriber: WebRtcSubscriber;
  private detector: PoseDetector | undefined;
  private processor: PhoneCameraProcessor | undefined;
  private publisher: WebRtcPublisher | undefined;
  private latest: PoseReading | undefined;
  private readonly seenTimer: NodeJS.Timeout;

  constructor(private readonly options: PoseWorkerOptions) {
    const { link, logger } = options;
    this.subscriber = new WebRtcSubscriber({ link, mediaSource: 'phone-camera', logger: logger.child('camera') });
    this.subscriber.on('consuming', (producer) => this.begin(producer.producerId));
    this.subscriber.on('stopped', (producerId, reason) => this.end(producerId, reason));
    this.subscriber.on('frame', (frame) => this.processor?.push(frame));
    this.seenTimer = setInterval(() => this.tellSeen(), seenIntervalMs);
    this.seenTimer.unref();
  }

  start(): void {
    this.subscriber.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.seenTimer);
    this.subscriber.stop();
    this.publisher?.stop();
    this.publisher = undefined;
    await this.detector?.close();
  }

  stats(): ReturnType<PhoneCameraProcessor['stats']> | undefined {
    return this.processor?.stats();
  }

  private ensureProcessor(): PhoneCameraProcessor {
    if (this.processor) return this.processor;
    const { logger } = this.options;
    this.detector = new PoseDetector({
      onEvent: (event) => {
        if (event.type === 'ready') logger.info(`pose model loaded in ${Math.round(event.loadMs)} ms`, { restarts: event.restarts });
        else if (event.type === 'failed') logger.error(`pose detection down: ${event.error.message}; restarting in ${event.retryInMs} ms`);
      },
    });
    const processor = new PhoneCameraProcessor({ detector: this.detector, logger });
    processor.on('reading', (reading) => {
      this.latest = reading;
      this.options.onReading?.(reading);
    });
    this.processor = processor;
    return processor;
  }

  private begin(producerId: string): void {
    const processor = this.ensureProcessor();
    processor.reset();
    this.latest = undefined;
    this.options.logger.info('processing a phone camera', { producerId });
    if (!this.publisher) {
      this.publisher = new WebRtcPublisher({
        link: this.options.link,
        source: processor,
        mediaSource: 'processed-camera',
        maxBitrateKbps: this.options.maxBitrateKbps,
        logger: this.options.logger.child('processed'),
      });
      this.publisher.start();
    }
  }

  private end(producerId: string, reason: string): void {
    this.options.logger.info(`phone camera gone: ${reason}`, { producerId });
    this.processor?.reset();
    this.latest = undefined;
    // Nothing to show: the processed stream goes too, so viewers see "waiting" rather than a frozen frame.
    this.publisher?.stop();
    this.publisher = undefined;
  }

  private tellSeen(): void {
    const reading = this.latest;
    const stats = this.processor?.stats();
    if (!reading || !stats || !this.subscriber.current) return;
    this.options.link.notify('pose:seen', {
      producerId: reading.producerId,
      pose: reading.pose,
      fps: stats.analysedPerSecond,
      inferenceMs: stats.lastInferenceMs ?? 0,
      droppedFrames: stats.notAnalysed,
    });
  }
}
