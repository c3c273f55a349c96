import { parse } from 'sdp-transform';

/** The camera's video as its DESCRIBE answer offers it. */
export interface RtspVideoTrack {
  /** The RTP encoding name, upper case: "H264", "H265", "JPEG"... */
  codec: string;
  payloadType: number;
  /** The URL to SETUP this track at. */
  controlUrl: string;
  /** The URL to PLAY the session at (the aggregate control). */
  sessionUrl: string;
}

/** Resolves a control attribute as RTSP servers mean it: absolute, or appended to the base with a slash. */
function resolveControl(control: string | undefined, base: string): string {
  if (control === undefined || control === '*' || control === '') return base;
  if (/^rtsps?:\/\//i.test(control)) return control;
  return base.endsWith('/') ? `${base}${control}` : `${base}/${control}`;
}

/**
 * The first video track of a DESCRIBE answer's SDP (RFC 4566), with its SETUP URL resolved
 * against `baseUrl` (the answer's Content-Base, else the URL described). Undefined when the
 * camera offers no video.
 */
export function rtspVideoTrack(sdpText: string, baseUrl: string): RtspVideoTrack | undefined {
  const sdp = parse(sdpText);
  const media = sdp.media.find((m) => m.type === 'video');
  const payloadType = Number(String(media?.payloads ?? '').split(' ')[0]);
  if (!media || !Number.isInteger(payloadType)) return undefined;
  const rtpmap = media.rtp.find((r) => r.payload === payloadType);
  // Static payload types need no rtpmap (RFC 3551): 26 is Motion JPEG, 32 MPEG-1/2 video.
  const codec = rtpmap?.codec.toUpperCase() ?? ({ 26: 'JPEG', 32: 'MPV' } as Record<number, string>)[payloadType] ?? `payload type ${payloadType}`;
  const sessionBase = resolveControl(sdp.control, baseUrl);
  return { codec, payloadType, controlUrl: resolveControl(media.control, sessionBase), sessionUrl: sessionBase };
}
