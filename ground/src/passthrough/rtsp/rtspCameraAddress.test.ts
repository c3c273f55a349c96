import { describe, expect, it } from 'vitest';
import { rtspCameraAddress } from './rtspCameraAddress.ts';

describe('rtspCameraAddress', () => {
  it('reads the host and the default RTSP port 554, with no credentials', () => {
    expect(rtspCameraAddress('rtsp://192.168.1.10/Streaming/Channels/101')).toEqual({
      host: '192.168.1.10',
      port: 554,
      requestUrl: 'rtsp://192.168.1.10/Streaming/Channels/101',
      credentials: undefined,
    });
  });

  it('reads an explicit port, and keeps it in the request URL', () => {
    const address = rtspCameraAddress('rtsp://camera.local:8554/test');
    expect(address).toMatchObject({ host: 'camera.local', port: 8554, requestUrl: 'rtsp://camera.local:8554/test' });
  });

  it('keeps an explicit port 554 as written', () => {
    expect(rtspCameraAddress('rtsp://10.0.0.2:554/live')).toMatchObject({ port: 554, requestUrl: 'rtsp://10.0.0.2:554/live' });
  });

  it('reads an IPv6 literal without its brackets, and keeps them in the request URL', () => {
    expect(rtspCameraAddress('rtsp://[::1]:8554/live')).toEqual({ host: '::1', port: 8554, requestUrl: 'rtsp://[::1]:8554/live', credentials: undefined });
  });

  it('takes the user and password out of the request URL', () => {
    const address = rtspCameraAddress('rtsp://admin:pa55@10.0.0.2:554/stream1?channel=1');
    expect(address.credentials).toEqual({ username: 'admin', password: 'pa55' });
    expect(address.requestUrl).toBe('rtsp://10.0.0.2:554/stream1?channel=1');
    expect(address.requestUrl).not.toContain('pa55');
  });

  it('decodes percent-encoded credentials', () => {
    const address = rtspCameraAddress('rtsp://user%40site:p%40ss%3Aw%2Frd%20x@cam/live');
    expect(address.credentials).toEqual({ username: 'user@site', password: 'p@ss:w/rd x' });
    expect(address.requestUrl).toBe('rtsp://cam/live');
  });

  it('reads a user without a password as an empty password', () => {
    expect(rtspCameraAddress('rtsp://admin@cam/live').credentials).toEqual({ username: 'admin', password: '' });
  });

  it('accepts the scheme in upper case', () => {
    expect(rtspCameraAddress('RTSP://cam/live')).toMatchObject({ host: 'cam', port: 554 });
  });

  it.each(['rtsps://cam/live', 'http://cam/live', 'udp://239.0.0.1:5000'])('throws on %s, not an rtsp:// URL', (url) => {
    expect(() => rtspCameraAddress(url)).toThrow(/not an rtsp:\/\/ URL/);
  });

  it('says what to write for a lone % in the password, and for a port out of range', () => {
    expect(() => rtspCameraAddress('rtsp://admin:100%@cam/live')).toThrow('a % in the user or password must begin an escape: write a % itself as %25');
    expect(() => rtspCameraAddress('rtsp://cam:99999/live')).toThrow(/^not a valid URL \(a port is 1-65535/);
  });

  it('throws on an rtsp: URL with no host', () => {
    expect(() => rtspCameraAddress('rtsp:///live')).toThrow(/needs a host/);
  });
});
