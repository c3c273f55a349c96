import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('routes to any number of ground stations, from flags, the environment or the file', () => {
    expect(parseGroundConfig([], { DRONECAST_TOKEN: 'a-long-enough-token' }).groundStations).toEqual([]);
    const config = parseGroundConfig(['--gcs', 'udp:0.0.0.0:14550', '--gcs', 'udpout:192.168.1.20:14550', '--gcs', 'tcp:127.0.0.1:5762'], {
      DRONECAST_TOKEN: 'a-long-enough-token',
    });
    expect(config.groundStations).toEqual([
      { kind: 'udp', host: '0.0.0.0', port: 14550 },
      { kind: 'udpout', host: '192.168.1.20', port: 14550 },
      { kind: 'tcp', host: '127.0.0.1', port: 5762 },
    ]);
    const fromEnv = parseGroundConfig([], { DRONECAST_TOKEN: 'a-long-enough-token', DRONECAST_GCS: 'udp:0.0.0.0:14550, udpout:10.0.0.2:14551' });
    expect(fromEnv.groundStations.map((g) => g.kind)).toEqual(['udp', 'udpout']);
  });

  it('refuses a bad --gcs with what is wrong and the forms it takes', () => {
    const cases: [string[], RegExp][] = [
      [['--gcs', 'serial:/dev/ttyUSB0:57600'], /--gcs "serial:\/dev\/ttyUSB0:57600": a ground station is reached over udp:, udpout: or tcp:, not a serial port/],
      [['--gcs', 'qgc'], /--gcs "qgc": no kind/],
      [['--gcs', 'udp:14550'], /--gcs "udp:14550": expected a host name or IPv4 address before the port/],
      [['--gcs', 'udpout:10.0.0.2:0'], /udpout needs the port to send to/],
      [['--gcs', 'tcp:10.0.0.2:0'], /tcp needs the port to connect to/],
      [['--gcs', 'tcp:10.0.0.2:99999'], /the port must be a number from 0 to 65535/],
      [['--gcs', 'udp:0.0.0.0:14550', '--gcs', 'udp:0.0.0.0:14550'], /--gcs udp:0\.0\.0\.0:14550 is given twice/],
      [['--drone', 'udp:0.0.0.0:14550', '--gcs', 'udp:127.0.0.1:14550'], /--gcs udp:127\.0\.0\.1:14550 and --drone udp:0\.0\.0\.0:14550 both listen on UDP port 14550/],
    ];
    for (const [argv, why] of cases) {
      const message = usageError(argv);
      expect(message).toMatch(why);
      expect(message).toMatch(/Usage: dronecast-ground/);
    }
    expect(usageError(['--gcs', 'qgc'])).toMatch(/udp:HOST:PORT[\s\S]*udpout:HOST:PORT[\s\S]*tcp:HOST:PORT/);
    expect(usageError(['--gcs', 'qgc'])).not.toMatch(/serial:PATH:BAUD/);
  });

  it('names the file or variable a bad ground station came from', () => {
    const env = { DRONECAST_TOKEN: 'a-long-enough-token', DRONECAST_GCS: 'serial:/dev/ttyS0:57600' };
    expect(usageError([], env)).toMatch(/^DRONECAST_GCS "serial:\/dev\/ttyS0:57600": a ground station is reached over/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ground-config-'));
    try {
      const file = path.join(dir, 'dronecast.json');
      fs.writeFileSync(file, JSON.stringify({ ground: { gcs: ['udp:0.0.0.0:14550', 'tcp:gcs.local:0'] } }));
      expect(usageError(['--config', file])).toMatch(/dronecast\.json: ground\.gcs "tcp:gcs\.local:0": tcp needs the port to connect to/);
      fs.writeFileSync(file, JSON.stringify({ ground: { gcs: ['udp:0.0.0.0:14550'] } }));
      expect(parseGroundConfig(['--config', file], { DRONECAST_TOKEN: 'a-long-enough-token' }).groundStations).toEqual([{ kind: 'udp', host: '0.0.0.0', port: 14550 }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
