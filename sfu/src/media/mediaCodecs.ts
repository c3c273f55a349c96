import type { types } from 'mediasoup';

/** One H.264 profile the router accepts (level-asymmetry: any level of that profile is routed). */
function h264(profileLevelId: string): types.RouterRtpCodecCapability {
  return {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': profileLevelId, 'level-asymmetry-allowed': 1 },
  };
}

/**
 * VP8 first: the ground agent's WebRTC stack (@roamhq/wrtc) has no H.264 encoder, and every
 * browser decodes VP8. H.264 in the profiles drone cameras send (constrained baseline, baseline,
 * main, high), passed through from the camera, and for browsers that produce it (phone cameras).
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  h264('42e01f'),
  h264('42001f'),
  h264('4d001f'),
  h264('640032'),
];
