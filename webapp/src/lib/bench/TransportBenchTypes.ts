import type { BenchTimelinePoint, ClockSample, VideoQuality, VideoTransport } from '@dronecast/protocol';
import type { Observable } from '../observable.ts';
import type { SessionStatus } from '../session/SessionTypes.ts';
import type { TransportSummary } from './transportSummary.ts';

/** One transport being measured, as a run drives it (TransportProbe on the page). */
export interface MeasuredTransport {
  readonly transport: VideoTransport;
  /** From opening to the first frame on screen, ms; null before it. */
  readonly startupMs: number | null;
  /** Why there is no picture, in plain words; empty while playing. */
  readonly problem: string;
  readonly timeline: readonly BenchTimelinePoint[];
  begin(sourceFps: number, now?: number): void;
  elapsedS(now?: number): number;
  tick(now?: number): BenchTimelinePoint | null;
  summarize(now?: number): TransportSummary;
  close(): void;
}

/** What a run needs of the page's session and of the announced quality. */
export interface BenchSession {
  readonly status: Observable<SessionStatus>;
  readonly clock: ClockSample | null;
}
export interface QualitySource {
  readonly quality: Observable<VideoQuality | null>;
}

/**
 * Where one transport is in a run:
 * - `idle`: no run yet. `waiting`: its turn comes later (one after another).
 * - `starting`: opened, waiting for its first frame. `settling`: playing, not measured yet.
 * - `measuring`, then `done`; `failed` (no frame came), `unavailable` (not offered), `skipped` (stopped before its turn).
 */
export type LaneStage = 'idle' | 'waiting' | 'starting' | 'settling' | 'measuring' | 'done' | 'failed' | 'unavailable' | 'skipped';

export interface LaneState<P extends MeasuredTransport = MeasuredTransport> {
  stage: LaneStage;
  /** Plain words for the panel. */
  message: string;
  /** The transport's video while it runs (starting to measuring), else null. */
  probe: P | null;
}

export type Lanes<P extends MeasuredTransport = MeasuredTransport> = Record<VideoTransport, LaneState<P>>;

/** Each transport's chart points of the current (or last) run. */
export type Timelines = Partial<Record<VideoTransport, readonly BenchTimelinePoint[]>>;
