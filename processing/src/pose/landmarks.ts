/** One of MediaPipe's 33 pose landmarks: x, y normalised to the image (0..1, y down), z relative depth. */
export interface Landmark {
  x: number;
  y: number;
  z: number;
  /** 0..1: how likely the point is visible (in the frame and not hidden). */
  visibility: number;
}

/** 33 landmarks, indexed by `LandmarkIndex`. "Left" is the person's own left. */
export type PoseLandmarks = readonly Landmark[];

export const LANDMARK_COUNT = 33;

/** BlazePose topology (MediaPipe's numbering). */
export const LandmarkIndex = {
  nose: 0,
  leftEyeInner: 1,
  leftEye: 2,
  leftEyeOuter: 3,
  rightEyeInner: 4,
  rightEye: 5,
  rightEyeOuter: 6,
  leftEar: 7,
  rightEar: 8,
  mouthLeft: 9,
  mouthRight: 10,
  leftShoulder: 11,
  rightShoulder: 12,
  leftElbow: 13,
  rightElbow: 14,
  leftWrist: 15,
  rightWrist: 16,
  leftPinky: 17,
  rightPinky: 18,
  leftIndex: 19,
  rightIndex: 20,
  leftThumb: 21,
  rightThumb: 22,
  leftHip: 23,
  rightHip: 24,
  leftKnee: 25,
  rightKnee: 26,
  leftAnkle: 27,
  rightAnkle: 28,
  leftHeel: 29,
  rightHeel: 30,
  leftFootIndex: 31,
  rightFootIndex: 32,
} as const;
export type LandmarkName = keyof typeof LandmarkIndex;

export type BodySide = 'left' | 'right' | 'centre';

/** The skeleton's bones, with the side each belongs to (drawn in the side's colour). */
export const POSE_CONNECTIONS: readonly (readonly [LandmarkName, LandmarkName, BodySide])[] = [
  ['nose', 'leftEyeInner', 'left'],
  ['leftEyeInner', 'leftEye', 'left'],
  ['leftEye', 'leftEyeOuter', 'left'],
  ['leftEyeOuter', 'leftEar', 'left'],
  ['nose', 'rightEyeInner', 'right'],
  ['rightEyeInner', 'rightEye', 'right'],
  ['rightEye', 'rightEyeOuter', 'right'],
  ['rightEyeOuter', 'rightEar', 'right'],
  ['mouthLeft', 'mouthRight', 'centre'],
  ['leftShoulder', 'rightShoulder', 'centre'],
  ['leftShoulder', 'leftElbow', 'left'],
  ['leftElbow', 'leftWrist', 'left'],
  ['leftWrist', 'leftPinky', 'left'],
  ['leftWrist', 'leftIndex', 'left'],
  ['leftWrist', 'leftThumb', 'left'],
  ['leftPinky', 'leftIndex', 'left'],
  ['rightShoulder', 'rightElbow', 'right'],
  ['rightElbow', 'rightWrist', 'right'],
  ['rightWrist', 'rightPinky', 'right'],
  ['rightWrist', 'rightIndex', 'right'],
  ['rightWrist', 'rightThumb', 'right'],
  ['rightPinky', 'rightIndex', 'right'],
  ['leftShoulder', 'leftHip', 'left'],
  ['rightShoulder', 'rightHip', 'right'],
  ['leftHip', 'rightHip', 'centre'],
  ['leftHip', 'leftKnee', 'left'],
  ['rightHip', 'rightKnee', 'right'],
  ['leftKnee', 'leftAnkle', 'left'],
  ['rightKnee', 'rightAnkle', 'right'],
  ['leftAnkle', 'leftHeel', 'left'],
  ['rightAnkle', 'rightHeel', 'right'],
  ['leftHeel', 'leftFootIndex', 'left'],
  ['rightHeel', 'rightFootIndex', 'right'],
  ['leftAnkle', 'leftFootIndex', 'left'],
  ['rightAnkle', 'rightFootIndex', 'right'],
];

/** Side of a single landmark, from its name. */
export function sideOf(name: LandmarkName): BodySide {
  if (name.startsWith('left') || name === 'mouthLeft') return 'left';
  if (name.startsWith('right') || name === 'mouthRight') return 'right';
  return 'centre';
}

export const LANDMARK_NAMES = Object.keys(LandmarkIndex) as LandmarkName[];

/** Default threshold below which a landmark counts as not seen (drawing and classification). */
export const DEFAULT_MIN_VISIBILITY = 0.5;
