import { redactCredentials } from './redactCredentials.ts';

/** What ffmpeg reads: a V4L2 camera, a network stream from a camera or drone, or a video file. */
export type FfmpegInput =
  | { kind: 'v4l2'; device: string }
  /** rtsp(s)://, udp://, rtp://, srt://, http(s):// */
  | { kind: 'stream'; url: string }
  /** Looped by default, and paced to real time. */
  | { kind: 'file'; path: string; loop?: boolean };

/** e.g. "v4l2 /dev/video0", "stream rtsp://admin:***@10.0.0.2/live", "file /data/flight.mp4 (looped)". */
export function describeFfmpegInput(input: FfmpegInput): string {
  switch (input.kind) {
    case 'v4l2':
      return `v4l2 ${input.device}`;
    case 'stream':
      return `stream ${redactCredentials(input.url)}`;
    case 'file':
      return `file ${input.path}${input.loop === false ? '' : ' (looped)'}`;
  }
}

/** The URL scheme of a stream input, lower case ("rtsp", "udp", ...). */
export function streamScheme(url: string): string {
  return (/^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? '').toLowerCase();
}
