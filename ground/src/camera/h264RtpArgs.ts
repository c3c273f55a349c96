import type { VideoFormat } from '../video/VideoFrame.ts';

/**
 * How the H.264 leaves the camera:
 * - rtp: H.264 RTP (RFC 6184), what companion computers send to QGroundControl's UDP 5600, and what
 *   the ground agent passes through (`--camera rtp:0.0.0.0:5600`). A receiver needs an SDP to read it.
 * - mpegts: the same H.264 in MPEG-TS over UDP, which ffmpeg, VLC and QGroundControl read without an
 *   SDP: what the ground agent decodes and re-encodes (`--camera udp://@:5600`).
 */
export const cameraContainers = ['rtp', 'mpegts'] as const;
export type CameraContainer = (typeof cameraContainers)[number];

export interface H264RtpOptions {
  format: VideoFormat;
  to: { host: string; port: number };
  gopSeconds: number;
  bitrateKbps: number;
  /** Default rtp. */
  container?: CameraContainer | undefined;
  /** RTP only: MPEG-TS describes itself. */
  sdpFile?: string | undefined;
}

/**
 * ffmpeg's arguments for raw I420 frames on stdin out as H.264, the way a drone's companion
 * computer sends its camera: what a passthrough receiver needs (docs: README, "Real drone cameras").
 * - Constrained Baseline: every phone decodes it in hardware, and it has no B-frames.
 * - A keyframe every gopSeconds, never earlier or later (no scene-cut keyframes), since a camera
 *   does not answer a receiver's keyframe request.
 * - SPS and PPS before every keyframe (repeat-headers), so a receiver that joins late can decode.
 * - zerolatency: no lookahead or frame threads holding frames back.
 * The encode is the same in both containers, so the two ground agent paths get the same picture.
 */
export function h264RtpArgs({ format, to, gopSeconds, bitrateKbps, container = 'rtp', sdpFile }: H264RtpOptions): string[] {
  if (container !== 'rtp' && sdpFile !== undefined) throw new RangeError('an SDP file describes RTP only; MPEG-TS carries its own stream description');
  const gop = Math.max(1, Math.round(format.fps * gopSeconds));
  const host = to.host.includes(':') ? `[${to.host}]` : to.host;
  return [
    '-hide_banner', '-loglevel', 'warning', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${format.width}x${format.height}`, '-framerate', String(format.fps), '-i', 'pipe:0',
    '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0',
    '-x264-params', 'repeat-headers=1',
    '-b:v', `${bitrateKbps}k`, '-maxrate', `${bitrateKbps}k`, '-bufsize', `${Math.round(bitrateKbps / 2)}k`,
    ...(container === 'rtp' ? rtpOutput(host, to.port, sdpFile) : mpegTsOutput(host, to.port)),
  ];
}

function rtpOutput(host: string, port: number, sdpFile: string | undefined): string[] {
  return [...(sdpFile ? ['-sdp_file', sdpFile] : []), '-f', 'rtp', '-payload_type', '96', `rtp://${host}:${port}?pkt_size=1200`];
}

/**
 * Seven 188-byte TS packets per datagram, as IP cameras send. Each frame is flushed as it is muxed
 * (the tail of a frame would otherwise wait in a half-full datagram for the next frame), and
 * muxdelay 0 keeps players that pace by the PCR from holding frames back 0.7 s.
 */
function mpegTsOutput(host: string, port: number): string[] {
  return ['-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0', '-flush_packets', '1', `udp://${host}:${port}?pkt_size=1316`];
}
