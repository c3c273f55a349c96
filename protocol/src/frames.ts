/**
 * JPEG frames on the fallback transports (websocket, MQTT): one binary message per frame, a
 * 24-byte header then the JPEG bytes. Never base64.
 *
 *   0  "DCF1"          magic + format version
 *   4  uint32 BE       frame number
 *   8  float64 BE      capture time, ms on the SFU's clock
 *  16  uint16 BE       width
 *  18  uint16 BE       height
 *  20  uint32 BE       JPEG length
 *  24  JPEG bytes
 */
export interface JpegFrameHeader {
  frameNumber: number;
  captureTimeMs: number;
  width: number;
  height: number;
}

export const jpegFrameHeaderBytes = 24;
const magic = [0x44, 0x43, 0x46, 0x31]; // "DCF1"

export function encodeJpegFrame(header: JpegFrameHeader, jpeg: Uint8Array): Uint8Array {
  const out = new Uint8Array(jpegFrameHeaderBytes + jpeg.length);
  const view = new DataView(out.buffer);
  out.set(magic, 0);
  view.setUint32(4, header.frameNumber >>> 0);
  view.setFloat64(8, header.captureTimeMs);
  view.setUint16(16, header.width);
  view.setUint16(18, header.height);
  view.setUint32(20, jpeg.length);
  out.set(jpeg, jpegFrameHeaderBytes);
  return out;
}

/** Throws an Error saying what is wrong for anything that is not a whole frame message. */
export function decodeJpegFrame(message: Uint8Array): { header: JpegFrameHeader; jpeg: Uint8Array } {
  if (message.length < jpegFrameHeaderBytes) throw new Error(`frame message too short (${message.length} bytes)`);
  if (magic.some((b, i) => message[i] !== b)) throw new Error('not a dronecast frame message (bad magic)');
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const length = view.getUint32(20);
  if (jpegFrameHeaderBytes + length !== message.length) throw new Error(`frame message length ${message.length} does not match its JPEG length ${length}`);
  return {
    header: { frameNumber: view.getUint32(4), captureTimeMs: view.getFloat64(8), width: view.getUint16(16), height: view.getUint16(18) },
    jpeg: message.subarray(jpegFrameHeaderBytes),
  };
}

/** MQTT topics, all under dronecast/<droneId>/. */
export const mqttTopics = {
  videoJpeg: (droneId: string): string => `dronecast/${droneId}/video/jpeg`,
  telemetry: (droneId: string): string => `dronecast/${droneId}/telemetry`,
  events: (droneId: string): string => `dronecast/${droneId}/events`,
  /** Retained {"subscribers": n} from the embedded broker: the ground agent encodes JPEG only when n > 0. */
  videoDemand: (droneId: string): string => `dronecast/${droneId}/video/demand`,
};

/** MQTT topic-filter matching (+ one level, # the rest). */
export function mqttTopicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** The socket.io namespace carrying JPEG frames (ground -> SFU -> phones). */
export const framesNamespace = '/frames';
