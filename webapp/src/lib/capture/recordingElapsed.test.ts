import { describe, expect, it } from 'vitest';
import { idleRecordingState, type RecordingState } from '@dronecast/protocol';
import { maxAheadOfReportMs, recordingElapsedMs } from './recordingElapsed.ts';

const running: RecordingState = { ...idleRecordingState, recording: true, id: '0000000000abcdefghij', startedAt: 1_000_000, durationMs: 5000 };

describe('recordingElapsedMs', () => {
  it('counts on the SFU clock between reports', () => {
    expect(recordingElapsedMs(running, 1_005_400)).toBe(5400);
    expect(recordingElapsedMs(running, 1_005_900)).toBe(5900);
  });

  it('never shows less than the server reported (clock behind)', () => {
    expect(recordingElapsedMs(running, 1_001_000)).toBe(5000);
  });

  it('stops running ahead when reports stall or the clock is ahead', () => {
    expect(recordingElapsedMs(running, 1_060_000)).toBe(5000 + maxAheadOfReportMs);
  });

  it('uses the report alone without a start time, and shows nothing when idle', () => {
    expect(recordingElapsedMs({ ...running, startedAt: null }, 1_009_000)).toBe(5000);
    expect(recordingElapsedMs(idleRecordingState, 1_009_000)).toBe(0);
  });
});
