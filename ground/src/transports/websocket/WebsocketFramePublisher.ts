import type { Socket } from 'socket.io-client';
import {
  encodeJpegFrame,
  frameDemandSchema,
  frameRelayEvents,
  maxJpegFrameMessageBytes,
  describeIssues,
  type Logger,
} from '@dronecast/protocol';
import type { JpegEncoder } from '../../video/encoders/JpegEncoder.ts';
import type { VideoFrame } from '../../video/VideoFrame.ts';
import type { VideoSource } from '../../video/VideoSource.ts';
import { FrameRateLimiter } from '../FrameRateLimiter.ts';

export interface WebsocketFramePublisherOptions {
  source: VideoSource;
  /** The JPEG encoder shared with the other JPEG transports; its quality applies. */
  encoder: JpegEncoder;
  /** A socket on the SFU's frames namespace, authenticated with the ground token (see connectFrameSocket). */
  socket: Socket;
  logger: Logger;
  /** Most JPEG frames per second sent; default 15. Changeable live with setMaxFps. */
  maxFps?: number;
  /** The clock the frame rate is capped on, ms (default performance.now; tests pass a simulated one). */
  now?: () => number;
  /** Told when phones start and stop watching: a passthrough camera decodes frames only meanwhile. */
  onWatched?: (watched: boolean) => void;
}

export interface WebsocketFramePublisherStats {
  /** Phones watching, as last told by the SFU. */
  subscribers: number;
  sent: number;
  /** Source frames skipped because the previous encode was still running. */
  skippedBusy: number;
  /** Source frames skipped by the frame-rate cap. */
  skippedRate: number;
  /** Frames skipped because the link to the SFU had not written the previous ones yet. */
  skippedBacklog: number;
  /** Encoded frames too large to send. */
  tooLarge: number;
}

/**
 * Sends the drone camera as JPEG frames over socket.io, one binary message per frame, but only
 * while the SFU says a phone is watching. A frame that arrives while the previous one is still
 * being encoded is skipped, never queued: late video is worse than fewer frames.
 */
export class WebsocketFramePublisher {
  private readonly rateLimiter: FrameRateLimiter;
  private readonly now: () => number;
  private subscribers = 0;
  private encoding = false;
  private listening = false;
  private closed = false;
  private readonly counts = { sent: 0, skippedBusy: 0, skippedRate: 0, skippedBacklog: 0, tooLarge: 0 };
  private readonly onFrame = (frame: VideoFrame): void => void this.publish(frame);

  constructor(private readonly options: WebsocketFramePublisherOptions) {
    this.rateLimiter = new FrameRateLimiter(options.maxFps ?? 15);
    this.now = options.now ?? (() => performance.now());
    const { socket, logger } = options;
    socket.on(frameRelayEvents.demand, (payload: unknown) => {
      const demand = frameDemandSchema.safeParse(payload);
      if (!demand.success) return logger.warn(`ignored a malformed frame demand from the SFU: ${describeIssues(demand.error)}`);
      this.setSubscribers(demand.data.subscribers);
    });
    // The SFU announces the demand again when we reconnect.
    socket.on('disconnect', () => this.setSubscribers(0));
  }

  get stats(): WebsocketFramePublisherStats {
    return { subscribers: this.subscribers, ...this.counts };
  }

  get maxFps(): number {
    return this.rateLimiter.maxFps;
  }

  setMaxFps(maxFps: number): void {
    this.rateLimiter.setMaxFps(maxFps);
  }

  /** Stops listening to the source; the socket belongs to the caller. */
  close(): void {
    this.closed = true;
    this.setSubscribers(0);
  }

  private setSubscribers(subscribers: number): void {
    const watched = subscribers > 0 && !this.closed;
    if (watched !== this.listening) {
      this.options.logger.info(watched ? 'phones are watching: sending JPEG frames' : 'nobody watches: JPEG frames paused');
      this.options.onWatched?.(watched);
    }
    this.subscribers = subscribers;
    if (watched && !this.listening) this.options.source.on('frame', this.onFrame);
    if (!watched && this.listening) this.options.source.off('frame', this.onFrame);
    this.listening = watched;
  }

  private async publish(frame: VideoFrame): Promise<void> {
    const { socket, encoder, logger } = this.options;
    if (!socket.connected || this.subscribers === 0) return;
    if (this.encoding) return void this.counts.skippedBusy++;
    if (!this.rateLimiter.admit(this.now())) return void this.counts.skippedRate++;
    // A link slower than the video would otherwise queue frames in socket.io's write buffer.
    if ((socket.io.engine?.writeBuffer.length ?? 0) > 0) return void this.counts.skippedBacklog++;
    this.encoding = true;
    try {
      const jpeg = await encoder.encode(frame);
      const message = encodeJpegFrame(frame, jpeg);
      if (message.length > maxJpegFrameMessageBytes) {
        this.counts.tooLarge++;
        logger.warn(`JPEG frame of ${message.length} bytes is over the ${maxJpegFrameMessageBytes}-byte limit; lower the quality or resolution`);
      } else if (socket.connected && this.subscribers > 0) {
        socket.emit(frameRelayEvents.frame, message);
        this.counts.sent++;
      }
    } catch (error) {
      logger.warn(`JPEG encoding failed: ${(error as Error).message}`);
    } finally {
      this.encoding = false;
    }
  }
}
