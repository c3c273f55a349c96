import { describe, expect, it } from 'vitest';
import { idleRecordingState, type RecordingState } from '@dronecast/protocol';
import { recordingEndKey, recordingEndNotice } from './recordingEndNotice.ts';

const endedBy = (reason: NonNullable<RecordingState['lastEnd']>['reason'], message: string): RecordingState => ({
  ...idleRecordingState,
  lastEnd: { reason, message, id: '0000000000abcdefghij' },
});

describe('recordingEndNotice', () => {
  it("passes the ground station's sentence on, as a sentence", () => {
    expect(recordingEndNotice(endedBy('low-disk', 'recording stopped: only 120 MB free on the ground station'))).toBe(
      'Recording stopped: only 120 MB free on the ground station.',
    );
    expect(recordingEndNotice(endedBy('agent-offline', 'the ground station went offline; it keeps recording if it is still running'))).toBe(
      'Recording stopped: the ground station went offline; it keeps recording if it is still running.',
    );
    expect(recordingEndNotice(endedBy('source-ended', ''))).toBe('Recording stopped (source-ended).');
  });

  it('says nothing for a stop on request, before any recording, or while a new one runs', () => {
    expect(recordingEndNotice(endedBy('requested', 'recording saved'))).toBeNull();
    expect(recordingEndNotice(idleRecordingState)).toBeNull();
    expect(recordingEndNotice({ ...endedBy('low-disk', 'recording stopped: disk full'), recording: true })).toBeNull();
  });

  it('tells two ends apart', () => {
    expect(recordingEndKey(endedBy('low-disk', 'a'))).not.toBe(recordingEndKey(endedBy('shutdown', 'a')));
    expect(recordingEndKey(idleRecordingState)).toBeNull();
  });
});
