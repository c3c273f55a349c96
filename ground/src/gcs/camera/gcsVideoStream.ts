import { common } from 'node-mavlink';
import type { CameraVideoStreams } from './MavlinkCamera.ts';

export interface GcsVideoStreamSource {
  /** Where the ground station receives the RTP (what --gcs-video names). */
  port: number;
  /** The camera's size, frame rate and bitrate now. */
  format(): { width: number; height: number; fps: number; bitrateKbps: number };
}

/**
 * The one stream a ground station can play: the camera's H.264 sent by --gcs-video. QGroundControl
 * reads "udp://0.0.0.0:PORT" as "listen on PORT", which is where the agent sends it.
 */
export function gcsVideoStream(source: GcsVideoStreamSource): CameraVideoStreams {
  return {
    information: () => {
      const { width, height, fps, bitrateKbps } = source.format();
      return [
        Object.assign(new common.VideoStreamInformation(), {
          streamId: 1,
          count: 1,
          type: common.VideoStreamType.RTPUDP,
          flags: common.VideoStreamStatusFlags.RUNNING,
          framerate: fps,
          resolutionH: width,
          resolutionV: height,
          bitrate: Math.round(bitrateKbps * 1000),
          rotation: 0,
          hfov: 0,
          name: 'drone camera',
          uri: `udp://0.0.0.0:${source.port}`,
          encoding: common.VideoStreamEncoding.H264,
          cameraDeviceId: 0,
        }),
      ];
    },
  };
}
