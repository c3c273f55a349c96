import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redactCredentials.ts';

describe('redactCredentials', () => {
  it('hides the password of user:password@ URLs and keeps the rest', () => {
    expect(redactCredentials('rtsp://admin:pa55@10.0.0.2:554/stream1')).toBe('rtsp://admin:***@10.0.0.2:554/stream1');
  });

  it('hides secret query parameters such as an SRT passphrase', () => {
    expect(redactCredentials('srt://drone:9000?mode=caller&passphrase=s3cret')).toBe('srt://drone:9000?mode=caller&passphrase=***');
  });

  it('leaves URLs without credentials alone', () => {
    expect(redactCredentials('rtsp://10.0.0.2:554/stream1 and udp://@:5000')).toBe('rtsp://10.0.0.2:554/stream1 and udp://@:5000');
  });
});
