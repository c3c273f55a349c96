import { spawn, type ChildProcess } from 'node:child_process';

export interface Vp8RtpSenderOptions {
  /** Where the producing PlainTransport listens for RTP and RTCP. */
  port: number;
  rtcpPort: number;
  ssrc: number;
  payloadType: number;
  kbps: number;
  width: number;
  height: number;
  fps: number;
}

/**
 * A real VP8 stream at a steady bitrate: ffmpeg's libvpx encoding a test source in real time and
 * sending RTP to loopback, as a camera behind a plain RTP encoder would.
 */
export function startVp8RtpSender(options: Vp8RtpSenderOptions): ChildProcess {
  const bitrate = `${options.kbps}k`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${options.width}x${options.height}:rate=${options.fps}`,
    '-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-lag-in-frames', '0', '-auto-alt-ref', '0',
    '-error-resilient', '1', '-g', String(options.fps),
    // Constant bitrate, so every consumer carries the 1 Mbit/s the bench is about.
    '-b:v', bitrate, '-minrate', bitrate, '-maxrate', bitrate, '-bufsize', bitrate,
    '-f', 'rtp', '-ssrc', String(options.ssrc), '-payload_type', String(options.payloadType),
    `rtp://127.0.0.1:${options.port}?rtcpport=${options.rtcpPort}&pkt_size=1200`,
  ];
  return spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
