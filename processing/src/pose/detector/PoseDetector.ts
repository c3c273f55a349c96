import { Worker } from 'node:worker_threads';

import { checkRgba, type RgbaFrame } from '../frames.ts';
import type { PoseLandmarks } from '../landmarks.ts';
import { readPoseModel } from '../modelFile.ts';
import type { FaultKind, FromDetectorThread, ToDetectorThread } from './messages.ts';
import { PoseDetectorError } from './PoseDetectorError.ts';

export interface PoseInput extends RgbaFrame {
  /** Capture time in ms on any clock: only the intervals between frames reach MediaPipe's tracking. */
  timestampMs: number;
}

/** Every detect() settles with its frame's bytes (`data`) so the caller can reuse them. */
export type PoseDetection =
  | {
      status: 'detected';
      /** null: nobody in view. */
      landmarks: PoseLandmarks | null;
      /** detectForVideo alone, measured in the thread. */
      inferenceMs: number;
      /** From detect() to the result, waiting for a busy thread included. */
      latencyMs: number;
      timestampMs: number;
      data: Uint8Array;
    }
  /** A newer frame arrived before this one could start; it was never processed. */
  | { status: 'dropped'; timestampMs: number; data: Uint8Array | Uint8ClampedArray };

export type PoseDetectorState = 'starting' | 'ready' | 'down' | 'closed';

export type PoseDetectorEvent =
  | { type: 'ready'; loadMs: number; restarts: number }
  | { type: 'failed'; error: PoseDetectorError; retryInMs: number }
  /** An error line MediaPipe printed. */
  | { type: 'log'; line: string };

export interface PoseDetectorStats {
  state: PoseDetectorState;
  offered: number;
  detected: number;
  /** Frames replaced by a newer one while the thread was busy. */
  dropped: number;
  failed: number;
  restarts: number;
  lastInferenceMs: number | null;
}

export interface PoseDetectorOptions {
  /** Default: processing/models/pose_landmarker_full.task, re-read at each (re)start. */
  modelPath?: string;
  /** The model itself instead of a path (tests). */
  modelBytes?: Uint8Array;
  /** Wait before restart number n after consecutive failures (the last value repeats). */
  retryDelaysMs?: readonly number[];
  loadTimeoutMs?: number;
  /** A detection that takes longer than this means a hung thread: it is terminated and restarted. */
  detectTimeoutMs?: number;
  onEvent?: (event: PoseDetectorEvent) => void;
}

interface Job {
  frame: PoseInput;
  resolve: (detection: PoseDetection) => void;
  reject: (error: PoseDetectorError) => void;
  offeredAt: number;
}

const MAX_REFUSED_IN_A_ROW = 3;

const bootstrapUrl = new URL('./detectorThread.bootstrap.mjs', import.meta.url);

/**
 * MediaPipe PoseLandmarker in a worker thread, one frame at a time, latest wins: a frame offered
 * while the thread is busy waits in a single slot, and a newer frame replaces it (the older one
 * settles as `dropped`), so callers never build a queue. A thread that crashes or a model that
 * will not load is reported (onEvent, rejected detects) and restarted after a growing delay.
 */
export class PoseDetector {
  private worker: Worker | null = null;
  private state: PoseDetectorState = 'starting';
  private inFlight: (Job & { id: number }) | null = null;
  private pending: Job | null = null;
  private lastError: PoseDetectorError | null = null;
  private threadError: Error | null = null;
  private failuresInARow = 0;
  private refusedInARow = 0;
  private nextId = 1;
  private restartTimer: NodeJS.Timeout | undefined;
  private loadTimer: NodeJS.Timeout | undefined;
  private detectTimer: NodeJS.Timeout | undefined;
  private readyWaiters: { resolve: () => void; reject: (error: PoseDetectorError) => void }[] = [];
  private readonly counters = { offered: 0, detected: 0, dropped: 0, failed: 0, restarts: 0 };
  private lastInferenceMs: number | null = null;
  private readonly retryDelaysMs: readonly number[];
  private readonly loadTimeoutMs: number;
  private readonly detectTimeoutMs: number;

  constructor(private readonly options: PoseDetectorOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? [250, 1000, 2000, 5000, 10_000];
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
    this.detectTimeoutMs = options.detectTimeoutMs ?? 5000;
    this.start();
  }

  /** Resolves once a thread has loaded the model; rejects if the current attempt fails. */
  ready(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new PoseDetectorError('closed', 'the pose detector is closed'));
    if (this.state === 'down' && this.lastError) return Promise.reject(this.lastError);
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /**
   * Detects the pose in one RGBA frame. The frame's buffer is transferred to the thread (the
   * caller's view is emptied) and handed back in the result. Rejects with PoseDetectorError.
   */
  detect(frame: PoseInput): Promise<PoseDetection> {
    try {
      checkRgba(frame);
    } catch (error) {
      return Promise.reject(new PoseDetectorError('bad-frame', (error as Error).message));
    }
    if (this.state === 'closed') return Promise.reject(new PoseDetectorError('closed', 'the pose detector is closed'));
    if (this.state === 'down') {
      return Promise.reject(new PoseDetectorError('unavailable', `pose detection unavailable until the restart: ${this.lastError?.message}`));
    }
    this.counters.offered++;
    return new Promise<PoseDetection>((resolve, reject) => {
      const job: Job = { frame, resolve, reject, offeredAt: performance.now() };
      if (this.state === 'ready' && !this.inFlight) {
        this.send(job);
        return;
      }
      if (this.pending) this.drop(this.pending);
      this.pending = job;
    });
  }

  get currentState(): PoseDetectorState {
    return this.state;
  }

  /** Why the detector is down (or was last), for captions and logs. */
  get lastFailure(): PoseDetectorError | null {
    return this.lastError;
  }

  stats(): PoseDetectorStats {
    return { state: this.state, ...this.counters, lastInferenceMs: this.lastInferenceMs };
  }

  /** Makes the thread throw, exit, hang or refuse every frame, as a failure would; for tests and self-checks. */
  injectFault(kind: FaultKind): void {
    this.post({ type: 'fault', kind });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const error = new PoseDetectorError('closed', 'the pose detector was closed');
    this.state = 'closed';
    clearTimeout(this.restartTimer);
    clearTimeout(this.loadTimer);
    clearTimeout(this.detectTimer);
    this.settleAll(error);
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): void {
    this.state = 'starting';
    this.threadError = null;
    this.refusedInARow = 0;
    let model: ArrayBuffer;
    try {
      model = ownedBuffer(this.options.modelBytes ? new Uint8Array(this.options.modelBytes) : readPoseModel(this.options.modelPath));
    } catch (error) {
      this.fail(new PoseDetectorError('model-load-failed', (error as Error).message, { cause: error }));
      return;
    }
    const worker = new Worker(bootstrapUrl, { name: 'pose-detector' });
    this.worker = worker;
    worker.on('message', (message: FromDetectorThread) => {
      if (worker === this.worker) this.onMessage(message);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.threadError = error;
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.onExit(code);
    });
    this.loadTimer = setTimeout(() => {
      this.fail(new PoseDetectorError('model-load-failed', `the pose model did not load within ${this.loadTimeoutMs} ms`));
    }, this.loadTimeoutMs);
    this.post({ type: 'init', model }, [model]);
  }

  private onMessage(message: FromDetectorThread): void {
    switch (message.type) {
      case 'ready':
        clearTimeout(this.loadTimer);
        this.state = 'ready';
        this.options.onEvent?.({ type: 'ready', loadMs: message.loadMs, restarts: this.counters.restarts });
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        this.pump();
        break;
      case 'load-failed':
        this.fail(new PoseDetectorError('model-load-failed', `MediaPipe could not load the pose model: ${message.message}`));
        break;
      case 'result': {
        const job = this.takeInFlight(message.id);
        if (!job) break;
        this.failuresInARow = 0;
        this.refusedInARow = 0;
        this.counters.detected++;
        this.lastInferenceMs = message.inferenceMs;
        job.resolve({
          status: 'detected',
          landmarks: message.landmarks,
          inferenceMs: message.inferenceMs,
          latencyMs: performance.now() - job.offeredAt,
          timestampMs: job.frame.timestampMs,
          data: new Uint8Array(message.pixels),
        });
        this.pump();
        break;
      }
      case 'detect-failed': {
        const job = this.takeInFlight(message.id);
        if (!job) break;
        this.counters.failed++;
        job.reject(new PoseDetectorError(message.fatal ? 'thread-crashed' : 'detect-failed', `pose detection failed: ${message.message}`));
        // After a fatal failure the thread exits; onExit restarts it.
        if (message.fatal) break;
        // A MediaPipe graph that failed a few frames in a row tends to stay broken: start afresh.
        if (++this.refusedInARow >= MAX_REFUSED_IN_A_ROW) {
          this.fail(new PoseDetectorError('thread-crashed', `MediaPipe failed ${this.refusedInARow} frames in a row (${message.message})`));
          break;
        }
        this.pump();
        break;
      }
      case 'log':
        this.options.onEvent?.({ type: 'log', line: message.line });
        break;
    }
  }

  private onExit(code: number): void {
    const cause = this.threadError;
    const how = cause ? `threw: ${cause.message}` : `exited with code ${code}`;
    this.fail(new PoseDetectorError('thread-crashed', `the pose detector thread ${how}`, { cause }));
  }

  /** Reports, rejects everything waiting, and schedules a fresh thread. */
  private fail(error: PoseDetectorError): void {
    if (this.state === 'closed') return;
    clearTimeout(this.loadTimer);
    clearTimeout(this.detectTimer);
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.state = 'down';
    this.lastError = error;
    this.settleAll(error);
    const retryInMs = this.retryDelaysMs[Math.min(this.failuresInARow, this.retryDelaysMs.length - 1)] ?? 1000;
    this.failuresInARow++;
    this.options.onEvent?.({ type: 'failed', error, retryInMs });
    this.restartTimer = setTimeout(() => {
      this.counters.restarts++;
      this.start();
    }, retryInMs);
  }

  private settleAll(error: PoseDetectorError): void {
    const jobs = [this.inFlight, this.pending].filter((job) => job !== null);
    this.inFlight = null;
    this.pending = null;
    for (const job of jobs) {
      this.counters.failed++;
      job.reject(error);
    }
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
  }

  private send(job: Job): void {
    const id = this.nextId++;
    const { data, width, height, timestampMs } = job.frame;
    const pixels = ownedBuffer(data);
    this.inFlight = { ...job, id };
    this.detectTimer = setTimeout(() => {
      this.fail(new PoseDetectorError('thread-crashed', `the pose detector thread did not answer within ${this.detectTimeoutMs} ms`));
    }, this.detectTimeoutMs);
    try {
      this.post({ type: 'detect', id, pixels, width, height, timestampMs }, [pixels]);
    } catch (error) {
      // Node 22+ refuses to transfer an ArrayBuffer whose memory a native add-on owns (sharp's
      // toBuffer(), for one): postMessage throws a DataCloneError before sending. Send a copy.
      if (!(error instanceof DOMException && error.name === 'DataCloneError')) throw error;
      const copy = new Uint8Array(data).buffer;
      this.post({ type: 'detect', id, pixels: copy, width, height, timestampMs }, [copy]);
    }
  }

  private pump(): void {
    if (this.state !== 'ready' || this.inFlight || !this.pending) return;
    const job = this.pending;
    this.pending = null;
    this.send(job);
  }

  private drop(job: Job): void {
    this.counters.dropped++;
    job.resolve({ status: 'dropped', timestampMs: job.frame.timestampMs, data: job.frame.data });
  }

  private takeInFlight(id: number): (Job & { id: number }) | null {
    const job = this.inFlight;
    if (job?.id !== id) return null;
    clearTimeout(this.detectTimer);
    this.inFlight = null;
    return job;
  }

  private post(message: ToDetectorThread, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
  }
}

/** The view's bytes as a whole ArrayBuffer that can be transferred: the view's own, else one copy. */
function ownedBuffer(view: Uint8Array | Uint8ClampedArray): ArrayBuffer {
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) return buffer;
  return new Uint8Array(view).buffer;
}
