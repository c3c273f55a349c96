import dgram from 'node:dgram';
import { common, minimal, standard } from 'node-mavlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { qgcIdentity, RawGroundStation, UdpLink } from '@dronecast/ground/testing';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { pilotAliveIntervalMs, type CommandOutcome, type DroneEvent, type GalleryList, type GroundStations } from '@dronecast/protocol';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

// QGroundControl beside the phones: the whole stack (SFU, ground agent with --gcs, pose worker),
// the simulator as the drone, and a ground station speaking raw MAVLink 2 bytes from QGroundControl's
// own address (255/190) to the agent's UDP port, as QGC's default link does.
const { MavCmd, MavResult } = common;
const camera = { system: 1, component: 100 };
let sim: VehicleSimulator;
let stack: LoopbackStack;
let qgc: RawGroundStation;
let qgcHeartbeat: NodeJS.Timeout;
let viewer: TestClient;
let consoleClient: TestClient;
let agentPid: number | undefined;
/** The agent's --gcs udp: port. */
let gcsPort: number;
const events: DroneEvent[] = [];
const reports: GroundStations[] = [];

const certs = (): string => `${stack.dir}/certs`;

async function command(client: TestClient, cmd: object): Promise<CommandOutcome> {
  const ack = await client.send('drone:command', { command: cmd });
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data as CommandOutcome;
}

/** The pilot's app: the dead-man signal while it holds control. */
function keepAlive(client: TestClient): () => void {
  const raw = client.socket as unknown as { emit(event: string, payload: unknown): void };
  const timer = setInterval(() => raw.emit('control:alive', {}), pilotAliveIntervalMs);
  return () => clearInterval(timer);
}

async function untilStopped(): Promise<number> {
  const start = performance.now();
  await expect.poll(() => sim.truth.groundSpeed, { timeout: 5000, interval: 20 }).toBeLessThan(0.05);
  return performance.now() - start;
}

/** A command as QGroundControl sends it: again (up to three times) when no ACK comes within 1.5 s. */
async function commandAsQgcDoes(cmd: number, params: number[]): Promise<common.CommandAck> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await qgc.command(cmd, params, undefined, 1500);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Every COMMAND_ACK for `command` the station got since `from`, with who sent it. */
const acksFor = (command: number, from = 0) =>
  qgc.messages.slice(from).filter((m) => m.name === 'COMMAND_ACK' && (m.data as common.CommandAck).command === command).map((m) => ({ from: `${m.sysid}/${m.compid}`, ack: m.data as common.CommandAck }));

beforeAll(async () => {
  const simPort = await freePort();
  sim = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await sim.start();
  gcsPort = await freePort();
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', drone: `udpout:127.0.0.1:${simPort}`, gcs: [`udp:127.0.0.1:${gcsPort}`] });
  agentPid = stack.stack.ground.pid;
  viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), certs());
  viewer.socket.on('drone:event', (event) => events.push(event));
  consoleClient = await connectClient(stack.origin, stack.stack.ready.tokens.console, certs());
  consoleClient.socket.on('drone:groundStations', (list) => reports.push(list));
  qgc = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: gcsPort }), qgcIdentity);
  // QGroundControl's heartbeat, once a second: how the agent keeps serving it.
  qgc.heartbeat();
  qgcHeartbeat = setInterval(() => qgc.heartbeat(), 1000);
  await qgc.next('HEARTBEAT', (h: minimal.Heartbeat) => h.autopilot === minimal.MavAutopilot.ARDUPILOTMEGA, 0, 60_000);
}, 120_000);

afterAll(async () => {
  clearInterval(qgcHeartbeat);
  await qgc?.close();
  viewer?.close();
  consoleClient?.close();
  await stack?.stop();
  await sim?.stop();
});

describe('a MAVLink ground station beside the phones, through the ground agent (--gcs)', () => {
  it('flies the simulator while a phone holds the lease and flies it too; each is answered; the console lists the station', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    const stopAlive = keepAlive(pilot);
    try {
      // The phone takes the lease with its first command.
      expect(await command(pilot, { type: 'go', direction: 'Stop' })).toMatchObject({ ok: true });

      // The station arms and takes off in GUIDED, and sees the climb in the telemetry it gets.
      expect((await qgc.command(MavCmd.DO_SET_MODE, [1, 4], undefined, 5000)).result).toBe(MavResult.ACCEPTED);
      await expect.poll(async () => (await qgc.command(MavCmd.COMPONENT_ARM_DISARM, [1])).result, { timeout: 15_000, interval: 500 }).toBe(MavResult.ACCEPTED);
      const from = qgc.messages.length;
      const asked = performance.now();
      expect((await qgc.command(MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 4])).result).toBe(MavResult.ACCEPTED);
      const roundTripMs = performance.now() - asked;
      expect(roundTripMs).toBeLessThan(1000);
      const climbed = await qgc.next<common.GlobalPositionInt>('GLOBAL_POSITION_INT', (p) => p.relativeAlt > 3500, from, 20_000);
      expect(climbed.relativeAlt).toBeLessThan(4500);
      // One ACK per command, from the vehicle, to QGroundControl's address.
      expect(acksFor(MavCmd.NAV_TAKEOFF, from)).toEqual([{ from: '1/1', ack: expect.objectContaining({ result: MavResult.ACCEPTED, targetSystem: 255, targetComponent: 190 }) }]);

      // The phone flies the same drone, through the SFU.
      await expect.poll(async () => (await command(pilot, { type: 'go', direction: 'North' })).ok, { timeout: 10_000, interval: 300 }).toBe(true);
      await expect.poll(() => sim.truth.vn, { timeout: 5000 }).toBeGreaterThan(0.8);
      expect(await command(pilot, { type: 'go', direction: 'Stop' })).toMatchObject({ ok: true });
      await untilStopped();

      // The console hears of the station through the SFU, counters moving.
      const listed = (): GroundStations['stations'][number] | undefined => reports.at(-1)?.stations.find((s) => s.mavlinkIds.includes('255/190'));
      await expect.poll(() => listed()?.packetsIn ?? 0, { timeout: 5000 }).toBeGreaterThan(5);
      expect(listed()).toMatchObject({ kind: 'udp', linkUp: true, packetsDropped: 0 });
      expect(listed()!.packetsOut).toBeGreaterThan(listed()!.packetsIn);
      expect(Date.now() - listed()!.lastHeardAt!).toBeLessThan(5000);
    } finally {
      stopAlive();
      pilot.close();
    }
  }, 90_000);

  it("still stops the drone when the moving phone drops, with the station attached", async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs());
    const stopAlive = keepAlive(pilot);
    expect(await command(pilot, { type: 'go', direction: 'East' })).toMatchObject({ ok: true });
    await expect.poll(() => sim.truth.ve, { timeout: 5000 }).toBeGreaterThan(0.8);
    stopAlive();
    pilot.close();
    expect(await untilStopped()).toBeLessThan(1000);
    await expect.poll(() => events.some((e) => /Failsafe: the pilot disconnected/.test(e.message)), { timeout: 2000 }).toBe(true);
    // The station flies on: it may, as the console may.
    expect((await qgc.command(MavCmd.CONDITION_YAW, [180, 0, 0, 0])).result).toBe(MavResult.ACCEPTED);
  }, 30_000);

  it('takes a photo and a recording over the camera protocol; both appear in the gallery', async () => {
    const heartbeat = await qgc.next<minimal.Heartbeat>('HEARTBEAT', (h) => h.type === minimal.MavType.CAMERA, 0, 5000);
    expect(heartbeat.autopilot).toBe(minimal.MavAutopilot.INVALID);

    const from = qgc.messages.length;
    expect((await qgc.command(MavCmd.IMAGE_START_CAPTURE, [0, 0, 1, 1], camera)).result).toBe(MavResult.ACCEPTED);
    const captured = await qgc.next<common.CameraImageCaptured>('CAMERA_IMAGE_CAPTURED', () => true, from, 20_000);
    expect(captured).toMatchObject({ imageIndex: 0, captureResult: standard.MavBool.TRUE });
    expect(captured.relativeAlt / 1000).toBeCloseTo(sim.truth.altRel, 0);

    expect((await qgc.command(MavCmd.VIDEO_START_CAPTURE, [0, 1], camera)).result).toBe(MavResult.ACCEPTED);
    await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', (s) => s.videoStatus === 1 && s.recordingTimeMs >= 2000, from, 20_000);
    expect((await qgc.command(MavCmd.VIDEO_STOP_CAPTURE, [0], camera)).result).toBe(MavResult.ACCEPTED);
    await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', (s) => s.videoStatus === 0, from, 30_000);
    // The camera answered every one of its commands itself; the vehicle never saw them.
    for (const cmd of [MavCmd.IMAGE_START_CAPTURE, MavCmd.VIDEO_START_CAPTURE, MavCmd.VIDEO_STOP_CAPTURE]) expect(acksFor(cmd, from).map((a) => a.from)).toEqual(['1/100']);

    const listed = async (): Promise<GalleryList['items']> => {
      const ack = await viewer.send('gallery:list', { limit: 10 });
      return ack.ok ? (ack.data as GalleryList).items : [];
    };
    await expect.poll(async () => (await listed()).map((i) => i.kind).sort(), { timeout: 30_000 }).toEqual(['photo', 'video']);
    for (const item of await listed()) expect(item.capturedBy).toMatchObject({ role: 'ground', peerId: expect.stringMatching(/^gcs 255\/190 /) });
  }, 90_000);

  it('takes garbage and a flood from another station without a crash; the drone link keeps answering everyone', async () => {
    const flooder = dgram.createSocket('udp4');
    const flood = new RawGroundStation(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: gcsPort }), { system: 200, component: 1 });
    await flood.link.open();
    try {
      const noise = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 5)) & 0xff));
      for (let i = 0; i * 1400 < noise.length; i++) {
        await new Promise((resolve) => flooder.send(noise.subarray(i * 1400, (i + 1) * 1400), gcsPort, '127.0.0.1', resolve));
      }
      const heartbeat = Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, mavlinkVersion: 3 });
      const flooding = (async () => {
        for (let i = 0; i < 20_000; i++) {
          flood.send(heartbeat);
          if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      // While it floods: the phones' path to the vehicle (here the console's), and QGroundControl, which
      // resends a command it got no answer to, as QGC does: its datagrams share the flooded port.
      expect(await command(consoleClient, { type: 'setSpeed', metersPerSecond: 3 })).toEqual({ ok: true, message: 'speed 3 m/s' });
      expect((await commandAsQgcDoes(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED);
      await flooding;
      const listed = (): GroundStations['stations'][number] | undefined => reports.at(-1)?.stations.find((s) => s.mavlinkIds.includes('200/1'));
      await expect.poll(() => listed()?.packetsDropped ?? 0, { timeout: 5000 }).toBeGreaterThan(1000);
      // The garbage's sender was never served.
      expect(reports.at(-1)!.stations.filter((s) => s.mavlinkIds.length === 0)).toEqual([]);
    } finally {
      await flood.close();
      flooder.close();
    }
    expect(stack.stack.ground.pid).toBe(agentPid);
    expect(await command(consoleClient, { type: 'setSpeed', metersPerSecond: 1 })).toEqual({ ok: true, message: 'speed 1 m/s' });
  }, 60_000);
});
