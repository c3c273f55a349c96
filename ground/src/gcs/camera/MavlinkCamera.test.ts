import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { common, minimal, standard } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@dronecast/runtime';
import { capturePosition } from '../../capture/capturePosition.ts';
import { DiskSpace } from '../../capture/DiskSpace.ts';
import { PhotoTaker } from '../../capture/PhotoTaker.ts';
import { RecordingController } from '../../capture/RecordingController.ts';
import type { RawGroundStation } from '../../drone/testing/RawGroundStation.ts';
import { GalleryStore } from '../../gallery/GalleryStore.ts';
import { SimulatedTimers } from '../../time/testing/SimulatedTimers.ts';
import { systemTimers } from '../../time/Timers.ts';
import { TestPatternSource } from '../../video/sources/TestPatternSource.ts';
import type { ComponentPort, LocalComponent } from '../MavlinkRouter.ts';
import { startRouterRig, type RouterRig } from '../testing/routerRig.ts';
import { MavlinkCamera, type MavlinkCameraOptions } from './MavlinkCamera.ts';

const { MavCmd, MavResult } = common;
const logger = createLogger('test');
const camera = { system: 1, component: 100 };
const minFreeBytes = 100_000_000;
let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mavlink-camera-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fs.rm(dir, { recursive: true, force: true });
});

/** The agent with its camera: simulator, router, the test pattern, the gallery, photos and recordings. */
async function agentWithCamera(options: { cameraStarted?: boolean } = {}): Promise<{ rig: RouterRig; store: GalleryStore; qgc: RawGroundStation; recordings: RecordingController }> {
  const rig = await startRouterRig();
  cleanups.push(() => rig.close());
  const source = new TestPatternSource({ format: { width: 320, height: 240, fps: 15 } });
  if (options.cameraStarted !== false) await source.start();
  cleanups.push(() => source.stop());
  const store = await GalleryStore.open(dir, logger);
  const disk = new DiskSpace(dir, minFreeBytes);
  const position = () => capturePosition(rig.link.telemetry);
  const photos = new PhotoTaker({ feed: source, store, disk, position, logger });
  const recordings = new RecordingController({ feed: source, store, disk, clock: Date.now, position, logger });
  cleanups.push(() => recordings.shutdown());
  const cam = new MavlinkCamera({ photos, recordings, disk, camera: () => ({ model: source.description, ...source.format }), timers: systemTimers, clock: Date.now, logger });
  cam.start(rig.router);
  cleanups.push(async () => cam.stop());
  const qgc = await rig.station();
  return { rig, store, qgc, recordings };
}

const fromCamera = (qgc: RawGroundStation, name: string, since = 0) => qgc.messages.slice(since).filter((m) => m.name === name && m.sysid === 1 && m.compid === 100);

/** A command to the camera: its one ACK, which must come from the camera (the vehicle never sees it). */
async function ask(qgc: RawGroundStation, command: number, params: number[] = []): Promise<common.CommandAck> {
  const since = qgc.messages.length;
  const ack = await qgc.command(command, params, camera);
  const acks = qgc.messages.slice(since).filter((m) => m.name === 'COMMAND_ACK' && (m.data as common.CommandAck).command === command);
  expect(acks.map((m) => `${m.sysid}/${m.compid}`)).toEqual(['1/100']);
  expect(ack).toMatchObject({ targetSystem: 255, targetComponent: 190 });
  return ack;
}

describe('MavlinkCamera for QGroundControl, through the router, beside the simulator', () => {
  it('is found as a camera on the vehicle\'s system and describes itself on request, both ways of asking', async () => {
    const { qgc, rig } = await agentWithCamera();
    const heartbeat = await qgc.next<minimal.Heartbeat>('HEARTBEAT', (h) => h.type === minimal.MavType.CAMERA);
    expect(heartbeat).toMatchObject({ autopilot: minimal.MavAutopilot.INVALID, systemStatus: minimal.MavState.ACTIVE, mavlinkVersion: 3 });
    // The vehicle's and the camera's; never the agent's own.
    expect(new Set(qgc.messages.filter((m) => m.name === 'HEARTBEAT').map((m) => `${m.sysid}/${m.compid}`))).toEqual(new Set(['1/1', '1/100']));

    const since = qgc.messages.length;
    expect((await ask(qgc, MavCmd.REQUEST_MESSAGE, [common.CameraInformation.MSG_ID])).result).toBe(MavResult.ACCEPTED);
    const info = await qgc.next<common.CameraInformation>('CAMERA_INFORMATION', () => true, since);
    expect(Buffer.from(info.vendorName).toString('utf8').replace(/\0+$/, '')).toBe('dronecast');
    expect(Buffer.from(info.modelName).toString('utf8').replace(/\0+$/, '')).toBe('test pattern 320x240@15');
    expect([info.resolutionH, info.resolutionV]).toEqual([320, 240]);
    const Cap = common.CameraCapFlags;
    expect(info.flags & (Cap.CAPTURE_IMAGE | Cap.CAPTURE_VIDEO)).toBe(Cap.CAPTURE_IMAGE | Cap.CAPTURE_VIDEO);
    expect(info.flags & (Cap.HAS_VIDEO_STREAM | Cap.HAS_MODES)).toBe(0);
    expect(fromCamera(qgc, 'CAMERA_INFORMATION', since)).toHaveLength(1);

    const older = qgc.messages.length;
    expect((await ask(qgc, MavCmd.REQUEST_CAMERA_INFORMATION, [1])).result).toBe(MavResult.ACCEPTED);
    await qgc.next('CAMERA_INFORMATION', () => true, older);
    expect((await ask(qgc, MavCmd.REQUEST_CAMERA_SETTINGS, [1])).result).toBe(MavResult.ACCEPTED);
    expect(await qgc.next<common.CameraSettings>('CAMERA_SETTINGS', () => true, older)).toMatchObject({ modeId: common.CameraMode.IMAGE });
    expect((await ask(qgc, MavCmd.SET_CAMERA_MODE, [0, common.CameraMode.VIDEO])).result).toBe(MavResult.ACCEPTED);
    await qgc.next<common.CameraSettings>('CAMERA_SETTINGS', (s) => s.modeId === common.CameraMode.VIDEO, older);

    // The media directory's disk, less what the agent keeps free.
    const stats = await fs.statfs(dir);
    expect((await ask(qgc, MavCmd.REQUEST_STORAGE_INFORMATION, [0, 1])).result).toBe(MavResult.ACCEPTED);
    const storage = await qgc.next<common.StorageInformation>('STORAGE_INFORMATION', () => true, older);
    const mib = 1024 * 1024;
    expect(storage).toMatchObject({ storageId: 1, storageCount: 1, status: common.StorageStatus.READY, name: 'dronecast gallery' });
    expect(storage.totalCapacity).toBeCloseTo((stats.blocks * stats.bsize) / mib, -1);
    expect(Math.abs(storage.availableCapacity - (stats.bavail * stats.bsize - minFreeBytes) / mib)).toBeLessThan(64);
    expect((await ask(qgc, MavCmd.REQUEST_MESSAGE, [common.StorageInformation.MSG_ID, 2])).result).toBe(MavResult.DENIED);
    expect((await ask(qgc, MavCmd.REQUEST_MESSAGE, [common.CameraCaptureStatus.MSG_ID])).result).toBe(MavResult.ACCEPTED);
    expect(await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', () => true, older)).toMatchObject({ imageStatus: 0, videoStatus: 0, imageCount: 0 });

    // Commands for the vehicle still reach it, past the camera.
    expect((await qgc.command(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED);
    expect(rig.sim.truth.mode).toBe('GUIDED');
  }, 30_000);

  it('takes photos into the gallery with CAMERA_IMAGE_CAPTURED, counting up; a resent command takes no second photo', async () => {
    const { qgc, store, rig } = await agentWithCamera();
    await expect.poll(() => rig.link.telemetry.gps.fix, { timeout: 5000 }).toBe(3);
    const since = qgc.messages.length;
    expect((await ask(qgc, MavCmd.IMAGE_START_CAPTURE, [0, 0, 1, 1])).result).toBe(MavResult.ACCEPTED);
    const first = await qgc.next<common.CameraImageCaptured>('CAMERA_IMAGE_CAPTURED', () => true, since, 10_000);
    expect(first).toMatchObject({ imageIndex: 0, captureResult: standard.MavBool.TRUE, fileUrl: '' });
    // Where the simulator is.
    expect(first.lat / 1e7).toBeCloseTo(rig.sim.truth.lat, 5);
    expect(first.lon / 1e7).toBeCloseTo(rig.sim.truth.lon, 5);
    const photos = store.list({ limit: 10 }).items;
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ kind: 'photo', width: 320, height: 240, capturedBy: { role: 'ground', peerId: expect.stringMatching(/^gcs 255\/190 127\.0\.0\.1:\d+$/) } });
    expect(Number(first.timeUtc / 1000n)).toBe(photos[0]!.createdAt);

    // QGroundControl resends a command whose ACK it missed: same sequence number, no second photo.
    const resent = qgc.messages.length;
    expect((await ask(qgc, MavCmd.IMAGE_START_CAPTURE, [0, 0, 1, 1])).result).toBe(MavResult.ACCEPTED);
    expect((await ask(qgc, MavCmd.IMAGE_START_CAPTURE, [0, 0, 1, 2])).result).toBe(MavResult.ACCEPTED);
    const second = await qgc.next<common.CameraImageCaptured>('CAMERA_IMAGE_CAPTURED', () => true, resent, 10_000);
    expect(second.imageIndex).toBe(1);
    expect(store.list({ limit: 10 }).items).toHaveLength(2);
    expect(fromCamera(qgc, 'CAMERA_IMAGE_CAPTURED')).toHaveLength(2);
    const status = qgc.messages.length;
    await ask(qgc, MavCmd.REQUEST_CAMERA_CAPTURE_STATUS, [1]);
    expect(await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', () => true, status)).toMatchObject({ imageCount: 2 });
  }, 30_000);

  it('reports a photo it could not take with capture_result 0 and says why', async () => {
    const { qgc, store } = await agentWithCamera({ cameraStarted: false });
    const since = qgc.messages.length;
    expect((await ask(qgc, MavCmd.IMAGE_START_CAPTURE, [0, 0, 1, 7])).result).toBe(MavResult.ACCEPTED);
    const failed = await qgc.next<common.CameraImageCaptured>('CAMERA_IMAGE_CAPTURED', () => true, since, 5000);
    expect(failed).toMatchObject({ imageIndex: -1, captureResult: standard.MavBool.FALSE });
    const text = await qgc.next<common.StatusText>('STATUSTEXT', () => true, since);
    expect(text.text).toMatch(/^photo failed: no picture to take/);
    expect(store.list({ limit: 10 }).items).toEqual([]);
  }, 20_000);

  it('records on VIDEO_START_CAPTURE and stops on VIDEO_STOP_CAPTURE, into the gallery; the capture status follows', async () => {
    const { qgc, store, recordings } = await agentWithCamera();
    const since = qgc.messages.length;
    // Sent twice at once, as a station resending finds it: one recording, one ACK.
    const start = Object.assign(new common.CommandLong(), { targetSystem: 1, targetComponent: 100, command: MavCmd.VIDEO_START_CAPTURE, _param2: 1 });
    qgc.send(start);
    qgc.send(Object.assign(start, { confirmation: 1 }));
    expect((await qgc.next<common.CommandAck>('COMMAND_ACK', (a) => a.command === MavCmd.VIDEO_START_CAPTURE, since)).result).toBe(MavResult.ACCEPTED);
    expect(recordings.state).toMatchObject({ recording: true, startedBy: { role: 'ground' } });
    // Announced at once, then every second, as param 2 asked.
    await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', (s) => s.videoStatus === 1, since);
    const running = await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', (s) => s.videoStatus === 1 && s.recordingTimeMs >= 1500, since, 10_000);
    expect(running.availableCapacity).toBeGreaterThan(0);

    expect(qgc.messages.filter((m) => m.name === 'COMMAND_ACK').length).toBe(1);
    const twice = qgc.messages.length;
    expect((await ask(qgc, MavCmd.VIDEO_START_CAPTURE, [0, 0])).result).toBe(MavResult.DENIED);
    expect((await qgc.next<common.StatusText>('STATUSTEXT', () => true, twice)).text).toMatch(/^MAV_CMD_VIDEO_START_CAPTURE: a recording is alr/);

    const stop = qgc.messages.length;
    expect((await ask(qgc, MavCmd.VIDEO_STOP_CAPTURE, [0])).result).toBe(MavResult.ACCEPTED);
    await qgc.next<common.CameraCaptureStatus>('CAMERA_CAPTURE_STATUS', (s) => s.videoStatus === 0, stop, 20_000);
    const videos = store.list({ limit: 10, kind: 'video' }).items;
    expect(videos).toHaveLength(1);
    expect(videos[0]).toMatchObject({ kind: 'video', endReason: 'requested', capturedBy: { role: 'ground' } });
    expect(videos[0]!.durationMs).toBeGreaterThan(1000);
    expect((await ask(qgc, MavCmd.VIDEO_STOP_CAPTURE, [0])).result).toBe(MavResult.DENIED);
  }, 40_000);

  it('answers what it cannot do with UNSUPPORTED: formatting, interval photos, zoom, video streams (none yet)', async () => {
    const { qgc } = await agentWithCamera();
    for (const [command, params] of [
      [MavCmd.STORAGE_FORMAT, [1, 1]],
      [MavCmd.IMAGE_START_CAPTURE, [0, 2, 0, 0]],
      [MavCmd.SET_CAMERA_ZOOM, [1, 50]],
      [MavCmd.REQUEST_VIDEO_STREAM_INFORMATION, [0]],
      [MavCmd.REQUEST_MESSAGE, [common.VideoStreamInformation.MSG_ID]],
      [MavCmd.REQUEST_MESSAGE, [common.Attitude.MSG_ID]],
      [MavCmd.COMPONENT_ARM_DISARM, [1]],
    ] as const) {
      expect({ command, result: (await ask(qgc, command, [...params])).result }).toEqual({ command, result: MavResult.UNSUPPORTED });
    }
    expect((await ask(qgc, MavCmd.SET_CAMERA_MODE, [0, 7])).result).toBe(MavResult.DENIED);
    expect((await ask(qgc, MavCmd.IMAGE_STOP_CAPTURE, [0])).result).toBe(MavResult.ACCEPTED);
  }, 30_000);
});

/** The camera alone, on a port of the test's, with simulated time. */
function cameraOnPort(more: Partial<MavlinkCameraOptions> = {}): { timers: SimulatedTimers; sent: MavLinkData[]; camera: MavlinkCamera; port: { system: number | undefined } } {
  const timers = new SimulatedTimers();
  const sent: MavLinkData[] = [];
  const port = { system: 1 as number | undefined };
  const camera = new MavlinkCamera({
    photos: { take: () => Promise.reject(new Error('no photos here')) },
    recordings: { state: { recording: false } as never, start: () => Promise.reject(new Error('no')), stop: () => Promise.reject(new Error('no')), on: () => undefined, off: () => undefined },
    disk: { capacity: async () => ({ totalBytes: 1e9, freeBytes: 5e8 }), minFreeBytes: 0 },
    camera: () => ({ model: 'test', width: 640, height: 480 }),
    timers,
    clock: () => 0,
    logger,
    ...more,
  });
  const componentPort: ComponentPort = {
    get system() {
      return port.system;
    },
    send: (message) => {
      if (port.system === undefined) return false;
      sent.push(message);
      return true;
    },
  };
  camera.start({ addComponent: (_component: LocalComponent) => componentPort });
  return { timers, sent, camera, port };
}

describe('MavlinkCamera on simulated time', () => {
  it('sends its heartbeat once a second while there is a vehicle to speak for', () => {
    const { timers, sent, camera, port } = cameraOnPort();
    timers.advance(5000);
    expect(sent.filter((m) => m instanceof minimal.Heartbeat)).toHaveLength(6);
    port.system = undefined;
    timers.advance(3000);
    expect(sent.filter((m) => m instanceof minimal.Heartbeat)).toHaveLength(6);
    camera.stop();
    port.system = 1;
    timers.advance(3000);
    expect(sent).toHaveLength(6);
    expect(timers.pendingCount).toBe(0);
  });

  it('leaves room for the video streams to come: with one, it says so and describes it on request', async () => {
    const stream = Object.assign(new common.VideoStreamInformation(), { streamId: 1, count: 1, type: common.VideoStreamType.RTPUDP, name: 'drone', uri: 'udp://0.0.0.0:5600' });
    const { sent, camera } = cameraOnPort({ videoStreams: { information: () => [stream] } });
    const asked = (command: number, params: number[]): void =>
      camera.receive(
        { sysid: 255, compid: 190, seq: 0, msgid: 76, name: 'COMMAND_LONG', data: Object.assign(new common.CommandLong(), { targetSystem: 1, targetComponent: 100, command, _param1: params[0] ?? 0 }) },
        { address: '127.0.0.1:14550' } as never,
      );
    asked(MavCmd.REQUEST_MESSAGE, [common.CameraInformation.MSG_ID]);
    asked(MavCmd.REQUEST_MESSAGE, [common.VideoStreamInformation.MSG_ID]);
    await expect.poll(() => sent.some((m) => m === stream)).toBe(true);
    const info = sent.find((m): m is common.CameraInformation => m instanceof common.CameraInformation);
    expect(info!.flags & common.CameraCapFlags.HAS_VIDEO_STREAM).toBe(common.CameraCapFlags.HAS_VIDEO_STREAM);
    expect(sent.filter((m): m is common.CommandAck => m instanceof common.CommandAck).map((a) => a.result)).toEqual([MavResult.ACCEPTED, MavResult.ACCEPTED]);
  });
});
