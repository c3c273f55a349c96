import { describe, expect, it } from 'vitest';
import { decodeJpegFrame, encodeJpegFrame, jpegFrameHeaderBytes, mqttTopicMatches } from './frames.ts';

describe('JPEG frame messages', () => {
  it('round-trip header and bytes', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const header = { frameNumber: 4_000_000_123, captureTimeMs: 1_795_000_000_123.5, width: 1280, height: 720 };
    const message = encodeJpegFrame(header, jpeg);
    expect(message.length).toBe(jpegFrameHeaderBytes + jpeg.length);
    const decoded = decodeJpegFrame(message);
    expect(decoded.header).toEqual(header);
    expect([...decoded.jpeg]).toEqual([...jpeg]);
  });

  it('refuses truncated or foreign messages with a reason', () => {
    const message = encodeJpegFrame({ frameNumber: 1, captureTimeMs: 2, width: 3, height: 4 }, new Uint8Array(10));
    expect(() => decodeJpegFrame(message.subarray(0, 30))).toThrow(/does not match its JPEG length 10/);
    expect(() => decodeJpegFrame(new Uint8Array(5))).toThrow(/too short/);
    expect(() => decodeJpegFrame(new Uint8Array(40))).toThrow(/bad magic/);
  });
});

describe('MQTT topic filters', () => {
  it('match as brokers do', () => {
    const topic = 'dronecast/drone1/video/jpeg';
    for (const filter of [topic, 'dronecast/drone1/#', 'dronecast/+/video/jpeg', '#', 'dronecast/drone1/video/#']) expect(mqttTopicMatches(filter, topic)).toBe(true);
    for (const filter of ['dronecast/drone1/video', 'dronecast/drone2/#', 'dronecast/drone1/+', 'dronecast/drone1/video/jpeg/x']) expect(mqttTopicMatches(filter, topic)).toBe(false);
  });
});
