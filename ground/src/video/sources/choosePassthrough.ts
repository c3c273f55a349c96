import type { Logger } from '@dronecast/protocol';
import { RtspCameraIngest, type RtspCameraOffer } from '../../passthrough/rtsp/RtspCameraIngest.ts';
import type { SourceSpec } from './parseSourceSpec.ts';
import { redactCredentials } from './redactCredentials.ts';

/**
 * An rtsp:// camera is passed through when it sends H.264, and decoded (ffmpeg, then VP8) when it
 * sends anything else, which phones cannot all play. The camera is asked once, at start. One that
 * does not answer yet is taken as H.264, what drone cameras send; it is pulled as soon as it answers.
 */
export async function choosePassthrough(spec: SourceSpec, logger: Logger, offer: (url: string) => Promise<RtspCameraOffer> = (url) => RtspCameraIngest.offer(url)): Promise<SourceSpec> {
  if (spec.kind !== 'stream' || !/^rtsp:\/\//i.test(spec.url)) return spec;
  const url = redactCredentials(spec.url);
  const answer = await offer(spec.url);
  if ('error' in answer) {
    logger.warn(`camera ${url} did not say what it sends (${answer.error.message}): taking it as H.264 to pass through, and pulling it until it answers`);
    return { kind: 'h264-rtsp', url: spec.url };
  }
  if (answer.track.codec === 'H264') return { kind: 'h264-rtsp', url: spec.url };
  logger.warn(`camera ${url} sends ${answer.track.codec}, not H.264: it is decoded and re-encoded to VP8 (more CPU and latency than passing H.264 through)`);
  return spec;
}
