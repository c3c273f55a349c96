import type { BenchTimelinePoint, VideoTransport } from '@dronecast/protocol';
import type { TransportProbe } from './TransportProbe.ts';

/**
 * Where one transport is in a run:
 * - `idle`: no run yet. `waiting`: its turn comes later (one after another).
 * - `starting`: opened, waiting for its first frame. `settling`: playing, not measured yet.
 * - `measuring`, then `done`; `failed` (no frame came), `unavailable` (not offered), `skipped` (stopped before its turn).
 */
export type LaneStage = 'idle' | 'waiting' | 'starting' | 'settling' | 'measuring' | 'done' | 'failed' | 'unavailable' | 'skipped';

export interface LaneState {
  stage: LaneStage;
  /** Plain words for the panel. */
  message: string;
  /** The transport's video while it runs (starting to measuring), else null. */
  probe: TransportProbe | null;
}

export type Lanes = Record<VideoTransport, LaneState>;

/** Each transport's chart points of the current (or last) run. */
export type Timelines = Partial<Record<VideoTransport, readonly BenchTimelinePoint[]>>;
