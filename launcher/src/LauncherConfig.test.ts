import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseLauncherConfig } from './LauncherConfig.ts';

function usageError(argv: string[]): string {
  return usageErrorOf(() => parseLauncherConfig(argv));
}

describe('npm start flags', () => {
  it('runs on defaults', () => {
    expect(parseLauncherConfig([])).toMatchObject({ port: 8443, 'rtc-port': 40000, help: false, 'console-port': 8090 });
  });

  it('moves or turns off the ground console', () => {
    expect(parseLauncherConfig(['--console-port', '9090'])).toMatchObject({ 'console-port': 9090 });
    expect(parseLauncherConfig(['--console-port', '0'])).toMatchObject({ 'console-port': 0 });
    expect(usageError(['--console-port', '65536'])).toMatch(/--console-port must be at most 65535/);
  });

  it('passes camera, ports and addresses through', () => {
    const config = parseLauncherConfig(['--camera', '/dev/video0', '--port', '9443', '--public-host', '10.0.0.5', '--workers', '1']);
    expect(config).toMatchObject({ camera: '/dev/video0', port: 9443, 'public-host': '10.0.0.5', workers: 1 });
  });

  it('passes every --gcs on to the ground agent, none by default', () => {
    expect(parseLauncherConfig([], {}).gcs).toEqual([]);
    expect(parseLauncherConfig(['--gcs', 'udp:0.0.0.0:14550', '--gcs', 'tcp:10.0.0.5:5760'], {}).gcs).toEqual(['udp:0.0.0.0:14550', 'tcp:10.0.0.5:5760']);
    expect(parseLauncherConfig([], { DRONECAST_GCS: 'udp:0.0.0.0:14550,udpout:10.0.0.2:14550' }).gcs).toEqual(['udp:0.0.0.0:14550', 'udpout:10.0.0.2:14550']);
    expect(usageError(['--gcs', ''])).toMatch(/--gcs: expected a connection such as udp:0\.0\.0\.0:14550/);
  });

  it('passes map tiles on only as a {z}/{x}/{y} web URL, and none by default', () => {
    expect(parseLauncherConfig([], {})['map-tiles']).toBeUndefined();
    const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    expect(parseLauncherConfig(['--map-tiles', osm], {})['map-tiles']).toBe(osm);
    expect(parseLauncherConfig(['--link-ttl', '12h'], {})['link-ttl']).toBe('12h');
    expect(usageError(['--link-ttl', 'forever'])).toMatch(/link-ttl: expected a time such as 12h or 7d/);
    expect(usageError(['--map-tiles', 'tile.openstreetmap.org/{z}/{x}/{y}.png'])).toMatch(/map-tiles: must be an http\(s\) URL template[\s\S]*Usage: npm start/);
    expect(usageError(['--map-tiles', 'https://tile.openstreetmap.org/{z}.png'])).toMatch(/map-tiles: must contain \{z\}, \{x\} and \{y\}/);
  });

  it('refuses bad flags with the usage', () => {
    expect(usageError(['--port', '0'])).toMatch(/--port must be at least 1[\s\S]*Usage: npm start/);
    expect(usageError(['--rtc-port', '80'])).toMatch(/--rtc-port must be at least 1024/);
    expect(usageError(['--workers', '1.5'])).toMatch(/--workers must be a whole number/);
    expect(usageError(['--drone-id'])).toMatch(/Unknown option/);
  });
});
