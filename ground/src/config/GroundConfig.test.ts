import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseGroundConfig } from './GroundConfig.ts';

function usageError(argv: string[], env: NodeJS.ProcessEnv = { DRONECAST_TOKEN: 'a-long-enough-token' }): string {
  return usageErrorOf(() => parseGroundConfig(argv, env));
}

describe('ground agent configuration', () => {
  it('takes the token from the environment, so it never shows in ps', () => {
    const config = parseGroundConfig([], { DRONECAST_TOKEN: 'token-from-env' });
    expect(config).toMatchObject({ token: 'token-from-env', sfuUrl: 'https://127.0.0.1:8443', camera: 'pattern', maxBitrateKbps: 1500 });
  });

  it('says how to give a token when there is none', () => {
    expect(usageError([], {})).toMatch(/no access token: set DRONECAST_TOKEN or pass --token/);
  });

  it('explains bad values', () => {
    expect(usageError(['--sfu', 'ftp://x'])).toMatch(/--sfu must be an http\(s\) URL/);
    expect(usageError(['--max-bitrate', '5'])).toMatch(/at least 100 kbit\/s/);
    expect(usageError(['--max-bitrate', 'fast'])).toMatch(/must be a number/);
    expect(usageError(['--camara', 'pattern'])).toMatch(/Unknown option '--camara'[\s\S]*Usage: dronecast-ground/);
  });

  it('asks phones for a zero playout delay unless told a delay in ms or off', () => {
    const env = { DRONECAST_TOKEN: 'a-long-enough-token' };
    expect(parseGroundConfig([], env).playoutDelayMs).toBe(0);
    expect(parseGroundConfig(['--playout-delay', '120'], env).playoutDelayMs).toBe(120);
    expect(parseGroundConfig(['--playout-delay', 'off'], env).playoutDelayMs).toBeUndefined();
    expect(usageError(['--playout-delay', '5000'])).toMatch(/--playout-delay must be from 0 to 1000 ms, or off/);
    expect(usageError(['--playout-delay', 'soon'])).toMatch(/--playout-delay must be a number of milliseconds or off/);
  });

  it('sends an rtp: camera to a ground control station given as udp:IP:PORT', () => {
    const env = { DRONECAST_TOKEN: 'a-long-enough-token' };
    expect(parseGroundConfig([], env).gcsVideo).toBeUndefined();
    expect(parseGroundConfig(['--gcs-video', 'udp:192.168.1.20:5600'], env).gcsVideo).toEqual({ host: '192.168.1.20', port: 5600 });
    expect(usageError(['--gcs-video', 'qgc.local:5600'])).toMatch(/--gcs-video must be udp:IP:PORT/);
    expect(usageError(['--gcs-video', 'udp:10.0.0.1:0'])).toMatch(/--gcs-video must be udp:IP:PORT/);
  });

  it('runs the ground console on 127.0.0.1:8090 unless told otherwise, with the token from the environment', () => {
    expect(parseGroundConfig([], { DRONECAST_TOKEN: 'a-long-enough-token' })).toMatchObject({ consolePort: 8090, consoleToken: undefined });
    const config = parseGroundConfig(['--console-port', '0'], { DRONECAST_TOKEN: 'a-long-enough-token', DRONECAST_CONSOLE_TOKEN: 'console-token-from-env' });
    expect(config).toMatchObject({ consolePort: 0, consoleToken: 'console-token-from-env' });
    expect(parseGroundConfig(['--console-port', '9000', '--console-token', 'console-token-flag'], { DRONECAST_TOKEN: 'a-long-enough-token' })).toMatchObject({ consolePort: 9000, consoleToken: 'console-token-flag' });
  });

  it('explains a bad console port or token', () => {
    expect(usageError(['--console-port', 'http'])).toMatch(/--console-port must be a number/);
    expect(usageError(['--console-port', '70000'])).toMatch(/--console-port must be 0 \(off\) or a port from 1 to 65535/);
    expect(usageError(['--console-port=-1'])).toMatch(/--console-port must be 0 \(off\) or a port/);
    expect(usageError(['--console-port', '80.5'])).toMatch(/--console-port must be a whole number/);
    expect(usageError(['--console-token', 'short'])).toMatch(/--console-token is too short/);
  });

  it('runs ffmpeg and ffprobe from the PATH unless told where they are (flag, environment or file)', () => {
    expect(parseGroundConfig([], { DRONECAST_TOKEN: 'a-long-enough-token' })).toMatchObject({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
    const config = parseGroundConfig(['--ffmpeg', '/opt/ffmpeg/bin/ffmpeg'], { DRONECAST_TOKEN: 'a-long-enough-token', DRONECAST_FFPROBE: '/opt/ffmpeg/bin/ffprobe' });
    expect(config).toMatchObject({ ffmpegPath: '/opt/ffmpeg/bin/ffmpeg', ffprobePath: '/opt/ffmpeg/bin/ffprobe' });
    expect(usageError(['--ffmpeg', ''])).toMatch(/--ffmpeg must name a program/);
    expect(usageError(['--bogus'])).toMatch(/--ffmpeg <path>[\s\S]*--ffprobe <path>/);
  });

  it('documents the console flags in its usage', () => {
    expect(usageError(['--bogus'])).toMatch(/--console-port <n>[\s\S]*--console-token <tok>/);
  });
});
