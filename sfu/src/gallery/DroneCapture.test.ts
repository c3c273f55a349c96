import { describe, expect, it } from 'vitest';
import { fail, idleRecordingState, ok, ProtocolError, type GroundAgentRequestName, type RecordingState } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { DroneCapture } from './DroneCapture.ts';

const logger = createLogger('test');

function setUp(answer: (event: GroundAgentRequestName, payload: unknown) => Promise<unknown>) {
  const announced: RecordingState[] = [];
  const asked: { event: string; payload: unknown }[] = [];
  const capture = new DroneCapture({ logger, announceRecording: (s) => announced.push(s), announceChange: () => undefined });
  capture.attachAgent({
    id: 'agent-socket',
    ask: (event, payload) => {
      asked.push({ event, payload });
      return answer(event, payload);
    },
  });
  return { capture, announced, asked };
}

async function refusal(promise: Promise<unknown>): Promise<ProtocolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(error)}`);
  return error;
}

const running: RecordingState = { ...idleRecordingState, recording: true, id: '0000000000abcdefghij', startedAt: 1, durationMs: 5000, resolution: '640x480', fps: 30 };

describe('DroneCapture', () => {
  it('lets pilots and the console capture and delete, viewers only look, and says who asked', async () => {
    const { capture, asked } = setUp(async () => ok({ items: [], more: false }));
    const viewer = { role: 'viewer', peerId: 'v' } as const;
    for (const attempt of [capture.photo(viewer), capture.startRecording(viewer), capture.stopRecording(viewer), capture.delete(viewer, { id: 'x' })]) {
      const error = await refusal(attempt);
      expect([error.code, error.message]).toEqual(['FORBIDDEN', expect.stringMatching(/a viewer cannot .* \(pilots and the console can\)/)]);
    }
    expect((await refusal(capture.photo({ role: 'processing', peerId: 'p' }))).code).toBe('FORBIDDEN');
    expect(asked).toEqual([]);
    await capture.list(viewer, { limit: 10 });
    await capture.delete({ role: 'console', peerId: 'c' }, { id: '0000000000abcdefghij' }).catch(() => undefined);
    expect(asked).toEqual([
      { event: 'gallery:list', payload: { limit: 10 } },
      { event: 'gallery:delete', payload: { id: '0000000000abcdefghij', from: { role: 'console', peerId: 'c' } } },
    ]);
  });

  it("passes the agent's refusals on, and refuses malformed or missing answers itself", async () => {
    const notFound = setUp(async () => fail('NOT_FOUND', 'no photo or recording with id 0000000000abcdefghij'));
    const error = await refusal(notFound.capture.list({ role: 'pilot', peerId: 'p' }, { limit: 5 }));
    expect([error.code, error.message]).toEqual(['NOT_FOUND', 'no photo or recording with id 0000000000abcdefghij']);
    const malformed = setUp(async () => ok({ items: 'not a list' }));
    expect((await refusal(malformed.capture.list({ role: 'pilot', peerId: 'p' }, { limit: 5 }))).code).toBe('INTERNAL');
    const silent = setUp(() => Promise.reject(new Error('operation has timed out')));
    expect((await refusal(silent.capture.photo({ role: 'pilot', peerId: 'p' }))).message).toMatch(/did not answer capture:photo in time/);
    silent.capture.detachAgent('agent-socket');
    expect((await refusal(silent.capture.photo({ role: 'pilot', peerId: 'p' }))).message).toMatch(/not connected/);
  });

  it('remembers the recording state for clients that join, and tells them when the agent goes away mid-recording', () => {
    const { capture, announced } = setUp(async () => ok({}));
    capture.reportedRecording(running);
    expect(capture.recordingState).toEqual(running);
    capture.detachAgent('someone-else');
    expect(capture.recordingState.recording).toBe(true);
    capture.detachAgent('agent-socket');
    expect(capture.recordingState).toMatchObject({ recording: false, lastEnd: { reason: 'agent-offline', id: running.id } });
    expect(announced.map((s) => s.recording)).toEqual([true, false]);
  });

  it('shows recording as unavailable while no ground agent is connected, and takes the agent\'s word once it is', () => {
    const capture = new DroneCapture({ logger, announceRecording: () => undefined, announceChange: () => undefined });
    expect(capture.recordingState).toMatchObject({ recording: false, unavailable: 'the ground station is not connected to the server' });
    const { capture: attached, announced } = setUp(async () => ok({}));
    const saved = { reason: 'requested', message: 'recording saved', id: running.id } as const;
    attached.reportedRecording({ ...idleRecordingState, lastEnd: saved, unavailable: 'no ffmpeg — install ffmpeg (sudo apt-get install ffmpeg)' });
    expect(attached.recordingState.unavailable).toMatch(/no ffmpeg/);
    attached.detachAgent('agent-socket');
    // Not recording when it left: the last end stays as it was, only the reason changes.
    expect(attached.recordingState).toEqual({ ...idleRecordingState, lastEnd: saved, unavailable: 'the ground station is not connected to the server' });
    expect(announced.map((s) => s.unavailable)).toEqual([expect.stringMatching(/no ffmpeg/), 'the ground station is not connected to the server']);
  });

  it('keeps the agent link for commands: one photo and one gallery read at a time, however many are asked at once', async () => {
    let inFlight = 0;
    let most = 0;
    const { capture } = setUp(async (event) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return event === 'gallery:read' ? ok({ size: 1, mimeType: 'image/jpeg', fileName: 'a.jpg', data: Buffer.alloc(0) }) : fail('INVALID_STATE', 'no camera');
    });
    const pilot = { role: 'pilot', peerId: 'p' } as const;
    await Promise.allSettled(Array.from({ length: 5 }, () => capture.photo(pilot)));
    expect(most).toBe(1);
    most = 0;
    await Promise.all(Array.from({ length: 50 }, (_, i) => capture.read(pilot, { id: 'abcdefghijkl', variant: 'file', offset: i, length: 0 })));
    expect(most).toBe(1);
  });
});
