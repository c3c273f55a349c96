import { LANDMARK_COUNT, LandmarkIndex, type Landmark, type LandmarkName } from '../landmarks.ts';

/** An arm as elbow and wrist positions relative to its shoulder: `out` toward the arm's own side, `down`, in torso lengths. */
export interface ArmSpec {
  elbow: readonly [out: number, down: number];
  wrist: readonly [out: number, down: number];
}

const UPPER_ARM = 0.55;
const FOREARM = 0.5;
const SHOULDER_HALF_WIDTH = 0.4;

/** A straight arm at `degrees` from hanging down (90 = out sideways, 180 = up). */
export function straightArm(degrees: number): ArmSpec {
  const rad = (degrees * Math.PI) / 180;
  const dir = [Math.sin(rad), Math.cos(rad)] as const;
  return { elbow: [dir[0] * UPPER_ARM, dir[1] * UPPER_ARM], wrist: [dir[0] * (UPPER_ARM + FOREARM), dir[1] * (UPPER_ARM + FOREARM)] };
}

export const ARMS = {
  down: straightArm(8),
  out: straightArm(90),
  up: straightArm(172),
  at45: straightArm(45),
  at135: straightArm(135),
  /** Forearm across the chest, hand at the other shoulder's upper arm. */
  crossed: { elbow: [0.1, 0.5], wrist: [-(SHOULDER_HALF_WIDTH + 0.3), 0.3] },
  /** Elbow out and up, hand on top of the head. */
  onHead: { elbow: [0.45, -0.2], wrist: [-(SHOULDER_HALF_WIDTH - 0.15), -0.75] },
  /** Hands meeting in front of the belly. */
  clasped: { elbow: [0.1, 0.55], wrist: [-(SHOULDER_HALF_WIDTH + 0.02), 0.95] },
  /** Elbow bent at 90 degrees, forearm up ("waving"). */
  bentUp: { elbow: [0.55, 0], wrist: [0.55, -0.5] },
} as const satisfies Record<string, ArmSpec>;

export interface SyntheticPoseOptions {
  left: ArmSpec;
  right: ArmSpec;
  /** Frame width / height. */
  aspect?: number;
  /** Torso length as a fraction of the frame height. */
  torso?: number;
  /** Lean of the whole body, degrees (positive = clockwise on screen). */
  tiltDeg?: number;
  /** Landmarks to report with low visibility. */
  hidden?: readonly LandmarkName[];
  /** Where the middle of the shoulders is, in normalised image coordinates. */
  centre?: readonly [number, number];
}

/**
 * 33 landmarks of a person facing an unmirrored camera: the person's left side appears on the
 * image's right (larger x), as in the phone's WebRTC track.
 */
export function syntheticPose(options: SyntheticPoseOptions): Landmark[] {
  const aspect = options.aspect ?? 4 / 3;
  const torso = options.torso ?? 0.2;
  const [cx, cy] = options.centre ?? [0.5, 0.3];
  const tilt = ((options.tiltDeg ?? 0) * Math.PI) / 180;
  // Body coordinates: side toward the person's left (+x on screen), down toward the hips.
  const body = new Map<LandmarkName, readonly [number, number]>();
  const both = (name: string, side: number, down: number) => {
    body.set(`left${name}` as LandmarkName, [side, down]);
    body.set(`right${name}` as LandmarkName, [-side, down]);
  };
  body.set('nose', [0, -0.55]);
  both('EyeInner', 0.05, -0.62);
  both('Eye', 0.09, -0.63);
  both('EyeOuter', 0.13, -0.63);
  both('Ear', 0.2, -0.6);
  body.set('mouthLeft', [0.06, -0.47]);
  body.set('mouthRight', [-0.06, -0.47]);
  both('Shoulder', SHOULDER_HALF_WIDTH, 0);
  both('Hip', 0.22, 1);
  both('Knee', 0.23, 1.9);
  both('Ankle', 0.24, 2.8);
  both('Heel', 0.24, 2.88);
  both('FootIndex', 0.3, 2.92);
  for (const [side, arm, sign] of [['left', options.left, 1], ['right', options.right, -1]] as const) {
    const shoulder = sign * SHOULDER_HALF_WIDTH;
    const at = ([out, down]: readonly [number, number]) => [shoulder + sign * out, down] as const;
    body.set(`${side}Elbow`, at(arm.elbow));
    body.set(`${side}Wrist`, at(arm.wrist));
    const hand = at([arm.wrist[0] * 1.1, arm.wrist[1] * 1.1]);
    body.set(`${side}Pinky`, hand);
    body.set(`${side}Index`, hand);
    body.set(`${side}Thumb`, hand);
  }
  const hidden = new Set(options.hidden ?? []);
  const landmarks: Landmark[] = new Array<Landmark>(LANDMARK_COUNT);
  for (const [name, [side, down]] of body) {
    const sx = side * Math.cos(tilt) - down * Math.sin(tilt);
    const sy = side * Math.sin(tilt) + down * Math.cos(tilt);
    landmarks[LandmarkIndex[name]] = { x: cx + (sx * torso) / aspect, y: cy + sy * torso, z: 0, visibility: hidden.has(name) ? 0.1 : 0.98 };
  }
  return landmarks;
}
