import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import { WebRtcSubscriber, type ReceivedFrame, type SignalingLink } from '@dronecast/peer';
import type { VideoFormat } from './VideoFrame.ts';
import type { VideoSourceEvents } from './VideoSource.ts';

/**
 * The phone camera after the pose worker (skeleton and caption drawn), received from the SFU:
 * a frame feed like the drone camera, for the console and the recorder. Its rate is measured,
 * since the phone decides it.
 */
export class ProcessedVideoFeed extends EventEmitter<VideoSourceEvents> {
  readonly description = 'processed phone camera';
  private readonly subscriber: WebRtcSubscriber;
  private frameNumber = 0;
  private measured: VideoFormat = { width: 0, height: 0, fps: 0 };
  private arrivals: number[] = [];

  constructor(private readonly options: { link: SignalingLink; logger: Logger }) {
    super();
    this.subscriber = new WebRtcSubscriber({ link: options.link, mediaSource: 'processed-camera', logger: options.logger });
    this.subscriber.on('frame', (frame) => this.onFrame(frame));
    this.subscriber.on('stopped', (_id, reason) => {
      options.logger.info(`processed video stopped: ${reason}`);
      this.emit('end');
    });
  }

  /** Size of the last frame and the rate over the last second (0 while nothing arrives). */
  get format(): VideoFormat {
    return this.measured;
  }

  start(): void {
    this.subscriber.start();
  }

  stop(): void {
    this.subscriber.stop();
  }

  private onFrame(frame: ReceivedFrame): void {
    this.arrivals.push(frame.receivedAt);
    while ((this.arrivals[0] ?? Infinity) < frame.receivedAt - 1000) this.arrivals.shift();
    this.measured = { width: frame.width, height: frame.height, fps: Math.max(1, Math.min(30, this.arrivals.length)) };
    // Capture time: when it got here, on the SFU's clock (the phone's own clock is not synced with ours).
    this.emit('frame', {
      width: frame.width,
      height: frame.height,
      data: frame.data,
      captureTimeMs: this.options.link.serverNow(),
      frameNumber: this.frameNumber++,
    });
  }
}
