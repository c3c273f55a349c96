import type { BenchFormat, PathRunSpec } from './passthroughResultsSchema.ts';

/** Issue 19's formats: a drone camera's common sizes, and the 60 fps that halves the frame interval. */
export const issueFormats = '640x480@30,1280x720@30,1280x720@60';

/** "1280x720@60" */
export function formatLabel({ width, height, fps }: BenchFormat): string {
  return `${width}x${height}@${fps}`;
}

/** BENCH_PASSTHROUGH_FORMATS: a comma list of WIDTHxHEIGHT@FPS. */
export function parseFormats(text: string): BenchFormat[] {
  return text.split(',').map((item) => {
    const match = /^(\d+)x(\d+)@(\d+)$/.exec(item.trim());
    const format = match ? { width: Number(match[1]), height: Number(match[2]), fps: Number(match[3]) } : undefined;
    if (!format || format.width % 2 !== 0 || format.height % 2 !== 0 || format.fps < 1 || format.fps > 60) {
      throw new RangeError(`"${item}" is not a format: write WIDTHxHEIGHT@FPS, even sizes, 1-60 fps (e.g. ${issueFormats})`);
    }
    return format;
  });
}

/**
 * The bitrate both paths get at a format: 1500 kbit/s at 640x480@30 (the ground agent's default cap),
 * growing with the pixel rate to the power 0.75, since larger and faster pictures need fewer bits per
 * pixel for the same look. 1280x720@30: 3400, 1280x720@60: 5800.
 */
export function bitrateFor({ width, height, fps }: BenchFormat): number {
  const pixelRate = (width * height * fps) / (640 * 480 * 30);
  return Math.min(20_000, Math.round((1500 * pixelRate ** 0.75) / 100) * 100);
}

/** The extra runs, each at one format (a label such as "640x480@30"); undefined: none. */
export interface ExtraRuns {
  /** The passthrough path also with --playout-delay off. */
  playoutDelayOffAt: string | undefined;
  /** The passthrough path also from the camera served over RTSP (the agent pulls it over TCP). */
  rtspAt: string | undefined;
}

/**
 * The runs, format by format, each path right after the other so that a change in the machine's
 * load touches both alike; the camera sends over UDP (source rtp). At `rtspAt` the passthrough path
 * also runs from the camera served over RTSP, right after the UDP one it is read beside. At
 * `playoutDelayOffAt` the passthrough path also runs with --playout-delay off: the zero playout
 * delay's effect, before and after.
 */
export function planRuns(formats: readonly BenchFormat[], extra: ExtraRuns): PathRunSpec[] {
  return formats.flatMap((format) => {
    const label = formatLabel(format);
    const bitrateKbps = bitrateFor(format);
    const base = { label, format, bitrateKbps, source: 'rtp' as const };
    return [
      { ...base, path: 'passthrough' as const, playoutDelay: 0 },
      ...(label === extra.rtspAt ? [{ ...base, path: 'passthrough' as const, source: 'rtsp' as const, playoutDelay: 0 }] : []),
      ...(label === extra.playoutDelayOffAt ? [{ ...base, path: 'passthrough' as const, playoutDelay: 'off' as const }] : []),
      { ...base, path: 'transcode' as const, playoutDelay: null },
    ];
  });
}

/** "passthrough", "passthrough (RTSP)", "transcode": the path, and the source where it is not UDP. */
export function pathName(spec: Pick<PathRunSpec, 'path' | 'source'>): string {
  return spec.source === 'rtsp' ? `${spec.path} (RTSP)` : spec.path;
}

/** What the phone page's stats hook must report for the path. */
export function expectedCodec(spec: Pick<PathRunSpec, 'path'>): string {
  return spec.path === 'passthrough' ? 'video/H264' : 'video/VP8';
}

/** How the simulated camera delivers the run's picture at `port`, and the ground agent's --camera for it. */
export interface RunCamera {
  /** H.264 RTP or MPEG-TS sent to udp:127.0.0.1:PORT, or served at rtsp://127.0.0.1:PORT/live (PORT then a TCP port). */
  delivery: 'rtp' | 'mpegts' | 'rtsp';
  agentCamera: string;
}

export function cameraFor(spec: Pick<PathRunSpec, 'path' | 'source'>, port: number): RunCamera {
  if (spec.source === 'rtsp') {
    // The agent passes an H.264 RTSP camera through, and has no flag to decode one instead.
    if (spec.path !== 'passthrough') throw new RangeError('the transcode path is measured with the camera over UDP only (source rtp)');
    return { delivery: 'rtsp', agentCamera: `rtsp://127.0.0.1:${port}/live` };
  }
  return spec.path === 'passthrough' ? { delivery: 'rtp', agentCamera: `rtp:127.0.0.1:${port}` } : { delivery: 'mpegts', agentCamera: `udp://127.0.0.1:${port}` };
}
