import type { VideoFormat } from '../video/VideoFrame.ts';

export interface H264RtpOptions {
  format: VideoFormat;
  to: { host: string; port: number };
  gopSeconds: number;
  bitrateKbps: number;
  sdpFile?: string | undefined;
}

/**
 * ffmpeg's arguments for raw I420 frames on stdin out as H.264 RTP, the way a drone's companion
 * computer sends its camera: what a passthrough receiver needs (docs: README, "Real drone cameras").
 * - Constrained Baseline: every phone decodes it in hardware, and it has no B-frames.
 * - A keyframe every gopSeconds, never earlier or later (no scene-cut keyframes), since a camera
 *   does not answer a receiver's keyframe request.
 * - SPS and PPS before every keyframe (repeat-headers), so a receiver that joins late can decode.
 * - zerolatency: no lookahead or frame threads holding frames back.
 */
export function h264RtpArgs({ format, to, gopSeconds, bitrateKbps, sdpFile }: H264RtpOptions): string[] {
  const gop = Math.max(1, Math.round(format.fps * gopSeconds));
  const host = to.host.includes(':') ? `[${to.host}]` : to.host;
  return [
    '-hide_banner', '-loglevel', 'warning', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${format.width}x${format.height}`, '-framerate', String(format.fps), '-i', 'pipe:0',
    '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0',
    '-x264-params', 'repeat-headers=1',
    '-b:v', `${bitrateKbps}k`, '-maxrate', `${bitrateKbps}k`, '-bufsize', `${Math.round(bitrateKbps / 2)}k`,
    ...(sdpFile ? ['-sdp_file', sdpFile] : []),
    '-f', 'rtp', '-payload_type', '96', `rtp://${host}:${to.port}?pkt_size=1200`,
  ];
}
