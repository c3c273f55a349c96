import type { EventEmitter } from 'node:events';
import type { RtpPacket } from './RtpPacket.ts';

export interface CameraRtpSourceEvents {
  /** One RTP packet of the camera's video, in the order it came. */
  packet: [RtpPacket];
  /** A different camera stream is now followed (sender or SSRC): a restart, or a new camera. */
  sender: [{ address: string; port: number; ssrc: number }];
  /** Something the operator should know about the camera's link: an RTSP session's once per kind until the video flows again, a UDP port's socket errors as they happen. */
  trouble: [Error];
}

/**
 * Where a passthrough camera's H.264 RTP comes from: a UDP port a camera sends to, or an RTSP
 * session the agent opens. The forwarder, the decoder and the GCS copy take packets from either.
 */
export interface CameraRtpSource extends EventEmitter<CameraRtpSourceEvents> {
  /** For the log and the console, with any password hidden. */
  readonly description: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Asks the camera for a keyframe, where it can be asked; false when it can't or was asked just now. */
  requestKeyframe(): boolean;
}
