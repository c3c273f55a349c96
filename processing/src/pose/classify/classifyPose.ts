import { DEFAULT_MIN_VISIBILITY, LandmarkIndex, type Landmark, type LandmarkName, type PoseLandmarks } from '../landmarks.ts';
import { armStateOf } from './armState.ts';
import { BodyFrame, type Point } from './bodyFrame.ts';
import { poseOfArms, type ArmState, type PoseName } from './poses.ts';

export interface ClassifyOptions {
  /** Frame width / height: landmarks are normalised per axis, angles need square units. */
  aspect: number;
  minVisibility?: number;
  /**
   * The frames are mirrored (a selfie preview rather than the camera's own picture): swap
   * MediaPipe's left and right so that "left" stays the pilot's own left arm. The phone's
   * WebRTC track is not mirrored (only its preview is), so the default is false.
   */
  mirrored?: boolean;
  /** Smallest torso (shoulders to hips) as a fraction of the frame height; smaller is too far to judge. */
  minTorso?: number;
  /** Largest lean of the torso from vertical, degrees. */
  maxTiltDeg?: number;
}

export interface PoseClassification {
  pose: PoseName;
  /** Enough of a person in view to judge a pose. false means "nobody" for the pose gate. */
  body: boolean;
  arms?: { left: ArmState; right: ArmState };
  /** Why, in a few words (for captions and logs). */
  reason: string;
}

/** Landmarks every pose needs: no command from a half-visible body. */
export const REQUIRED_LANDMARKS: readonly LandmarkName[] = [
  'nose',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  'leftWrist',
  'rightWrist',
  'leftHip',
  'rightHip',
];

export function classifyPose(landmarks: PoseLandmarks | null, options: ClassifyOptions): PoseClassification {
  if (!landmarks || landmarks.length < 33) return { pose: 'none', body: false, reason: 'nobody in view' };
  const minVisibility = options.minVisibility ?? DEFAULT_MIN_VISIBILITY;
  const get = (name: LandmarkName): Landmark => landmarks[LandmarkIndex[options.mirrored ? mirrorName(name) : name]]!;

  const unseen = REQUIRED_LANDMARKS.filter((name) => !isSeen(get(name), minVisibility));
  if (unseen.length > 0) return { pose: 'none', body: false, reason: `not visible: ${unseen.join(', ')}` };

  const point = (name: LandmarkName): Point => ({ x: get(name).x * options.aspect, y: get(name).y });
  const body = BodyFrame.of(point('leftShoulder'), point('rightShoulder'), point('leftHip'), point('rightHip'));
  if (!body) return { pose: 'none', body: false, reason: 'body seen side-on' };
  if (body.torsoLength < (options.minTorso ?? 0.1)) return { pose: 'none', body: false, reason: 'person too far away' };
  if (body.tiltDegrees > (options.maxTiltDeg ?? 30)) return { pose: 'none', body: true, reason: 'body not upright' };

  const inBody = (name: LandmarkName) => body.toBody(point(name));
  const nose = inBody('nose');
  const left = armStateOf({ shoulder: inBody('leftShoulder'), elbow: inBody('leftElbow'), wrist: inBody('leftWrist'), nose }, 1);
  const right = armStateOf({ shoulder: inBody('rightShoulder'), elbow: inBody('rightElbow'), wrist: inBody('rightWrist'), nose }, -1);
  return { pose: poseOfArms(left, right), body: true, arms: { left, right }, reason: `left arm ${left}, right arm ${right}` };
}

function isSeen(landmark: Landmark, minVisibility: number): boolean {
  return landmark.visibility >= minVisibility && landmark.x >= 0 && landmark.x <= 1 && landmark.y >= 0 && landmark.y <= 1;
}

function mirrorName(name: LandmarkName): LandmarkName {
  if (name.startsWith('left')) return `right${name.slice(4)}` as LandmarkName;
  if (name.startsWith('right')) return `left${name.slice(5)}` as LandmarkName;
  if (name === 'mouthLeft') return 'mouthRight';
  if (name === 'mouthRight') return 'mouthLeft';
  return name;
}
