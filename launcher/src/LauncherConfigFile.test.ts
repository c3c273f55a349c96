import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseLauncherConfig } from './LauncherConfig.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configFile(sections: unknown): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(sections));
  return file;
}

describe('npm start with a configuration file', () => {
  it('takes its own section and remembers the file (absolute) for the processes it starts', () => {
    const file = configFile({ launcher: { port: 9443, camera: 'pattern:1280x720@30', 'no-mqtt': true }, sfu: { workers: 1 } });
    const relative = path.relative(process.cwd(), file);
    const config = parseLauncherConfig(['--config', relative], {});
    expect(config).toMatchObject({ port: 9443, camera: 'pattern:1280x720@30', 'no-mqtt': true, configFile: file });
  });

  it('puts flags over DRONECAST_* over the file', () => {
    const file = configFile({ launcher: { port: 9443, 'rtc-port': 41000, 'console-port': 9090 } });
    const config = parseLauncherConfig(['--port', '9444'], { DRONECAST_CONFIG: file, DRONECAST_RTC_PORT: '42000' });
    expect(config).toMatchObject({ port: 9444, 'rtc-port': 42000, 'console-port': 9090 });
  });

  it('names the source of a bad value', () => {
    const file = configFile({ launcher: { 'rtc-port': 80 } });
    expect(usageErrorOf(() => parseLauncherConfig(['--config', file], {}))).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: launcher\\.rtc-port must be at least 1024`));
    expect(usageErrorOf(() => parseLauncherConfig([], { DRONECAST_WORKERS: 'many' }))).toMatch(/^DRONECAST_WORKERS must be a number\n\nUsage: npm start/);
  });

  it('refuses a key that is not a launcher flag, listing the ones that are', () => {
    const file = configFile({ launcher: { 'drone-id': 'x' } });
    expect(usageErrorOf(() => parseLauncherConfig(['--config', file], {}))).toMatch(/launcher\.drone-id is not a setting of the launcher; known: port, public-host, .*certs-dir/);
  });

  it('--help is for the command line only', () => {
    expect(parseLauncherConfig([], { DRONECAST_HELP: '1' }).help).toBe(false);
  });
});
