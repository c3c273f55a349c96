import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { classifyPose, type PoseClassification } from './classify/classifyPose.ts';
import { PoseDetector } from './detector/PoseDetector.ts';
import { LandmarkIndex, type PoseLandmarks } from './landmarks.ts';
import { blackFrame, loadTestPhoto, type TestPhotoName } from './testing/testPhotos.ts';

// Real photos of people through the real MediaPipe model in its worker thread, then the classifier.
describe('pose detection and classification on photos of real people', () => {
  let detector: PoseDetector;
  let clock = 0;

  beforeAll(async () => {
    detector = new PoseDetector();
    await detector.ready();
  }, 60_000);

  afterAll(async () => {
    await detector?.close();
  });

  async function detect(name: TestPhotoName): Promise<{ landmarks: PoseLandmarks | null; classification: PoseClassification }> {
    await detector.detect({ ...blackFrame(), timestampMs: (clock += 1000) });
    let landmarks: PoseLandmarks | null = null;
    // Twice: the second frame runs on the tracker, as video does.
    for (let i = 0; i < 2; i++) {
      const result = await detector.detect({ ...(await loadTestPhoto(name)), timestampMs: (clock += 33) });
      if (result.status !== 'detected') throw new Error(`frame ${result.status}`);
      landmarks = result.landmarks;
    }
    return { landmarks, classification: classifyPose(landmarks, { aspect: 640 / 480 }) };
  }

  const y = (landmarks: PoseLandmarks, name: keyof typeof LandmarkIndex) => landmarks[LandmarkIndex[name]]!.y;

  it.each<TestPhotoName>(['womanByWall', 'groupCentre'])('%s: a whole upright body, arms down -> stop', async (name) => {
    const { landmarks, classification } = await detect(name);
    expect(landmarks).toHaveLength(33);
    const body = landmarks!;
    expect(y(body, 'nose')).toBeLessThan(y(body, 'leftShoulder'));
    expect(y(body, 'leftShoulder')).toBeLessThan(y(body, 'leftHip'));
    expect(y(body, 'leftHip')).toBeLessThan(y(body, 'leftKnee'));
    for (const landmark of body) {
      expect(landmark.x).toBeGreaterThan(-0.5);
      expect(landmark.x).toBeLessThan(1.5);
    }
    expect(classification, classification.reason).toMatchObject({ pose: 'stop', body: true });
  });

  it('a selfie (one arm bent up to the face) is no command', async () => {
    const { landmarks, classification } = await detect('womanSelfie');
    expect(landmarks).not.toBeNull();
    expect(classification.pose, classification.reason).toBe('none');
  });

  it('arms held out at about 35 degrees (A-pose) are no command', async () => {
    const { classification } = await detect('renderedAPose');
    expect(classification.pose, classification.reason).toBe('none');
  });

  it('a man seen from the chest up is not a body (hips out of the frame)', async () => {
    const { landmarks, classification } = await detect('manAtDesk');
    expect(landmarks).not.toBeNull();
    expect(classification.body).toBe(false);
    expect(classification.reason).toMatch(/not visible: .*Hip/);
  });

  it.each<TestPhotoName>(['womanStanding', 'manAtTable', 'threePeople'])('%s: someone found, and no movement command', async (name) => {
    const { landmarks, classification } = await detect(name);
    expect(landmarks).not.toBeNull();
    expect(['stop', 'none']).toContain(classification.pose);
  });

  it('an empty frame has nobody in it', async () => {
    const result = await detector.detect({ ...blackFrame(), timestampMs: (clock += 1000) });
    expect(result).toMatchObject({ status: 'detected', landmarks: null });
  });
});
