/**
 * - `off`: not sending (the user hasn't asked, or stopped).
 * - `starting`: asking for the camera, or (re)connecting the producer.
 * - `sending`: the SFU receives the phone's camera.
 * - `failed`: `message` says why (permission, no camera, camera taken by another app...).
 */
export type CameraState = 'off' | 'starting' | 'sending' | 'failed';
export type CameraFacing = 'user' | 'environment';

export interface CameraStatus {
  state: CameraState;
  message: string;
  facing: CameraFacing;
  /** The local camera stream, for a preview; null while off. */
  preview: MediaStream | null;
  /** The phone-camera producer on the server while sending (the processed video names it). */
  producerId: string | null;
}

/** What the browser's getUserMedia is, so tests and odd browsers can supply their own. */
export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;
