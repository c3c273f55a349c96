import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseSimulatorConfig } from './SimulatorConfig.ts';

const simMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sim-main.ts');
const node = (args: string[]): string[] => ['--import', 'tsx', simMain, ...args];

function usageError(argv: string[]): string {
  return usageErrorOf(() => parseSimulatorConfig(argv));
}

describe('simulator flags', () => {
  it('listens on udp:127.0.0.1:14550 in real time by default', () => {
    expect(parseSimulatorConfig([]).options).toMatchObject({ listen: ['udp:127.0.0.1:14550'], out: [], timeScale: 1, params: { gpsFixDelayS: 3, rtlAltitudeM: 15 } });
  });

  it('takes several links, a home and a faster clock', () => {
    const { options } = parseSimulatorConfig(['--listen', 'udp:0.0.0.0:14550', '--listen', 'tcp:127.0.0.1:5760', '--out', 'udpout:10.0.0.5:14550', '--home', '41.3,2.1,12', '--speedup', '5']);
    expect(options).toMatchObject({
      listen: ['udp:0.0.0.0:14550', 'tcp:127.0.0.1:5760'],
      out: ['udpout:10.0.0.5:14550'],
      location: { lat: 41.3, lon: 2.1, altMsl: 12 },
      timeScale: 5,
    });
    // Only pushing out: no default listener.
    expect(parseSimulatorConfig(['--out', 'udpout:127.0.0.1:14550']).options.listen).toEqual([]);
  });

  it('refuses bad flags with the usage', () => {
    expect(usageError(['--listen', 'udpout:127.0.0.1:14550'])).toMatch(/--listen udpout:127\.0\.0\.1:14550: use udp: or tcp: or serial: here[\s\S]*Usage: npm run sim/);
    expect(usageError(['--out', 'serial:/dev/ttyUSB0:57600'])).toMatch(/--out .*: use udpout: or tcp: here/);
    expect(usageError(['--listen', 'udp:nowhere'])).toMatch(/--listen: bad connection "udp:nowhere"[\s\S]*serial:PATH:BAUD/);
    expect(usageError(['--home', 'castelldefels'])).toMatch(/--home must be LAT,LON/);
    expect(usageError(['--speedup', '0'])).toMatch(/--speedup must be at least 0\.1/);
    expect(usageError(['--drone'])).toMatch(/Unknown option/);
  });
});

describe('npm run sim', () => {
  it('prints its usage with --help, and exits 2 on a bad flag', () => {
    const help = spawnSync(process.execPath, node(['--help']), { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run sim');
    const bad = spawnSync(process.execPath, node(['--listen', 'udp:localhost']), { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^npm run sim: --listen: bad connection/);
  });

  it('prints where it listens and what a ground station should dial', async () => {
    const child = spawn(process.execPath, node(['--listen', 'udp:127.0.0.1:0', '--listen', 'tcp:127.0.0.1:0']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 10_000 }).toMatch(/tcp:127\.0\.0\.1:\d+ .*\n/);
      expect(out).toMatch(/^ArduCopter-like quad \(MAVLink 2, system 1\) on the ground at 41\.275700,1\.988100\n/);
      expect(out).toMatch(/ {2}udp:127\.0\.0\.1:(\d+) {3}\(ground station: udpout:127\.0\.0\.1:\1\)\n/);
      expect(out).toMatch(/ {2}tcp:127\.0\.0\.1:(\d+) {3}\(ground station: tcp:127\.0\.0\.1:\1\)\n/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
