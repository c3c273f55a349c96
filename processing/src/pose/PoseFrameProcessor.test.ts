import { describe, expect, it } from 'vitest';

import type { PoseDetection, PoseDetectorState, PoseInput } from './detector/PoseDetector.ts';
import { PoseDetectorError } from './detector/PoseDetectorError.ts';
import { drawCaption } from './draw/drawCaption.ts';
import { SIDE_COLOURS } from './draw/drawSkeleton.ts';
import { i420Layout, type I420Frame } from './frames.ts';
import { LandmarkIndex } from './landmarks.ts';
import { PoseFrameProcessor, type PoseDetectorPort, type PoseResult } from './PoseFrameProcessor.ts';
import { ARMS, syntheticPose } from './testing/syntheticPose.ts';

const width = 640;
const height = 480;
const landmarks = syntheticPose({ left: ARMS.out, right: ARMS.down, aspect: width / height });

/** Answers each detect() when told to, like a detector thread that takes its time. */
class FakeDetector implements PoseDetectorPort {
  currentState: PoseDetectorState = 'ready';
  lastFailure: PoseDetectorError | null = null;
  readonly offered: { frame: PoseInput; settle: (outcome: PoseDetection | PoseDetectorError) => void }[] = [];

  detect(frame: PoseInput): Promise<PoseDetection> {
    return new Promise((resolve, reject) => {
      this.offered.push({ frame, settle: (outcome) => (outcome instanceof PoseDetectorError ? reject(outcome) : resolve(outcome)) });
    });
  }

  /** Answers the oldest waiting frame with the synthetic skeleton. */
  async answer(inferenceMs = 30): Promise<void> {
    const next = this.offered.shift()!;
    const { data, timestampMs } = next.frame;
    next.settle({ status: 'detected', landmarks, inferenceMs, latencyMs: inferenceMs + 2, timestampMs, data: data as Uint8Array });
    await Promise.resolve();
  }
}

function greyFrame(): I420Frame {
  const { uOffset, byteLength } = i420Layout(width, height);
  const data = new Uint8Array(byteLength).fill(128);
  data.fill(100, 0, uOffset);
  return { data, width, height };
}

const leftElbow = () => {
  const { x, y } = landmarks[LandmarkIndex.leftElbow]!;
  return Math.round(y * height) * width + Math.round(x * width);
};

/** The caption region of `frame` equals a grey frame with exactly these lines drawn. */
function expectCaption(frame: I420Frame, lines: string[]): void {
  const reference = greyFrame();
  const box = drawCaption(reference, lines);
  for (let y = 0; y < box.height; y++) {
    const row = y * width;
    expect(Buffer.from(frame.data.subarray(row, row + box.width)).equals(Buffer.from(reference.data.subarray(row, row + box.width))), `caption row ${y}`).toBe(true);
  }
}

describe('PoseFrameProcessor', () => {
  it('forwards every frame at once, drawing the latest skeleton once there is one', async () => {
    const detector = new FakeDetector();
    const results: PoseResult[] = [];
    let now = 0;
    const processor = new PoseFrameProcessor({ detector, onResult: (r) => results.push(r), now: () => now });

    const first = greyFrame();
    processor.process(first, 0);
    expect(detector.offered).toHaveLength(1);
    expect(first.data[leftElbow()]).toBe(100);
    expectCaption(first, ['POSE: WAITING']);

    now = 40;
    await detector.answer(31);
    expect(results).toHaveLength(1);
    expect(results[0]!.classification).toMatchObject({ pose: 'east', body: true });

    const second = greyFrame();
    processor.process(second, 33);
    expect(second.data[leftElbow()]).toBe(SIDE_COLOURS.left.y);
    expectCaption(second, ['EAST | 0.5 FPS | 31 MS']);
  });

  it('reuses the RGBA buffers the detector hands back', async () => {
    const detector = new FakeDetector();
    const processor = new PoseFrameProcessor({ detector });
    processor.process(greyFrame(), 0);
    const firstBuffer = detector.offered[0]!.frame.data;
    await detector.answer();
    processor.process(greyFrame(), 33);
    expect(detector.offered[0]!.frame.data).toBe(firstBuffer);
  });

  it('shows the detections per second and the caller\'s note', async () => {
    const detector = new FakeDetector();
    let now = 0;
    const processor = new PoseFrameProcessor({ detector, now: () => now });
    for (let i = 0; i < 5; i++) {
      processor.process(greyFrame(), i * 50);
      now = i * 50 + 40;
      await detector.answer(40);
    }
    processor.setNote(['POSE CONTROL ON']);
    const frame = greyFrame();
    processor.process(frame, 250);
    expectCaption(frame, ['EAST | 20.0 FPS | 40 MS', 'POSE CONTROL ON']);
    expect(processor.stats()).toMatchObject({ frames: 6, offered: 6, detected: 5, detectionsPerSecond: 20 });
  });

  it('stops drawing a skeleton that has grown old', async () => {
    const detector = new FakeDetector();
    const processor = new PoseFrameProcessor({ detector, maxSkeletonAgeMs: 500 });
    processor.process(greyFrame(), 0);
    await detector.answer();
    const late = greyFrame();
    processor.process(late, 800);
    expect(late.data[leftElbow()]).toBe(100);
  });

  it('while the detector is down, frames still flow, captioned, and are not offered', async () => {
    const detector = new FakeDetector();
    const errors: PoseDetectorError[] = [];
    const processor = new PoseFrameProcessor({ detector, onError: (e) => errors.push(e) });
    processor.process(greyFrame(), 0);
    detector.offered.shift()!.settle(new PoseDetectorError('thread-crashed', 'the pose detector thread exited with code 71'));
    await Promise.resolve();
    await Promise.resolve();
    expect(errors.map((e) => e.code)).toEqual(['thread-crashed']);
    detector.currentState = 'down';
    const frame = greyFrame();
    processor.process(frame, 33);
    expect(detector.offered).toHaveLength(0);
    expectCaption(frame, ['POSE DETECTOR FAILED, RESTARTING']);
    expect(processor.stats()).toMatchObject({ frames: 2, offered: 1, failed: 1 });
  });

  it('counts frames the detector dropped', async () => {
    const detector = new FakeDetector();
    const processor = new PoseFrameProcessor({ detector });
    processor.process(greyFrame(), 0);
    const { frame, settle } = detector.offered.shift()!;
    settle({ status: 'dropped', timestampMs: frame.timestampMs, data: frame.data });
    await Promise.resolve();
    await Promise.resolve();
    expect(processor.stats().dropped).toBe(1);
  });
});
