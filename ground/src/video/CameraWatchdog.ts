import type { Logger } from '@dronecast/protocol';
import type { VideoSource } from './VideoSource.ts';

export interface CameraWatchdogOptions {
  source: VideoSource;
  logger: Logger;
  /** Delays before each restart attempt; the last one repeats. */
  backoffMs?: number[];
}

/**
 * Restarts a camera that stops on its own (a drone's RTSP feed dropping, a USB camera
 * re-plugged), so video comes back without anyone restarting the ground agent.
 */
export class CameraWatchdog {
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoffMs: number[];
  private readonly onEnd = (): void => this.scheduleRestart();
  private readonly onFrame = (): void => {
    this.attempts = 0;
  };
  private readonly onError = (error: Error): void => this.options.logger.error(`camera failed: ${error.message}`);

  constructor(private readonly options: CameraWatchdogOptions) {
    this.backoffMs = options.backoffMs ?? [1000, 2000, 5000, 10_000];
    options.source.on('end', this.onEnd);
    options.source.on('frame', this.onFrame);
    options.source.on('error', this.onError);
  }

  /**
   * First start. A camera that can't start (unplugged, stream not up yet) is reported and retried
   * with backoff; the agent stays up, since it has other work (the drone link) besides video.
   */
  async start(): Promise<boolean> {
    try {
      await this.options.source.start();
      this.options.logger.info(`camera: ${this.options.source.description}`);
      return true;
    } catch (error) {
      this.options.logger.error(`camera failed to start: ${(error as Error).message}`);
      this.scheduleRestart();
      return false;
    }
  }

  /** Call before stopping the source on purpose, so its 'end' is not taken for a failure. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.options.source.off('end', this.onEnd);
    this.options.source.off('frame', this.onFrame);
    this.options.source.off('error', this.onError);
  }

  private scheduleRestart(): void {
    if (this.stopped || this.timer) return;
    const delay = this.backoffMs[Math.min(this.attempts, this.backoffMs.length - 1)] ?? 1000;
    this.attempts++;
    this.options.logger.warn(`camera ${this.options.source.description} stopped; restarting in ${delay} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.options.source.start().then(
        () => this.options.logger.info(`camera ${this.options.source.description} is back`),
        (error: Error) => {
          this.options.logger.warn(`camera restart failed: ${error.message}`);
          this.scheduleRestart();
        },
      );
    }, delay);
  }
}
