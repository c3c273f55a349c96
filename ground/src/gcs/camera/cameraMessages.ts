import { common, minimal, standard } from 'node-mavlink';
import type { CapturePosition } from '@dronecast/protocol';
import type { Target } from '../../drone/gcsMessages.ts';

const { CameraCapFlags } = common;
const mebibytes = (bytes: number): number => bytes / (1024 * 1024);

/** A zero-padded byte array, as MAVLink's fixed uint8_t[] text fields want it. */
function bytesOf(text: string, length: number): number[] {
  const bytes = [...Buffer.from(text.slice(0, length), 'utf8').subarray(0, length)];
  return [...bytes, ...new Array<number>(length - bytes.length).fill(0)];
}

/** "A camera is here", once a second: how QGroundControl finds it (MAV_TYPE_CAMERA on the vehicle's system). */
export function cameraHeartbeat(): minimal.Heartbeat {
  return Object.assign(new minimal.Heartbeat(), {
    type: minimal.MavType.CAMERA,
    autopilot: minimal.MavAutopilot.INVALID,
    baseMode: 0 as minimal.MavModeFlag,
    customMode: 0,
    systemStatus: minimal.MavState.ACTIVE,
    mavlinkVersion: 3,
  });
}

export interface CameraDescription {
  /** e.g. "test pattern 640x480@30". */
  model: string;
  width: number;
  height: number;
  /** It has a video stream a ground station can play (VIDEO_STREAM_INFORMATION). */
  hasVideoStream: boolean;
}

/**
 * What the camera can do: photos and videos, each while the other runs, no modes to switch
 * between, no zoom or focus, and no definition file (the basic camera tools are enough).
 */
export function cameraInformation(timeBootMs: number, camera: CameraDescription): common.CameraInformation {
  let flags = CameraCapFlags.CAPTURE_IMAGE | CameraCapFlags.CAPTURE_VIDEO | CameraCapFlags.CAN_CAPTURE_IMAGE_IN_VIDEO_MODE | CameraCapFlags.CAN_CAPTURE_VIDEO_IN_IMAGE_MODE;
  if (camera.hasVideoStream) flags |= CameraCapFlags.HAS_VIDEO_STREAM;
  return Object.assign(new common.CameraInformation(), {
    timeBootMs,
    vendorName: bytesOf('dronecast', 32),
    modelName: bytesOf(camera.model, 32),
    firmwareVersion: 0,
    focalLength: Number.NaN,
    sensorSizeH: Number.NaN,
    sensorSizeV: Number.NaN,
    resolutionH: camera.width,
    resolutionV: camera.height,
    lensId: 0,
    flags,
    camDefinitionVersion: 0,
    camDefinitionUri: '',
    gimbalDeviceId: 0,
    cameraDeviceId: 0,
  });
}

export function cameraSettings(timeBootMs: number, mode: common.CameraMode): common.CameraSettings {
  return Object.assign(new common.CameraSettings(), { timeBootMs, modeId: mode, zoomLevel: Number.NaN, focusLevel: Number.NaN, cameraDeviceId: 0 });
}

export interface StorageSpace {
  totalBytes: number;
  freeBytes: number;
  /** What captures may still use: free space above the minimum the agent keeps (--min-free-mb). */
  availableBytes: number;
}

/** The media directory's disk, as the one storage of the camera: photos and videos go there. */
export function storageInformation(timeBootMs: number, space: StorageSpace): common.StorageInformation {
  return Object.assign(new common.StorageInformation(), {
    timeBootMs,
    storageId: 1,
    storageCount: 1,
    status: common.StorageStatus.READY,
    totalCapacity: mebibytes(space.totalBytes),
    usedCapacity: mebibytes(space.totalBytes - space.freeBytes),
    availableCapacity: mebibytes(space.availableBytes),
    readSpeed: 0,
    writeSpeed: 0,
    type: common.StorageType.OTHER,
    name: 'dronecast gallery',
    storageUsage: common.StorageUsageFlag.SET | common.StorageUsageFlag.PHOTO | common.StorageUsageFlag.VIDEO,
  });
}

export interface CaptureState {
  photosInProgress: number;
  recording: boolean;
  recordingMs: number;
  availableBytes: number;
  /** Photos taken by this camera so far (CAMERA_IMAGE_CAPTURED's image_index is one less). */
  imageCount: number;
}

export function captureStatus(timeBootMs: number, state: CaptureState): common.CameraCaptureStatus {
  return Object.assign(new common.CameraCaptureStatus(), {
    timeBootMs,
    imageStatus: state.photosInProgress > 0 ? 1 : 0,
    videoStatus: state.recording ? 1 : 0,
    imageInterval: 0,
    recordingTimeMs: Math.round(state.recordingMs) >>> 0,
    availableCapacity: mebibytes(state.availableBytes),
    imageCount: state.imageCount,
    cameraDeviceId: 0,
  });
}

/** A photo taken (index from 0, with where and which way) or, with index -1 and result 0, one that failed. */
export function imageCaptured(timeBootMs: number, capture: { index: number; timeMs: number; position: CapturePosition | null } | { failed: true; timeMs: number }): common.CameraImageCaptured {
  const m = Object.assign(new common.CameraImageCaptured(), { timeBootMs, timeUtc: BigInt(Math.round(capture.timeMs)) * 1000n, cameraId: 0, fileUrl: '' });
  if ('failed' in capture) return Object.assign(m, { imageIndex: -1, captureResult: standard.MavBool.FALSE, q: [Number.NaN, 0, 0, 0] });
  const p = capture.position;
  const yaw = ((p?.heading ?? 0) * Math.PI) / 180;
  return Object.assign(m, {
    imageIndex: capture.index,
    captureResult: standard.MavBool.TRUE,
    lat: p ? Math.round(p.lat * 1e7) : 0,
    lon: p ? Math.round(p.lon * 1e7) : 0,
    alt: p ? Math.round(p.altAbs * 1000) : 0,
    relativeAlt: p ? Math.round(p.altRel * 1000) : 0,
    // The camera looks where the drone heads (no gimbal): a turn about the vertical axis; NaN first when unknown.
    q: p ? [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)] : [Number.NaN, 0, 0, 0],
  });
}

export function commandAck(command: number, result: common.MavResult, to: Target): common.CommandAck {
  return Object.assign(new common.CommandAck(), { command, result, progress: 0, resultParam2: 0, targetSystem: to.system, targetComponent: to.component });
}

/**
 * A refusal in words, which QGroundControl shows its user: STATUSTEXT carries 50 characters, so a
 * longer text goes in chunks with one id (`id`, not 0), the last one shorter than 50 (at most 4).
 */
export function cameraStatusTexts(text: string, id: number): common.StatusText[] {
  const words = text.slice(0, 4 * 50 - 1);
  const chunks: string[] = [];
  for (let at = 0; at <= words.length; at += 50) chunks.push(words.slice(at, at + 50));
  const single = chunks.length === 1;
  return chunks.map((chunk, chunkSeq) =>
    Object.assign(new common.StatusText(), { severity: common.MavSeverity.WARNING, text: chunk, id: single ? 0 : id, chunkSeq: single ? 0 : chunkSeq }),
  );
}
