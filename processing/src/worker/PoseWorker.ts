import { EventEmitter } from 'node:events';
import type { Logger, PoseControlState, PoseName } from '@dronecast/protocol';
import { WebRtcPublisher, WebRtcSubscriber, type RawVideoFrame, type ReceivedFrame, type SignalingLink } from '@dronecast/peer';
import { PoseDetector, PoseFrameProcessor, type PoseResult } from '../pose/index.ts';
import { PoseCommander } from './PoseCommander.ts';

export interface PoseWorkerOptions {
  link: SignalingLink;
  maxBitrateKbps: number;
  logger: Logger;
}

/** How often what the worker sees is told to everyone (the phone shows it). */
const seenIntervalMs = 250;

/**
 * The pose worker: receives the newest phone camera from the SFU, runs every frame through the
 * pose stage (skeleton and caption drawn, detection beside it, latest wins) and publishes the
 * result as `processed-camera` while a phone camera is there; held poses become commands through
 * the PoseCommander. The detector (MediaPipe, ~300 MB) starts with the first phone camera.
 */
export class PoseWorker {
  private readonly subscriber: WebRtcSubscriber;
  private readonly processed = new EventEmitter<{ frame: [RawVideoFrame] }>();
  private readonly commander: PoseCommander;
  private detector: PoseDetector | undefined;
  private processor: PoseFrameProcessor | undefined;
  private publisher: WebRtcPublisher | undefined;
  private producerId: string | undefined;
  private seen: { pose: PoseName | null } | undefined;
  private readonly seenTimer: NodeJS.Timeout;
  private readonly epoch = Date.now();
  private lastErrorLogged = 0;

  constructor(private readonly options: PoseWorkerOptions) {
    const { link, logger } = options;
    this.subscriber = new WebRtcSubscriber({ link, mediaSource: 'phone-camera', logger: logger.child('camera') });
    this.subscriber.on('consuming', (producer) => this.begin(producer.producerId));
    this.subscriber.on('stopped', (producerId, reason) => this.end(producerId, reason));
    this.subscriber.on('frame', (frame) => this.onFrame(frame));
    this.commander = new PoseCommander({ link, logger: logger.child('commands'), onStatus: (lines) => this.processor?.setNote(lines) });
    link.onServerEvent('pose:control', (state: PoseControlState) => this.commander.setControl(state));
    link.onServerEvent('drone:telemetry', (telemetry) => this.commander.setTelemetry(telemetry));
    this.seenTimer = setInterval(() => this.tellSeen(), seenIntervalMs);
    this.seenTimer.unref();
  }

  start(): void {
    this.subscriber.start();
    this.commander.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.seenTimer);
    this.commander.stop();
    this.subscriber.stop();
    this.publisher?.stop();
    this.publisher = undefined;
    await this.detector?.close();
  }

  private ensureProcessor(): PoseFrameProcessor {
    if (this.processor) return this.processor;
    const { logger } = this.options;
    this.detector = new PoseDetector({
      onEvent: (event) => {
        if (event.type === 'ready') logger.info(`pose model loaded in ${Math.round(event.loadMs)} ms`, { restarts: event.restarts });
        else if (event.type === 'failed') logger.error(`pose detection down: ${event.error.message}; restarting in ${event.retryInMs} ms`);
      },
    });
    this.processor = new PoseFrameProcessor({
      detector: this.detector,
      onResult: (result) => this.onResult(result),
      onError: (error) => {
        // The detector restarts itself; say so once in a while, not for every frame.
        if (Date.now() - this.lastErrorLogged < 5000) return;
        this.lastErrorLogged = Date.now();
        logger.warn(`pose detection failed: ${error.message}`);
      },
    });
    return this.processor;
  }

  private onFrame(frame: ReceivedFrame): void {
    const processor = this.processor;
    if (!processor || frame.producerId !== this.producerId) return;
    // Our own copy to draw on: the sink's buffer is not ours.
    const out = { width: frame.width, height: frame.height, data: new Uint8Array(frame.data) };
    processor.process(out, frame.receivedAt - this.epoch);
    this.processed.emit('frame', out);
  }

  private onResult(result: PoseResult): void {
    const producerId = this.producerId;
    if (!producerId) return;
    const { pose, body } = result.classification;
    this.seen = { pose: body ? pose : null };
    this.commander.observe(producerId, { pose, body });
  }

  private begin(producerId: string): void {
    this.ensureProcessor();
    this.producerId = producerId;
    this.seen = undefined;
    this.commander.newCamera(producerId);
    this.options.logger.info('processing a phone camera', { producerId });
    if (!this.publisher) {
      this.publisher = new WebRtcPublisher({
        link: this.options.link,
        source: this.processed,
        mediaSource: 'processed-camera',
        maxBitrateKbps: this.options.maxBitrateKbps,
        logger: this.options.logger.child('processed'),
      });
      this.publisher.start();
    }
  }

  private end(producerId: string, reason: string): void {
    this.options.logger.info(`phone camera gone: ${reason}`, { producerId });
    if (this.producerId === producerId) this.producerId = undefined;
    this.seen = undefined;
    // Nobody in view any more, as far as the gate knows: a pose-started move is stopped.
    this.commander.cameraGone(producerId);
    // Nothing to show: the processed stream goes too, so viewers see "waiting" rather than a frozen frame.
    this.publisher?.stop();
    this.publisher = undefined;
  }

  private tellSeen(): void {
    const stats = this.processor?.stats();
    if (!this.seen || !stats || !this.producerId) return;
    this.options.link.notify('pose:seen', {
      producerId: this.producerId,
      pose: this.seen.pose,
      fps: stats.detectionsPerSecond,
      inferenceMs: stats.lastInferenceMs ?? 0,
      droppedFrames: stats.dropped,
    });
  }
}
