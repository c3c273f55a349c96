import { EventEmitter } from 'node:events';
import type { Logger, PoseControlState, PoseName, Telemetry } from '@dronecast/protocol';
import { WebRtcPublisher, WebRtcSubscriber, type RawVideoFrame, type ReceivedFrame, type SignalingLink } from '@dronecast/peer';
import { PoseFrameProcessor, type PoseDetector, type PoseFrameStats, type PoseResult } from '../pose/index.ts';
import { PoseCommander } from './PoseCommander.ts';

export interface PhonePipelineOptions {
  link: SignalingLink;
  /** The phone-camera producer this pipeline processes. */
  producerId: string;
  /** Shared by every phone: one model in memory, frames from all phones take turns (latest wins). */
  detector: PoseDetector;
  maxBitrateKbps: number;
  logger: Logger;
}

/**
 * One phone's camera through the pose stage: received from the SFU, every frame drawn on (latest
 * skeleton and caption) and sent back as the `processed-camera` made from it, while its poses go
 * through this camera's own gate. Detection runs beside the video and never holds it back.
 */
export class PhonePipeline {
  private readonly subscriber: WebRtcSubscriber;
  private readonly processor: PoseFrameProcessor;
  private readonly commander: PoseCommander;
  private readonly processed = new EventEmitter<{ frame: [RawVideoFrame] }>();
  private publisher: WebRtcPublisher | undefined;
  private seenPose: { pose: PoseName | null } | undefined;
  private lastErrorLogged = 0;

  constructor(private readonly options: PhonePipelineOptions) {
    const { link, producerId, logger } = options;
    this.subscriber = new WebRtcSubscriber({
      link,
      mediaSource: 'phone-camera',
      pick: (producers) => producers.find((p) => p.producerId === producerId),
      logger,
    });
    this.commander = new PoseCommander({ link, logger: logger.child('commands'), onStatus: (lines) => this.processor.setNote(lines) });
    this.processor = new PoseFrameProcessor({
      detector: options.detector,
      onResult: (result) => this.onResult(result),
      onError: (error) => {
        // The detector restarts itself; say so once in a while, not for every frame.
        if (Date.now() - this.lastErrorLogged < 5000) return;
        this.lastErrorLogged = Date.now();
        logger.warn(`pose detection failed: ${error.message}`);
      },
    });
    this.subscriber.on('consuming', () => this.startPublishing());
    this.subscriber.on('stopped', (_id, reason) => this.stopPublishing(reason));
    this.subscriber.on('frame', (frame) => this.onFrame(frame));
  }

  get producerId(): string {
    return this.options.producerId;
  }

  /** What the pose stage sees now, or undefined before the first detection. */
  get seen(): { pose: PoseName | null; stats: PoseFrameStats } | undefined {
    return this.seenPose && { ...this.seenPose, stats: this.processor.stats() };
  }

  start(): void {
    this.subscriber.start();
    this.commander.newCamera(this.options.producerId);
    this.commander.start();
  }

  setControl(state: PoseControlState): void {
    this.commander.setControl(state);
  }

  setTelemetry(telemetry: Telemetry): void {
    this.commander.setTelemetry(telemetry);
  }

  stop(): void {
    // Nobody in view any more, as far as this camera's gate knows: a pose-started move is stopped.
    this.commander.cameraGone(this.options.producerId);
    this.commander.stop();
    this.subscriber.stop();
    this.stopPublishing('the phone camera is gone');
  }

  private onFrame(frame: ReceivedFrame): void {
    // Our own copy to draw on: the sink's buffer is not ours.
    const out = { width: frame.width, height: frame.height, data: new Uint8Array(frame.data) };
    this.processor.process(out, frame.receivedAt);
    this.processed.emit('frame', out);
  }

  private onResult(result: PoseResult): void {
    const { pose, body } = result.classification;
    this.seenPose = { pose: body ? pose : null };
    this.commander.observe(this.options.producerId, { pose, body });
  }

  private startPublishing(): void {
    if (this.publisher) return;
    this.publisher = new WebRtcPublisher({
      link: this.options.link,
      source: this.processed,
      mediaSource: 'processed-camera',
      of: this.options.producerId,
      maxBitrateKbps: this.options.maxBitrateKbps,
      logger: this.options.logger,
    });
    this.publisher.start();
  }

  private stopPublishing(reason: string): void {
    if (!this.publisher) return;
    this.options.logger.info(`processed video stopped: ${reason}`);
    // Nothing to show: the processed stream goes too, so viewers see "waiting" rather than a frozen frame.
    this.publisher.stop();
    this.publisher = undefined;
  }
}
