import type { RecordingState } from '@dronecast/protocol';

/**
 * How far the shown time may run ahead of the server's last report. Reports come every second;
 * past this, updates have stalled (say, the recording is being finalized) and the count waits.
 */
export const maxAheadOfReportMs = 2000;

/**
 * How long the recording has run, for a clock that ticks between the server's once-a-second
 * reports. The SFU clock since `startedAt` counts smoothly; the reported duration bounds it, so a
 * badly synced clock can neither show less than the server said nor run far ahead of it.
 */
export function recordingElapsedMs(state: RecordingState, serverNow: number): number {
  if (!state.recording) return 0;
  const reported = state.durationMs;
  if (state.startedAt === null || !Number.isFinite(serverNow)) return reported;
  const byClock = serverNow - state.startedAt;
  return Math.min(Math.max(byClock, reported), reported + maxAheadOfReportMs);
}
