import { describe, expect, it } from 'vitest';

import { ARMS, straightArm, syntheticPose, type ArmSpec } from '../testing/syntheticPose.ts';
import { classifyPose } from './classifyPose.ts';
import type { PoseName } from './poses.ts';

const aspect = 4 / 3;
const classify = (left: ArmSpec, right: ArmSpec, extra: Parameters<typeof syntheticPose>[0] extends infer O ? Partial<O> : never = {}) =>
  classifyPose(syntheticPose({ left, right, aspect, ...extra }), { aspect });

describe('classifyPose on synthetic landmark sets', () => {
  const table: [string, ArmSpec, ArmSpec, PoseName][] = [
    ['both arms down', ARMS.down, ARMS.down, 'stop'],
    ['left arm out', ARMS.out, ARMS.down, 'east'],
    ['right arm out', ARMS.down, ARMS.out, 'west'],
    ['both arms up', ARMS.up, ARMS.up, 'north'],
    ['arms crossed', ARMS.crossed, ARMS.crossed, 'south'],
    ['hands on head', ARMS.onHead, ARMS.onHead, 'land'],
    ['left arm up', ARMS.up, ARMS.down, 'rtl'],
    ['right arm up', ARMS.down, ARMS.up, 'rtl'],
  ];

  const rows = table.map(([name, left, right, pose]) => ({ name, left, right, pose }));

  it.each(rows)('$name -> $pose', ({ left, right, pose }) => {
    const result = classify(left, right);
    expect(result.pose, result.reason).toBe(pose);
    expect(result.body).toBe(true);
  });

  it.each(rows)('$name -> $pose, leaning 12 degrees either way, far away, at the side of a 16:9 frame', ({ left, right, pose }) => {
    expect(classifyPose(syntheticPose({ left, right, aspect: 16 / 9, tiltDeg: 12, torso: 0.15, centre: [0.3, 0.35] }), { aspect: 16 / 9 }).pose).toBe(pose);
    expect(classifyPose(syntheticPose({ left, right, aspect, tiltDeg: -12 }), { aspect }).pose).toBe(pose);
  });

  describe('ambiguous poses give no command', () => {
    const ambiguous: [string, ArmSpec, ArmSpec][] = [
      ['both arms out (T)', ARMS.out, ARMS.out],
      ['left arm at 45 degrees, right down', ARMS.at45, ARMS.down],
      ['right arm at 45 degrees, left down', ARMS.down, ARMS.at45],
      ['both arms at 45 degrees', ARMS.at45, ARMS.at45],
      ['both arms at 135 degrees (V)', ARMS.at135, ARMS.at135],
      ['left arm at 135 degrees, right down', ARMS.at135, ARMS.down],
      ['one arm up, the other out', ARMS.up, ARMS.out],
      ['one hand on the head only', ARMS.onHead, ARMS.down],
      ['one arm across the chest only', ARMS.crossed, ARMS.down],
      ['forearm raised, elbow bent (waving)', ARMS.bentUp, ARMS.down],
      ['arms at 30 and 60 degrees', straightArm(30), straightArm(60)],
    ];
    it.each(ambiguous)('%s', (_name, left, right) => {
      const result = classify(left, right);
      expect(result.pose, result.reason).toBe('none');
      expect(result.body).toBe(true);
    });

    it('hands clasped in front of the belly are arms down: stop, the safe reading', () => {
      expect(classify(ARMS.clasped, ARMS.clasped).pose).toBe('stop');
    });

    it('the band edges: 35 degrees is still down, 65 is out', () => {
      expect(classify(straightArm(34), ARMS.down).pose).toBe('stop');
      expect(classify(straightArm(50), ARMS.down).pose).toBe('none');
      expect(classify(straightArm(66), ARMS.down).pose).toBe('east');
      expect(classify(straightArm(114), ARMS.down).pose).toBe('east');
      expect(classify(straightArm(130), ARMS.down).pose).toBe('none');
      expect(classify(straightArm(150), ARMS.down).pose).toBe('rtl');
    });
  });

  describe('visibility', () => {
    it('nobody in view', () => {
      expect(classifyPose(null, { aspect })).toMatchObject({ pose: 'none', body: false });
      expect(classifyPose([], { aspect })).toMatchObject({ pose: 'none', body: false });
    });

    it.each(['leftWrist', 'rightElbow', 'leftHip', 'rightShoulder', 'nose'] as const)('a half-visible body (%s hidden) is no body', (name) => {
      const result = classify(ARMS.out, ARMS.down, { hidden: [name] });
      expect(result).toMatchObject({ pose: 'none', body: false });
      expect(result.reason).toContain(name);
    });

    it('hips below the bottom of the frame (upper body only) is no body', () => {
      const landmarks = syntheticPose({ left: ARMS.down, right: ARMS.down, aspect, torso: 0.5, centre: [0.5, 0.6] });
      expect(classifyPose(landmarks, { aspect })).toMatchObject({ pose: 'none', body: false });
    });

    it('legs may be hidden', () => {
      const result = classify(ARMS.up, ARMS.up, { hidden: ['leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle'] });
      expect(result.pose).toBe('north');
    });

    it('a person far away is too small to judge', () => {
      expect(classify(ARMS.out, ARMS.down, { torso: 0.05 })).toMatchObject({ pose: 'none', body: false });
    });

    it('a person lying down is not upright', () => {
      expect(classify(ARMS.down, ARMS.down, { tiltDeg: 70, centre: [0.4, 0.5], torso: 0.15 })).toMatchObject({ pose: 'none', body: true });
    });
  });

  describe('left and right', () => {
    it('"left" is the pilot\'s own left arm: on the right of the unmirrored picture', () => {
      const landmarks = syntheticPose({ left: ARMS.out, right: ARMS.down, aspect });
      expect(landmarks[15]!.x).toBeGreaterThan(landmarks[16]!.x);
      expect(classifyPose(landmarks, { aspect }).pose).toBe('east');
    });

    it('mirrored frames swap the sides back', () => {
      const landmarks = syntheticPose({ left: ARMS.out, right: ARMS.down, aspect });
      expect(classifyPose(landmarks, { aspect, mirrored: true }).pose).toBe('west');
    });

    it('a pilot with their back to the camera keeps their own left and right', () => {
      const front = syntheticPose({ left: ARMS.out, right: ARMS.down, aspect });
      const back = front.map((landmark) => ({ ...landmark, x: 1 - landmark.x }));
      expect(classifyPose(back, { aspect }).pose).toBe('east');
    });
  });
});
