import type { types } from 'mediasoup';

/**
 * VP8 first: the ground agent's WebRTC stack (@roamhq/wrtc) has no H.264 encoder, and every
 * browser decodes VP8. H.264 stays available for browsers that produce it (phone cameras).
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];
