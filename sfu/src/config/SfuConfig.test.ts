import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseSfuConfig } from './SfuConfig.ts';

function usageError(argv: string[]): string {
  return usageErrorOf(() => parseSfuConfig(argv));
}

describe('SFU configuration', () => {
  it('has defaults that run on this machine', () => {
    const config = parseSfuConfig([]);
    expect(config.port).toBe(8443);
    expect(config.workers).toBe(os.availableParallelism());
    expect(config.droneId).toBe('drone1');
    expect(config.announcedAddress).toBe(config.publicHost);
  });

  it('takes ports, workers and addresses from flags', () => {
    const config = parseSfuConfig(['--port', '9443', '--workers', '1', '--announced-address', '127.0.0.1', '--drone-id', 'kite-2']);
    expect(config).toMatchObject({ port: 9443, workers: 1, announcedAddress: '127.0.0.1', droneId: 'kite-2' });
  });

  it('explains a bad value and shows the usage', () => {
    expect(usageError(['--port', '70000'])).toMatch(/--port must be 1-65535[\s\S]*Usage: dronecast-sfu/);
    expect(usageError(['--port', 'abc'])).toMatch(/--port must be a number/);
    expect(usageError(['--rtc-listen-ip', 'not-an-ip'])).toMatch(/rtc-listen-ip: expected an IP address/);
    expect(usageError(['--drone-id', 'Drone One'])).toMatch(/lowercase letters/);
  });

  it('takes the map tiles only as a {z}/{x}/{y} web URL, and fetches none by default', () => {
    expect(parseSfuConfig([]).mapTiles).toBeNull();
    const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    expect(parseSfuConfig(['--map-tiles', osm]).mapTiles).toBe(osm);
    expect(usageError(['--map-tiles', 'https://tiles.example/tiles.png'])).toMatch(/map-tiles: must contain \{z\}, \{x\} and \{y\}/);
    expect(usageError(['--map-tiles', 'file:///etc/{z}/{x}/{y}'])).toMatch(/map-tiles: must be an http\(s\) URL/);
  });

  it('refuses unknown flags', () => {
    expect(usageError(['--colour', 'red'])).toMatch(/Unknown option '--colour'/);
  });
});
