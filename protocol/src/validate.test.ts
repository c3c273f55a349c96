import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.ts';
import { maxPayloadBytes } from './events.ts';
import { parseRequest } from './validate.ts';

function refusal(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('request validation', () => {
  it('accepts a well-formed request', () => {
    expect(parseRequest('media:createTransport', { direction: 'recv' })).toEqual({ direction: 'recv' });
  });

  it('names the field and what was expected', () => {
    const error = refusal(() => parseRequest('media:createTransport', { direction: 'sideways' }));
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toMatch(/^media:createTransport: direction: .*"send"/);
  });

  it('types a device\'s codec capabilities down to their feedback entries (the fuzzer found nulls there)', () => {
    const vp8 = { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'transport-cc' }] };
    const consume = (codec: object) => parseRequest('media:consume', { transportId: 't', producerId: 'p', rtpCapabilities: { codecs: [codec], headerExtensions: [] } });
    expect(consume(vp8).rtpCapabilities.codecs).toEqual([vp8]);
    for (const broken of [{ ...vp8, rtcpFeedback: [null, null] }, { ...vp8, rtcpFeedback: Array(33).fill({ type: 'nack' }) }, { ...vp8, kind: 'data' }, { ...vp8, clockRate: undefined }]) {
      const error = refusal(() => consume(broken));
      expect(error.code).toBe('INVALID_PAYLOAD');
      expect(error.message).toMatch(/^media:consume: rtpCapabilities\.codecs\.0\./);
    }
  });

  it('refuses unknown fields rather than ignoring them', () => {
    expect(refusal(() => parseRequest('media:resumeConsumer', { consumerId: 'x', extra: 1 })).code).toBe('INVALID_PAYLOAD');
  });

  it('keeps a refusal short however many unknown keys were sent', () => {
    const payload = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key${i}`, i]));
    const error = refusal(() => parseRequest('media:listProducers', payload));
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toMatch(/^media:listProducers: payload: Unrecognized keys: "key0", "key1"/);
    expect(error.message.length).toBeLessThanOrEqual(400);
  });

  it('refuses non-objects', () => {
    for (const payload of [null, 'hello', 42, [], undefined]) {
      expect(refusal(() => parseRequest('media:listProducers', payload)).code).toBe('INVALID_PAYLOAD');
    }
  });

  it('refuses oversized payloads before parsing them', () => {
    const huge = { transportId: 'x'.repeat(maxPayloadBytes + 1) };
    const error = refusal(() => parseRequest('media:restartIce', huge));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain(String(maxPayloadBytes));
  });

  it('refuses a produce of an unknown source or kind', () => {
    const base = { transportId: 't', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] } };
    expect(parseRequest('media:produce', { ...base, source: 'drone-camera' }).source).toBe('drone-camera');
    expect(refusal(() => parseRequest('media:produce', { ...base, source: 'satellite' })).code).toBe('INVALID_PAYLOAD');
    expect(refusal(() => parseRequest('media:produce', { ...base, source: 'drone-camera', kind: 'audio' })).code).toBe('INVALID_PAYLOAD');
  });
});
