import type { RecorderResult } from './Recorder.ts';

/** What RecordingController needs of a recorder: the encoding Recorder and the StreamCopyRecorder both are one. */
export interface VideoRecorder {
  readonly fps: number;
  readonly durationMs: number;
  readonly resolution: { width: number; height: number } | undefined;
  /** Resolves once the file has begun; rejects with why not. */
  start(): Promise<void>;
  /** Finishes the file. */
  stop(graceMs?: number): Promise<RecorderResult>;
  /** ffmpeg died on its own: what is in the file so far is all there is. */
  on(event: 'failed', listener: (error: Error) => void): unknown;
}
