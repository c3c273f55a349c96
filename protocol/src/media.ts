import { z } from 'zod';
import { mediaSourceSchema } from './roles.ts';
import type { IceServer } from './turn.ts';

// mediasoup validates the deep structure of RTP/DTLS objects itself; here we check the
// shape and bound the sizes so nothing unbounded reaches the worker.
const id = z.string().min(1).max(64);
const shortText = z.string().max(256);
const looseRecord = z.record(z.string().max(64), z.unknown());

export const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(8),
});

const rtcpFeedbackSchema = z.array(z.looseObject({ type: shortText, parameter: shortText.optional() })).max(32);

const rtpCodecSchema = z.looseObject({
  mimeType: z.string().max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: looseRecord.optional(),
  rtcpFeedback: rtcpFeedbackSchema.optional(),
});

/** A codec a device can receive: typed down to its feedback entries, which mediasoup reads without checking each. */
const rtpCodecCapabilitySchema = z.looseObject({
  kind: z.enum(['audio', 'video']),
  mimeType: z.string().max(64),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: looseRecord.optional(),
  rtcpFeedback: rtcpFeedbackSchema.optional(),
});

export const rtpParametersSchema = z.looseObject({
  mid: shortText.optional(),
  codecs: z.array(rtpCodecSchema).min(1).max(16),
  headerExtensions: z.array(looseRecord).max(32).optional(),
  encodings: z.array(looseRecord).max(8).optional(),
  rtcp: looseRecord.optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(rtpCodecCapabilitySchema).max(128).optional(),
  headerExtensions: z.array(looseRecord).max(64).optional(),
});

export const transportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof transportDirectionSchema>;

/**
 * The RTP header extension by which a sender asks receivers for a playout delay: Chrome renders
 * at once with min = max = 0, instead of through its jitter buffer's smoothing.
 */
export const playoutDelayUri = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';
export const maxPlayoutDelayMs = 1000;

/** The extension's 3 bytes: 12-bit min and 12-bit max, in 10 ms units; both set to `ms`. */
export function playoutDelayBytes(ms: number): Uint8Array {
  const units = Math.max(0, Math.min(4095, Math.round(ms / 10)));
  return Uint8Array.of(units >> 4, ((units & 0x0f) << 4) | (units >> 8), units & 0xff);
}

export const createTransportRequest = z.strictObject({ direction: transportDirectionSchema });
export const connectTransportRequest = z.strictObject({ transportId: id, dtlsParameters: dtlsParametersSchema });
export const restartIceRequest = z.strictObject({ transportId: id });
export const closeTransportRequest = z.strictObject({ transportId: id });
export const transportStatsRequest = z.strictObject({ transportId: id });
export const produceRequest = z.strictObject({
  transportId: id,
  kind: z.literal('video'),
  source: mediaSourceSchema,
  rtpParameters: rtpParametersSchema,
  /** processed-camera only: the phone-camera producer this video is made from. */
  of: id.optional(),
  /**
   * drone-camera from an encoder that can't write the playout-delay extension itself (wrtc): the
   * delay the SFU adds to every packet for viewers, in ms (default 0: render at once); null: none,
   * browsers smooth as they like. A producer that carries the extension already is left as it is.
   */
  playoutDelayMs: z.number().int().min(0).max(maxPlayoutDelayMs).nullable().optional(),
});
/**
 * A camera's encoded video straight into the SFU (no WebRTC stack on the sender): a plain RTP
 * transport, SRTP-protected with the sender's key, which travels only over this TLS socket. The
 * SFU learns the sender's address from the first packet that decrypts, so nobody else on the LAN
 * can take the port over.
 */
export const plainSrtpCryptoSuite = 'AES_CM_128_HMAC_SHA1_80';
export const createPlainTransportRequest = z.strictObject({
  srtpParameters: z.strictObject({
    cryptoSuite: z.literal(plainSrtpCryptoSuite),
    /** 16-byte master key then 14-byte master salt (RFC 3711), base64. */
    keyBase64: z.string().regex(/^[A-Za-z0-9+/]{40}$/, 'keyBase64 must be 30 bytes in base64 (40 characters)'),
  }),
});

/** Where to send the SRTP: the port on the SFU's RTC address (the sender uses the host it reached the SFU at). */
export interface PlainTransportOptions {
  id: string;
  port: number;
  /** The address the SFU announces for media; the sender may prefer the host of the SFU's URL. */
  announcedAddress: string;
}

export const closeProducerRequest = z.strictObject({ producerId: id });
export const consumeRequest = z.strictObject({
  transportId: id,
  producerId: id,
  rtpCapabilities: rtpCapabilitiesSchema,
});
export const resumeConsumerRequest = z.strictObject({ consumerId: id });
export const emptyRequest = z.strictObject({});

/** What a client needs to build its side of a WebRTC transport. */
export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  /** TURN servers with fresh credentials, only when the SFU has TURN configured (--turn-url). */
  iceServers?: IceServer[];
}

export interface ProducerInfo {
  producerId: string;
  source: z.infer<typeof mediaSourceSchema>;
  kind: 'video';
  peerId: string;
  /** processed-camera: the phone-camera producer it is made from. */
  of?: string | undefined;
}

export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  kind: 'video';
  rtpParameters: unknown;
  source: z.infer<typeof mediaSourceSchema>;
}

export interface TransportStats {
  /** 'webrtc' for ICE/DTLS transports, 'plain' for a camera's SRTP (no ICE or DTLS: those states read 'none'). */
  kind: 'webrtc' | 'plain';
  bytesReceived: number;
  bytesSent: number;
  recvBitrate: number;
  sendBitrate: number;
  iceState: string;
  dtlsState: string;
}
