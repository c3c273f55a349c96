// The pose core: MediaPipe in a worker thread, frame conversion, drawing, the classifier and
// the gate that turns poses into drone commands. No networking: the processing worker wires it
// to the SFU. The benchmark is in ./bench.ts (it loads sharp and the test photos).
export type { I420Frame, RgbaFrame } from './frames.ts';
export { i420Layout } from './frames.ts';
export { i420ToRgba } from './i420ToRgba.ts';
export { rgbaToI420 } from './rgbaToI420.ts';

export type { Landmark, PoseLandmarks } from './landmarks.ts';
export { DEFAULT_MIN_VISIBILITY, LandmarkIndex, POSE_CONNECTIONS } from './landmarks.ts';

export { DEFAULT_POSE_MODEL_PATH, PoseModelFileError, readPoseModel } from './modelFile.ts';
export type { PoseDetection, PoseDetectorEvent, PoseDetectorOptions, PoseDetectorState, PoseDetectorStats, PoseInput } from './detector/PoseDetector.ts';
export { PoseDetector } from './detector/PoseDetector.ts';
export type { PoseDetectorErrorCode } from './detector/PoseDetectorError.ts';
export { PoseDetectorError } from './detector/PoseDetectorError.ts';

export type { ClassifyOptions, PoseClassification } from './classify/classifyPose.ts';
export { classifyPose, REQUIRED_LANDMARKS } from './classify/classifyPose.ts';
export type { ArmState, CommandPose, PoseName } from './classify/poses.ts';
export { POSE_TABLE } from './classify/poses.ts';

export type { GateTelemetry, PoseDecision, PoseGateOptions, PoseGateStatus, PoseObservation } from './gate/PoseGate.ts';
export { PoseGate } from './gate/PoseGate.ts';

export { drawCaption } from './draw/drawCaption.ts';
export { drawSkeleton } from './draw/drawSkeleton.ts';

export type { PoseDetectorPort, PoseFrameProcessorOptions, PoseFrameStats, PoseResult } from './PoseFrameProcessor.ts';
export { PoseFrameProcessor } from './PoseFrameProcessor.ts';
