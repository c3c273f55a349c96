import { classifyPose, type ClassifyOptions, type PoseClassification } from './classify/classifyPose.ts';
import type { PoseDetection, PoseDetectorState, PoseInput } from './detector/PoseDetector.ts';
import { PoseDetectorError } from './detector/PoseDetectorError.ts';
import { drawCaption } from './draw/drawCaption.ts';
import { drawSkeleton } from './draw/drawSkeleton.ts';
import type { I420Frame } from './frames.ts';
import { i420ToRgba } from './i420ToRgba.ts';
import type { PoseLandmarks } from './landmarks.ts';

/** The part of PoseDetector the processor uses (a fake in tests). */
export interface PoseDetectorPort {
  detect(frame: PoseInput): Promise<PoseDetection>;
  readonly currentState: PoseDetectorState;
  readonly lastFailure: PoseDetectorError | null;
}

export interface PoseResult {
  landmarks: PoseLandmarks | null;
  classification: PoseClassification;
  /** The camera frame the landmarks came from. */
  timestampMs: number;
  inferenceMs: number;
  /** From offering the frame to the result. */
  latencyMs: number;
}

export interface PoseFrameStats {
  frames: number;
  /** Detections finished per second, over the last two seconds. */
  detectionsPerSecond: number;
  offered: number;
  detected: number;
  dropped: number;
  failed: number;
  lastInferenceMs: number | null;
}

export interface PoseFrameProcessorOptions {
  detector: PoseDetectorPort;
  classify?: Omit<ClassifyOptions, 'aspect'>;
  /** A skeleton older than this (camera time) is not drawn: the detector is down or lagging badly. */
  maxSkeletonAgeMs?: number;
  /** Each finished detection, classified (feed it to the PoseGate). */
  onResult?: (result: PoseResult) => void;
  /** Detection failures other than "unavailable while restarting" (the detector reports those itself). */
  onError?: (error: PoseDetectorError) => void;
  now?: () => number;
}

/**
 * One phone's video through pose detection, at the camera's frame rate: every frame is offered
 * to the detector (latest wins, so detection never builds latency) and goes out at once with the
 * latest skeleton and a caption drawn into it (pose, detections per second, inference ms).
 */
export class PoseFrameProcessor {
  private latestResult: PoseResult | null = null;
  private readonly pool: Uint8Array[] = [];
  private readonly finishedAt: number[] = [];
  private note: readonly string[] = [];
  private readonly counts = { frames: 0, offered: 0, detected: 0, dropped: 0, failed: 0 };
  private lastInferenceMs: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: PoseFrameProcessorOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Offers the frame for detection and draws the latest skeleton and the caption into it, in
   * place: pass a copy if the original must stay clean. Returns without waiting for detection.
   */
  process(frame: I420Frame, timestampMs: number): void {
    this.counts.frames++;
    const state = this.options.detector.currentState;
    if (state === 'ready' || state === 'starting') this.offer(frame, timestampMs);
    const latest = this.latestResult;
    const fresh = latest !== null && timestampMs - latest.timestampMs <= (this.options.maxSkeletonAgeMs ?? 1000);
    if (fresh && latest.landmarks) drawSkeleton(frame, latest.landmarks, { minVisibility: this.options.classify?.minVisibility });
    drawCaption(frame, [this.headline(state, fresh ? latest : null), ...this.note]);
  }

  /** Extra caption lines from the caller, e.g. the pose gate's status; shown until replaced. */
  setNote(lines: readonly string[]): void {
    this.note = lines;
  }

  get latest(): PoseResult | null {
    return this.latestResult;
  }

  stats(): PoseFrameStats {
    return { ...this.counts, detectionsPerSecond: this.detectionsPerSecond(), lastInferenceMs: this.lastInferenceMs };
  }

  private offer(frame: I420Frame, timestampMs: number): void {
    const size = frame.width * frame.height * 4;
    const reused = this.pool.pop();
    const rgba = i420ToRgba(frame, reused?.length === size ? reused : undefined);
    this.counts.offered++;
    this.options.detector.detect({ ...rgba, timestampMs }).then(
      (detection) => this.onDetection(detection, frame.width / frame.height),
      (error: unknown) => this.onFailure(error),
    );
  }

  private onDetection(detection: PoseDetection, aspect: number): void {
    if (detection.data instanceof Uint8Array && this.pool.length < 3) this.pool.push(detection.data);
    if (detection.status === 'dropped') {
      this.counts.dropped++;
      return;
    }
    this.counts.detected++;
    this.lastInferenceMs = detection.inferenceMs;
    this.finishedAt.push(this.now());
    // Results come back in order (one frame in flight), so the newest result is the latest frame.
    this.latestResult = {
      landmarks: detection.landmarks,
      classification: classifyPose(detection.landmarks, { ...this.options.classify, aspect }),
      timestampMs: detection.timestampMs,
      inferenceMs: detection.inferenceMs,
      latencyMs: detection.latencyMs,
    };
    this.options.onResult?.(this.latestResult);
  }

  private onFailure(error: unknown): void {
    this.counts.failed++;
    const failure = error instanceof PoseDetectorError ? error : new PoseDetectorError('detect-failed', String(error), { cause: error });
    if (failure.code !== 'unavailable' && failure.code !== 'closed') this.options.onError?.(failure);
  }

  private headline(state: PoseDetectorState, latest: PoseResult | null): string {
    if (state === 'down') return 'POSE DETECTOR FAILED, RESTARTING';
    if (state === 'closed') return 'POSE DETECTOR STOPPED';
    if (!latest) return state === 'starting' ? 'POSE: LOADING MODEL' : 'POSE: WAITING';
    const { classification } = latest;
    const pose = classification.body ? classification.pose.toUpperCase() : 'NOBODY';
    return `${pose} | ${this.detectionsPerSecond().toFixed(1)} FPS | ${Math.round(latest.inferenceMs)} MS`;
  }

  /** Over the last two seconds, from the spacing of the results (finer than a count). */
  private detectionsPerSecond(): number {
    const now = this.now();
    while (this.finishedAt.length > 0 && this.finishedAt[0]! < now - 2000) this.finishedAt.shift();
    const n = this.finishedAt.length;
    if (n < 2) return n / 2;
    return ((n - 1) * 1000) / Math.max(1, this.finishedAt[n - 1]! - this.finishedAt[0]!);
  }
}
