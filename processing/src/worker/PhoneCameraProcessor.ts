import { EventEmitter } from 'node:events';
import type { Logger, PoseName } from '@dronecast/protocol';
import type { RawVideoFrame, ReceivedFrame } from '@dronecast/peer';
import { classifyPose, type PoseClassification } from '../pose/classify/classifyPose.ts';
import type { PoseDetector } from '../pose/detector/PoseDetector.ts';
import { drawCaption } from '../pose/draw/drawCaption.ts';
import { drawSkeleton } from '../pose/draw/drawSkeleton.ts';
import { i420ToRgba } from '../pose/i420ToRgba.ts';
import type { PoseLandmarks } from '../pose/landmarks.ts';

/** What the pose is now, for the gate and for everyone watching. */
export interface PoseReading {
  producerId: string;
  /** null: nobody (fully) in view. */
  pose: PoseName | null;
  classification: PoseClassification;
  /** Local ms when the frame it came from arrived. */
  at: number;
}

export interface ProcessorStats {
  framesIn: number;
  framesOut: number;
  /** Frames detection had no time for (the picture still went out, with the latest skeleton). */
  notAnalysed: number;
  analysed: number;
  /** Analysed frames in the last second. */
  analysedPerSecond: number;
  lastInferenceMs: number | null;
  /** Drawing the skeleton and caption on the last frame (what this stage adds to the video). */
  lastDrawMs: number | null;
  detectionErrors: number;
}

export interface PhoneCameraProcessorEvents {
  /** A processed frame for the `processed-camera` producer: every camera frame, never held back. */
  frame: [RawVideoFrame];
  /** The pose after each analysed frame. */
  reading: [PoseReading];
}

/** Landmarks older than this are not drawn: they would float where the person no longer is. */
const staleSkeletonMs = 1_000;

/**
 * The pose stage between the phone camera and the processed video. Every camera frame goes out
 * at once with the latest skeleton and a caption drawn on it, so the video keeps the camera's
 * frame rate; detection runs beside it on whatever frame is current when the detector is free,
 * so it never builds a queue (the frames it skips are counted).
 */
export class PhoneCameraProcessor extends EventEmitter<PhoneCameraProcessorEvents> {
  private detecting = false;
  private latest: { landmarks: PoseLandmarks | null; reading: PoseReading } | undefined;
  private readonly analysedAt: number[] = [];
  private readonly counters = { framesIn: 0, framesOut: 0, notAnalysed: 0, analysed: 0, detectionErrors: 0 };
  private lastInferenceMs: number | null = null;
  private lastDrawMs: number | null = null;
  private lastErrorLogged = 0;
  private readonly epoch = Date.now();

  constructor(private readonly options: { detector: PoseDetector; logger: Logger }) {
    super();
  }

  stats(now = Date.now()): ProcessorStats {
    while ((this.analysedAt[0] ?? Infinity) < now - 1000) this.analysedAt.shift();
    return { ...this.counters, analysedPerSecond: this.analysedAt.length, lastInferenceMs: this.lastInferenceMs, lastDrawMs: this.lastDrawMs };
  }

  /** Forgets the person: the camera changed or stopped. */
  reset(): void {
    this.latest = undefined;
  }

  private lastSize = '';

  push(frame: ReceivedFrame): void {
    this.counters.framesIn++;
    const size = `${frame.width}x${frame.height}`;
    if (size !== this.lastSize) {
      this.options.logger.info(`phone camera frames are ${size}`);
      this.lastSize = size;
    }
    if (this.detecting) this.counters.notAnalysed++;
    else void this.detect(frame);
    this.forward(frame);
  }

  private forward(frame: ReceivedFrame): void {
    const started = performance.now();
    // Our own copy: the sink's buffer is not ours to draw on, and detection may be reading it.
    const out = { width: frame.width, height: frame.height, data: new Uint8Array(frame.data) };
    const latest = this.latest;
    const fresh = latest && latest.reading.producerId === frame.producerId && frame.receivedAt - latest.reading.at < staleSkeletonMs;
    if (fresh && latest.landmarks) drawSkeleton(out, latest.landmarks);
    drawCaption(out, this.caption(fresh ? latest.reading : undefined));
    this.lastDrawMs = performance.now() - started;
    this.counters.framesOut++;
    this.emit('frame', out);
  }

  private caption(reading: PoseReading | undefined): string[] {
    const { analysedPerSecond, lastInferenceMs } = this.stats();
    const pose = reading === undefined ? 'LOOKING...' : reading.pose === null ? 'NOBODY IN VIEW' : `POSE: ${reading.pose.toUpperCase()}`;
    return [pose, `${analysedPerSecond} FPS  ${lastInferenceMs === null ? '-' : Math.round(lastInferenceMs)} MS`];
  }

  private async detect(frame: ReceivedFrame): Promise<void> {
    this.detecting = true;
    try {
      const rgba = i420ToRgba(frame);
      // Relative to our start: MediaPipe's graph fails from the third frame on with epoch-sized timestamps.
      const detection = await this.options.detector.detect({ ...rgba, timestampMs: frame.receivedAt - this.epoch });
      if (detection.status !== 'detected') return;
      this.counters.analysed++;
      this.analysedAt.push(Date.now());
      this.lastInferenceMs = detection.inferenceMs;
      const classification = classifyPose(detection.landmarks, { aspect: frame.width / frame.height });
      const reading: PoseReading = {
        producerId: frame.producerId,
        pose: classification.body ? classification.pose : null,
        classification,
        at: frame.receivedAt,
      };
      this.latest = { landmarks: detection.landmarks, reading };
      this.emit('reading', reading);
    } catch (error) {
      this.counters.detectionErrors++;
      // The detector restarts itself; say so once in a while, not for every frame.
      if (Date.now() - this.lastErrorLogged > 5000) {
        this.lastErrorLogged = Date.now();
        this.options.logger.warn(`pose detection failed: ${(error as Error).message}`);
      }
    } finally {
      this.detecting = false;
    }
  }
}
