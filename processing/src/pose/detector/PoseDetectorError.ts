export type PoseDetectorErrorCode =
  /** The model file is missing, or MediaPipe refused it (corrupt, wrong kind), or loading timed out. */
  | 'model-load-failed'
  /** The thread threw, exited or its wasm runtime aborted; a fresh one is being started. */
  | 'thread-crashed'
  /** MediaPipe refused this one frame; the thread carries on. */
  | 'detect-failed'
  /** Between a failure and the restart that follows it. */
  | 'unavailable'
  | 'closed'
  | 'bad-frame';

export class PoseDetectorError extends Error {
  override name = 'PoseDetectorError';

  constructor(
    readonly code: PoseDetectorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
