import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseLauncherConfig } from '../LauncherConfig.ts';
import { doctorChecks, portNeeds } from './doctorChecks.ts';
import { reportStartChecks } from './reportStartChecks.ts';
import { fakeBinDir } from './testBin.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** Ports nothing else uses in these tests: the ground console off, no MQTT TCP listener. */
async function quietConfig(extra: string[] = []) {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });
  return parseLauncherConfig(['--port', String(port), '--rtc-port', String(port + 1), '--workers', '1', '--console-port', '0', '--no-mqtt', ...extra], {});
}

describe('what npm start binds', () => {
  it('is the HTTPS port, the console, the MQTT broker and a WebRTC port per worker, on both protocols', () => {
    const needs = portNeeds(parseLauncherConfig(['--workers', '2'], {})).map((n) => `${n.port}/${n.protocol}`);
    expect(needs).toEqual(['8443/tcp', '8090/tcp', '1883/tcp', '40000/udp', '40000/tcp', '40001/udp', '40001/tcp']);
  });

  it("follows the MQTT port the SFU takes from its environment", () => {
    const mqttPorts = (env: NodeJS.ProcessEnv) => portNeeds(parseLauncherConfig(['--workers', '1'], {}), env).filter((n) => n.what === 'the embedded MQTT broker').map((n) => n.port);
    expect(mqttPorts({ DRONECAST_MQTT_PORT: '1884' })).toEqual([1884]);
    expect(mqttPorts({ DRONECAST_MQTT_PORT: '0' })).toEqual([]);
  });

  it('leaves out what is turned off and adds coturn with --turn', () => {
    const needs = portNeeds(parseLauncherConfig(['--workers', '1', '--console-port', '0', '--no-mqtt', '--turn'], {})).map((n) => `${n.port}/${n.protocol}`);
    expect(needs).toEqual(['8443/tcp', '40000/udp', '40000/tcp', '3478/udp', '3478/tcp']);
  });
});

describe("npm start's checks", () => {
  it('start without ffmpeg, saying recording is unavailable', async () => {
    const config = await quietConfig();
    const lines: string[] = [];
    await reportStartChecks(config, (text) => lines.push(text), { PATH: fakeBinDir({ openssl: {} }) });
    const text = lines.join('');
    expect(text).toMatch(/^MISSING ffmpeg +not found; install it: sudo apt-get install -y --no-install-recommends ffmpeg/m);
    expect(text).toMatch(/^Starting without: ffmpeg \(recordings/m);
    // Test-only programs are not npm start's business.
    expect(text).not.toMatch(/chromium|redis-server/);
  });

  it('refuse to start on a busy port, naming it', async () => {
    const config = await quietConfig();
    const server = await new Promise<net.Server>((resolve) => {
      const s = net.createServer().listen(config.port, '0.0.0.0', () => resolve(s));
    });
    closers.push(() => server.close());
    const bin = fakeBinDir({ openssl: {}, ffmpeg: { stdout: ' V....D libx264  libx264 H.264' }, ffprobe: {} });
    const refusal = await reportStartChecks(config, () => undefined, { PATH: bin }).then(
      () => 'started',
      (error: Error) => usageErrorOf(() => { throw error; }),
    );
    expect(refusal).toMatch(new RegExp(`^cannot start: port ${config.port}/tcp: in use by another program`));
  });

  it('say one line when all is well', async () => {
    const config = await quietConfig();
    const lines: string[] = [];
    await reportStartChecks(config, (text) => lines.push(text), { PATH: fakeBinDir({ openssl: {}, ffmpeg: { stdout: ' V....D libx264  libx264 H.264' }, ffprobe: {} }) });
    expect(lines).toEqual([expect.stringMatching(/^Checked \d+ parts \(Node, programs, mediasoup worker, pose model, ports\): all OK\n$/)]);
  });

  it('in the doctor, cover the test programs and the certificates too', async () => {
    const checks = await doctorChecks(await quietConfig(['--certs-dir', '/nonexistent/certs']), 'doctor', { PATH: fakeBinDir({}) });
    const names = checks.map((c) => c.name);
    for (const name of ['chromium', 'ffmpeg', 'ffprobe', 'socat', 'mosquitto', 'turnserver', 'redis-server', 'node', 'mediasoup worker', 'pose model', 'certificates']) expect(names).toContain(name);
    expect(checks.find((c) => c.name === 'certificates')).toMatchObject({ status: 'note', detail: 'not made yet: npm start (or npm run certs) makes them in /nonexistent/certs' });
  });
});
