import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { UsageError } from '@dronecast/runtime';
import type { VideoFormat } from '../VideoFrame.ts';
import { rtspCameraAddress } from '../../passthrough/rtsp/rtspCameraAddress.ts';
import type { FfmpegInput } from './ffmpegInput.ts';
import { redactCredentials } from './redactCredentials.ts';
import { formatLabel, videoFormatProblems } from './videoFormatRules.ts';

/**
 * A camera whose H.264 RTP is passed through to the SFU as it is, never decoded into frames for
 * WebRTC: sent to a UDP port, or pulled over RTSP (chosen by choosePassthrough, which asks the camera).
 */
export type PassthroughSpec = { kind: 'h264-rtp'; host: string; port: number } | { kind: 'h264-rtsp'; url: string };

/** A --camera value that becomes raw frames (test pattern or ffmpeg). */
export type FrameSourceSpec = { kind: 'pattern'; format?: VideoFormat } | FfmpegInput;

/** A parsed --camera value. */
export type SourceSpec = FrameSourceSpec | PassthroughSpec;

/** For usage texts and error messages. */
export const sourceSpecForms = [
  'pattern                  built-in test pattern, 640x480@30 (the default)',
  'pattern:1280x720@30      test pattern at a size and frame rate (@fps optional)',
  'rtp:0.0.0.0:5600         H.264 over RTP from a drone camera, passed to phones as it is (no re-encode)',
  'v4l2:/dev/video0         a V4L2 camera (also just /dev/video0, or v4l2:0)',
  'rtsp://host:554/path     an RTSP camera over TCP: H.264 passed through, other codecs decoded (rtsps:// decoded)',
  'udp://@:5000             a stream from the drone (also rtp://, srt://, http://, https://)',
  'file:/path/video.mp4     a video file, looped (also a plain path to an existing file)',
].join('\n');

const streamSchemes = new Set(['rtsp', 'rtsps', 'udp', 'rtp', 'srt', 'http', 'https']);

function malformed(spec: string, why: string): UsageError {
  return new UsageError(`unrecognised camera "${spec}": ${why}. Accepted forms:\n${sourceSpecForms}`);
}

function isExistingFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function parsePatternFormat(spec: string, text: string): VideoFormat {
  const match = /^(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?$/i.exec(text);
  if (!match) throw malformed(spec, 'a pattern size is written WIDTHxHEIGHT or WIDTHxHEIGHT@FPS');
  const format = { width: Number(match[1]), height: Number(match[2]), fps: match[3] === undefined ? 30 : Number(match[3]) };
  const problems = videoFormatProblems(format);
  if (problems.length > 0) throw new UsageError(`camera "${spec}": invalid video format ${formatLabel(format)}: ${problems.join('; ')}`);
  return format;
}

function parsePassthrough(spec: string, text: string): PassthroughSpec {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1') ?? '';
  const port = Number(match?.[2]);
  if (!match || !isIP(host)) throw malformed(spec, 'rtp: takes the IP address and UDP port to listen on, as in rtp:0.0.0.0:5600');
  if (port < 1 || port > 65535) throw malformed(spec, `port ${match[2]} is not a UDP port (1-65535)`);
  return { kind: 'h264-rtp', host, port };
}

/**
 * Reads a --camera value as typed on the command line. Throws a UsageError listing the accepted
 * forms for anything else. `isFile` decides whether a plain path names an existing file.
 */
export function parseSourceSpec(spec: string, isFile: (path: string) => boolean = isExistingFile): SourceSpec {
  const text = spec.trim();
  const lower = text.toLowerCase();
  if (text === '' || lower === 'pattern') return { kind: 'pattern' };
  if (lower.startsWith('pattern:')) return { kind: 'pattern', format: parsePatternFormat(spec, text.slice('pattern:'.length)) };

  if (lower.startsWith('rtp:') && !lower.startsWith('rtp://')) return parsePassthrough(spec, text.slice('rtp:'.length));

  if (lower.startsWith('v4l2:')) {
    const device = text.slice('v4l2:'.length);
    if (/^\d+$/.test(device)) return { kind: 'v4l2', device: `/dev/video${device}` };
    if (device.startsWith('/')) return { kind: 'v4l2', device };
    throw malformed(spec, 'v4l2: needs a device path such as /dev/video0');
  }
  if (text.startsWith('/dev/')) return { kind: 'v4l2', device: text };

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme === 'file') {
      try {
        return { kind: 'file', path: fileURLToPath(text) };
      } catch {
        throw malformed(spec, 'a file:// URL needs an absolute path, as in file:///data/video.mp4');
      }
    }
    if (!streamSchemes.has(scheme)) throw malformed(spec, `${scheme}:// is not a stream type ffmpeg is used for here`);
    const rest = text.slice(scheme.length + 3);
    if (rest === '' || /\s/.test(rest)) throw malformed(spec, `the ${scheme}:// URL has no address`);
    // The agent's own RTSP client reads rtsp:// (choosePassthrough): what it cannot read is refused now.
    if (scheme === 'rtsp') {
      try {
        rtspCameraAddress(text);
      } catch (error) {
        throw malformed(redactCredentials(spec), `its rtsp:// URL: ${(error as Error).message}`);
      }
    }
    return { kind: 'stream', url: text };
  }

  if (lower.startsWith('file:')) {
    const path = text.slice('file:'.length);
    if (path === '') throw malformed(spec, 'file: needs a path');
    return { kind: 'file', path };
  }
  if (isFile(text)) return { kind: 'file', path: text };
  throw malformed(spec, 'not one of the forms below, nor an existing file');
}
