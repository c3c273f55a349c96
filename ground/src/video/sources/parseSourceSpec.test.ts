import { UsageError } from '@dronecast/runtime';
import { describe, expect, it } from 'vitest';
import { parseSourceSpec, sourceSpecForms } from './parseSourceSpec.ts';

const noFiles = (): boolean => false;

function errorOf(spec: string): Error {
  try {
    parseSourceSpec(spec, noFiles);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`"${spec}" was accepted`);
}

describe('parseSourceSpec', () => {
  it('reads "pattern" and an empty value as the default test pattern', () => {
    expect(parseSourceSpec('pattern')).toEqual({ kind: 'pattern' });
    expect(parseSourceSpec('')).toEqual({ kind: 'pattern' });
  });

  it('reads a test pattern size and rate, the rate defaulting to 30', () => {
    expect(parseSourceSpec('pattern:1280x720@30')).toEqual({ kind: 'pattern', format: { width: 1280, height: 720, fps: 30 } });
    expect(parseSourceSpec('pattern:320x240@12.5')).toEqual({ kind: 'pattern', format: { width: 320, height: 240, fps: 12.5 } });
    expect(parseSourceSpec('pattern:320x240')).toEqual({ kind: 'pattern', format: { width: 320, height: 240, fps: 30 } });
  });

  it('refuses a pattern format out of range, saying which limit', () => {
    expect(() => parseSourceSpec('pattern:4000x4000@30')).toThrow(/invalid video format 4000x4000@30: width must be .* 1920/);
    expect(() => parseSourceSpec('pattern:640x480@0')).toThrow('fps must be from 1 to 60 (got 0)');
  });

  it('reads rtp:IP:PORT as an H.264 camera to pass through, refusing a bad address or port', () => {
    expect(parseSourceSpec('rtp:0.0.0.0:5600')).toEqual({ kind: 'h264-rtp', host: '0.0.0.0', port: 5600 });
    expect(parseSourceSpec('rtp:[::1]:5600')).toEqual({ kind: 'h264-rtp', host: '::1', port: 5600 });
    expect(() => parseSourceSpec('rtp:drone.local:5600')).toThrow(/rtp: takes the IP address and UDP port/);
    expect(() => parseSourceSpec('rtp:0.0.0.0:70000')).toThrow(/port 70000 is not a UDP port/);
    expect(() => parseSourceSpec('rtp:0.0.0.0')).toThrow(/rtp: takes the IP address/);
  });

  it('reads V4L2 cameras as v4l2:/dev/videoN, v4l2:N or a bare /dev path', () => {
    expect(parseSourceSpec('v4l2:/dev/video0')).toEqual({ kind: 'v4l2', device: '/dev/video0' });
    expect(parseSourceSpec('v4l2:2')).toEqual({ kind: 'v4l2', device: '/dev/video2' });
    expect(parseSourceSpec('/dev/video1')).toEqual({ kind: 'v4l2', device: '/dev/video1' });
  });

  it('reads network streams by their URL scheme, keeping the URL as typed', () => {
    for (const url of [
      'rtsp://admin:secret@192.168.1.10:554/stream1',
      'rtsps://camera.local/live',
      'udp://@:5000',
      'udp://239.0.0.1:1234?fifo_size=1000000',
      'rtp://0.0.0.0:5004',
      'srt://drone.local:9000?mode=caller',
      'http://192.168.4.1:8080/video.mjpg',
      'https://drone.example/live.ts',
      'RTSP://cam/live',
    ]) {
      expect(parseSourceSpec(url)).toEqual({ kind: 'stream', url });
    }
  });

  it('reads video files as file:PATH, file:// URLs or plain paths that exist', () => {
    expect(parseSourceSpec('file:/data/flight.mp4')).toEqual({ kind: 'file', path: '/data/flight.mp4' });
    expect(parseSourceSpec('file:clips/a.mkv')).toEqual({ kind: 'file', path: 'clips/a.mkv' });
    expect(parseSourceSpec('file:///data/my%20flight.mp4')).toEqual({ kind: 'file', path: '/data/my flight.mp4' });
    expect(parseSourceSpec('./flight.mp4', (p) => p === './flight.mp4')).toEqual({ kind: 'file', path: './flight.mp4' });
  });

  it('checks the disk for plain paths', () => {
    expect(parseSourceSpec(import.meta.filename)).toEqual({ kind: 'file', path: import.meta.filename });
  });

  it('refuses an rtsp:// URL the RTSP client cannot read, saying what to write, with the password hidden', () => {
    const lonePercent = errorOf('rtsp://admin:100%@10.0.0.2/live');
    expect(lonePercent).toBeInstanceOf(UsageError);
    expect(lonePercent.message).toMatch(/^unrecognised camera "rtsp:\/\/admin:\*\*\*@10\.0\.0\.2\/live": its rtsp:\/\/ URL: a % in the user or password must begin an escape: write a % itself as %25/);
    expect(errorOf('rtsp://10.0.0.2:70000/live').message).toContain('its rtsp:// URL: not a valid URL (a port is 1-65535');
  });

  it('refuses anything else with a UsageError that lists the accepted forms', () => {
    for (const spec of ['patern', 'pattern:big', 'pattern:640x480@', 'v4l2:', 'v4l2:video0', 'ftp://host/x', 'rtsp://', 'file:', './missing.mp4']) {
      const error = errorOf(spec);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain(`unrecognised camera "${spec}"`);
      expect(error.message).toContain(sourceSpecForms);
    }
    expect(sourceSpecForms).toMatch(/^pattern .*\npattern:1280x720@30 .*\nrtp:0.0.0.0:5600 .*\nv4l2:\/dev\/video0 .*\nrtsp:\/\/.*\nudp:\/\/.*\nfile:\/path\/video.mp4 /);
  });

  it('explains what is wrong with a malformed spec', () => {
    expect(errorOf('pattern:big').message).toContain('a pattern size is written WIDTHxHEIGHT or WIDTHxHEIGHT@FPS');
    expect(errorOf('ftp://host/x').message).toContain('ftp:// is not a stream type');
    expect(errorOf('./missing.mp4').message).toContain('not one of the forms below, nor an existing file');
  });
});
