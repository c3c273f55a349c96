import { EventEmitter } from 'node:events';
import type { Timers } from '../../time/Timers.ts';
import type { VideoFormat } from '../VideoFrame.ts';
import type { VideoSource, VideoSourceEvents } from '../VideoSource.ts';
import { FrameTimer } from './FrameTimer.ts';
import { TestPatternPainter } from './TestPatternPainter.ts';
import { assertValidVideoFormat, defaultVideoFormat, formatLabel } from './videoFormatRules.ts';

export interface TestPatternSourceOptions {
  /** Default 640x480@30. */
  format?: VideoFormat;
  /** Milliseconds on the SFU's clock, stamped into each frame; default Date.now. */
  clock?: () => number;
  /** What paces the frames; default the system's timers (tests pass simulated ones). */
  timers?: Timers;
}

/**
 * The default camera: colour bars, moving content, a large frame counter and the capture-time
 * stamp, generated in JS. Needs no hardware, and its stamp lets receivers measure latency.
 */
export class TestPatternSource extends EventEmitter<VideoSourceEvents> implements VideoSource {
  private painter: TestPatternPainter;
  private readonly clock: () => number;
  private readonly timer: FrameTimer;
  private frameNumber = 0;

  constructor(options: TestPatternSourceOptions = {}) {
    super();
    const format = options.format ?? defaultVideoFormat;
    assertValidVideoFormat(format);
    this.painter = new TestPatternPainter(format);
    this.clock = options.clock ?? Date.now;
    this.timer = new FrameTimer((elapsedMs) => this.emitFrame(elapsedMs), options.timers);
  }

  get description(): string {
    return `test pattern ${formatLabel(this.painter.format)}`;
  }

  get format(): VideoFormat {
    return { ...this.painter.format };
  }

  async start(): Promise<void> {
    if (this.timer.isRunning) return;
    this.frameNumber = 0;
    this.timer.start(this.painter.format.fps);
  }

  async stop(): Promise<void> {
    if (!this.timer.isRunning) return;
    this.timer.stop();
    this.emit('end');
  }

  async setFormat(format: VideoFormat): Promise<void> {
    assertValidVideoFormat(format);
    const fpsChanged = format.fps !== this.painter.format.fps;
    this.painter = new TestPatternPainter(format);
    if (fpsChanged) this.timer.setFps(format.fps);
  }

  private emitFrame(elapsedMs: number): void {
    const { width, height } = this.painter.format;
    const captureTimeMs = this.clock();
    const frameNumber = this.frameNumber++;
    const data = this.painter.paint(frameNumber, elapsedMs, captureTimeMs);
    this.emit('frame', { width, height, data, captureTimeMs, frameNumber });
  }
}
