import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleRecordingState, ProtocolError, type GalleryItem, type RecordingState } from '@dronecast/protocol';
import { CaptureControls } from './CaptureControls.ts';
import { formatDuration } from './formatDuration.ts';
import { ScriptedSignaling } from './testing/ScriptedSignaling.ts';

const photo: GalleryItem = {
  id: '0000000000photo000001',
  kind: 'photo',
  createdAt: 1,
  fileName: 'dronecast-photo.jpg',
  mimeType: 'image/jpeg',
  sizeBytes: 1000,
  width: 640,
  height: 480,
  capturedBy: { role: 'pilot', peerId: 'p1' },
  position: null,
};
const video: GalleryItem = { ...photo, id: '0000000000video000001', kind: 'video', mimeType: 'video/mp4', durationMs: 12_300, fileName: 'v.mp4' };
const running = (startedAt: number, durationMs: number): RecordingState => ({
  ...idleRecordingState,
  recording: true,
  id: video.id,
  startedAt,
  durationMs,
  resolution: '640x480',
  fps: 30,
});

let signaling: ScriptedSignaling;
let controls: CaptureControls;
let serverNow: number;

beforeEach(() => {
  vi.useFakeTimers();
  serverNow = 1_000_000;
  signaling = new ScriptedSignaling();
  controls = new CaptureControls(signaling, () => serverNow, { tickMs: 250, okFeedbackMs: 4000 });
});

afterEach(() => {
  controls.close();
  vi.useRealTimers();
});

/** Moves the fake clocks (timers and the server's) together. */
function advance(ms: number): void {
  serverNow += ms;
  vi.advanceTimersByTime(ms);
}

describe('CaptureControls', () => {
  it('shows a photo pending, then saved, and the message goes away by itself', async () => {
    let answer: (item: GalleryItem) => void = () => undefined;
    signaling.answer('capture:photo', () => new Promise((resolve) => (answer = resolve)));
    const taken = controls.takePhoto();
    expect(controls.photo.value).toMatchObject({ pending: true, feedback: null });
    answer(photo);
    await expect(taken).resolves.toEqual(photo);
    expect(controls.photo.value).toEqual({ pending: false, item: photo, feedback: { tone: 'ok', text: 'Photo saved (640×480)' } });
    advance(4000);
    expect(controls.photo.value.feedback).toBeNull();
  });

  it("keeps the server's reason when a photo is refused", async () => {
    signaling.answer('capture:photo', () => {
      throw new ProtocolError('FORBIDDEN', 'a viewer cannot take photos (pilots and the console can)');
    });
    await expect(controls.takePhoto()).resolves.toBeNull();
    advance(10_000);
    expect(controls.photo.value.feedback).toEqual({ tone: 'error', text: 'Photo not taken: a viewer cannot take photos (pilots and the console can)' });
  });

  it('stays pending while any of several overlapping photos is on its way', async () => {
    const answers: ((item: GalleryItem) => void)[] = [];
    signaling.answer('capture:photo', () => new Promise((resolve) => answers.push(resolve)));
    const first = controls.takePhoto();
    const second = controls.takePhoto();
    answers[0]?.(photo);
    await first;
    expect(controls.photo.value.pending).toBe(true);
    answers[1]?.({ ...photo, id: '0000000000photo000002' });
    await second;
    expect(controls.photo.value.pending).toBe(false);
  });

  it('ticks the recording time between the server reports, on the SFU clock, never backwards', () => {
    signaling.emit('capture:recording', running(serverNow - 300, 0));
    expect(formatDuration(controls.elapsedMs.value)).toBe('0:00');
    advance(1000);
    expect(controls.elapsedMs.value).toBe(1300);
    advance(10_000 - 1300);
    // No report for 10 s: the count waits at 2 s past the last report instead of inventing time.
    expect(controls.elapsedMs.value).toBe(2000);
    signaling.emit('capture:recording', running(serverNow - 10_000, 9_600));
    expect(controls.elapsedMs.value).toBe(10_000);
    signaling.emit('capture:recording', running(serverNow - 10_000 + 400, 9_500));
    expect(controls.elapsedMs.value).toBe(10_000);
    advance(2_000);
    expect(formatDuration(controls.elapsedMs.value)).toBe('0:11');
  });

  it('starts and stops, shows which is pending, and goes idle with the saved length', async () => {
    signaling.answer('capture:startRecording', () => running(serverNow, 0));
    const started = controls.startRecording();
    expect(controls.record.value.pending).toBe('start');
    await expect(started).resolves.toBe(true);
    expect(controls.recording.value.recording).toBe(true);

    let finish: (answer: { item: GalleryItem }) => void = () => undefined;
    signaling.answer('capture:stopRecording', () => new Promise((resolve) => (finish = resolve)));
    const stopped = controls.stopRecording();
    expect(controls.record.value.pending).toBe('stop');
    await expect(controls.startRecording()).resolves.toBe(false);
    finish({ item: video });
    await expect(stopped).resolves.toEqual(video);
    expect(controls.recording.value.recording).toBe(false);
    expect(controls.elapsedMs.value).toBe(0);
    expect(controls.record.value).toEqual({ pending: null, feedback: { tone: 'ok', text: 'Recording saved (0:12)' }, item: video });
    expect(controls.endNotice.value).toBeNull();
    expect(signaling.sent.find((s) => s.event === 'capture:stopRecording')?.timeoutMs).toBeGreaterThan(120_000);
  });

  it('records the drone camera unless asked for the processed phone video', async () => {
    signaling.answer('capture:startRecording', () => running(serverNow, 0));
    await controls.startRecording();
    signaling.emit('capture:recording', idleRecordingState);
    await controls.startRecording('processed-camera');
    expect(signaling.sent.filter((s) => s.event === 'capture:startRecording').map((s) => s.payload)).toEqual([{}, { source: 'processed-camera' }]);
  });

  it('says why a start was refused', async () => {
    signaling.answer('capture:startRecording', () => {
      throw new ProtocolError('INVALID_STATE', 'cannot record: only 120 MB free');
    });
    await expect(controls.startRecording()).resolves.toBe(false);
    expect(controls.record.value.feedback).toEqual({ tone: 'error', text: 'Recording not started: cannot record: only 120 MB free' });
  });

  it('tells why a recording ended by itself, until dismissed, and again for a later end', () => {
    signaling.emit('capture:recording', running(serverNow, 0));
    const lowDisk: RecordingState = { ...idleRecordingState, lastEnd: { reason: 'low-disk', message: 'recording stopped: only 90 MB free', id: video.id } };
    signaling.emit('capture:recording', lowDisk);
    expect(controls.endNotice.value).toBe('Recording stopped: only 90 MB free.');
    controls.dismissEndNotice();
    expect(controls.endNotice.value).toBeNull();
    signaling.emit('capture:recording', lowDisk);
    expect(controls.endNotice.value).toBeNull();
    signaling.emit('capture:recording', { ...lowDisk, lastEnd: { reason: 'source-ended', message: 'recording stopped: the video source stopped', id: null } });
    expect(controls.endNotice.value).toBe('Recording stopped: the video source stopped.');
  });

  it("shows Record as unavailable with the ground station's reason before anyone taps, and asks nothing when tapped anyway", async () => {
    const noEncoder = 'the ground station has no ffmpeg (the H.264 encoder) on its PATH — install ffmpeg (sudo apt-get install ffmpeg)';
    expect(controls.recordUnavailable.value).toBeNull();
    signaling.emit('capture:recording', { ...idleRecordingState, unavailable: noEncoder });
    expect(controls.recordUnavailable.value).toBe(`Recording unavailable: ${noEncoder}`);
    signaling.answer('capture:startRecording', () => running(serverNow, 0));
    await expect(controls.startRecording()).resolves.toBe(false);
    await expect(controls.startRecording('processed-camera')).resolves.toBe(false);
    expect(signaling.sent).toEqual([]);
    // Photos are another matter.
    signaling.answer('capture:photo', () => photo);
    await expect(controls.takePhoto()).resolves.toEqual(photo);

    signaling.emit('capture:recording', { ...idleRecordingState, unavailable: 'the ground station is not connected to the server' });
    expect(controls.recordUnavailable.value).toBe('Recording unavailable: the ground station is not connected to the server');
    signaling.emit('capture:recording', idleRecordingState);
    expect(controls.recordUnavailable.value).toBeNull();
    await expect(controls.startRecording()).resolves.toBe(true);
  });

  it('never calls a running recording unavailable: it can always be stopped', () => {
    signaling.emit('capture:recording', { ...running(serverNow, 0), unavailable: 'the ground station is not connected to the server' });
    expect(controls.recordUnavailable.value).toBeNull();
  });

  it('stops listening and ticking when closed', () => {
    signaling.emit('capture:recording', running(serverNow, 0));
    controls.close();
    expect(signaling.listenerCount('capture:recording')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
