import { afterEach, describe, expect, it } from 'vitest';
import type { PoseControlState, PoseFired, RelayedCommand, Telemetry } from '@dronecast/protocol';
import { sampleTelemetry } from '@dronecast/protocol/testing';
import { createLogger } from '@dronecast/runtime';
import { refusal } from '../testing/refusal.ts';
import { DroneControl } from './DroneControl.ts';
import { PoseControl } from './PoseControl.ts';

const flyingGuided: Telemetry = sampleTelemetry({
  state: 'flying',
  altRel: 10,
  altAbs: 110,
  battery: { voltage: 12.4, current: 5, remaining: 80 },
  armed: true,
  gps: { fix: 3, satellites: 12 },
});

const pilot = { peerId: 'pilot-1', role: 'pilot' } as const;
const worker = { peerId: 'worker', role: 'processing' } as const;

let control: DroneControl;

function setUp(telemetry: Telemetry | undefined = flyingGuided) {
  const received: RelayedCommand[] = [];
  const announced: PoseControlState[] = [];
  const fired: PoseFired[] = [];
  let leaseListener: (holder: string | null) => void = () => undefined;
  control = new DroneControl({
    droneId: 'drone1',
    logger: createLogger('test'),
    announceLease: (holder) => leaseListener(holder?.peerId ?? null),
    announceAgent: () => undefined,
    announceFailsafe: () => undefined,
    notifyAsked: () => undefined,
  });
  control.attachAgent({ id: 'agent', send: async (c: RelayedCommand) => (received.push(c), { ok: true, message: 'done' }) });
  const state: { telemetry: Telemetry | undefined } = { telemetry };
  const pose = new PoseControl({
    control,
    telemetry: () => state.telemetry,
    // The pilot's phone camera is producer "cam-1"; another phone's is "cam-2".
    producerOwner: async (id) => ({ 'cam-1': 'pilot-1', 'cam-2': 'pilot-2' })[id],
    announce: (s) => announced.push(s),
    announceFired: (f) => fired.push(f),
    logger: createLogger('test'),
  });
  leaseListener = (holder) => pose.leaseChanged(holder);
  return { pose, received, announced, fired, state };
}

afterEach(() => control?.close());

describe('PoseControl', () => {
  it("relays a held pose for the pilot's own camera as a pose-sourced command, and tells everyone", async () => {
    const { pose, received, announced, fired } = setUp();
    expect(pose.set(pilot, { enabled: true, holdMs: 800 })).toEqual({ enabled: true, holdMs: 800, pilotPeerId: 'pilot-1' });
    expect(announced.at(-1)?.enabled).toBe(true);
    expect(control.holds('pilot-1')).toBe(true);
    await expect(pose.command(worker, 'east', 'cam-1')).resolves.toMatchObject({ ok: true });
    expect(received[0]).toMatchObject({ command: { type: 'go', direction: 'East' }, from: { peerId: 'pilot-1', role: 'pilot', source: 'pose' } });
    expect(fired[0]).toMatchObject({ pose: 'east', ok: true });
  });

  it('sends nothing while pose control is off, for another camera, or from anyone but the worker', async () => {
    const { pose, received } = setUp();
    expect((await refusal(pose.command(worker, 'north', 'cam-1'))).message).toMatch(/pose control is off/);
    pose.set(pilot, { enabled: true });
    expect((await refusal(pose.command(worker, 'north', 'cam-2'))).message).toMatch(/not the one of the pilot/);
    expect((await refusal(pose.command(worker, 'north', 'unknown'))).code).toBe('INVALID_STATE');
    expect((await refusal(pose.command(pilot, 'north', 'cam-1'))).code).toBe('FORBIDDEN');
    expect(() => pose.set({ peerId: 'v', role: 'viewer' }, { enabled: true })).toThrow(/only a pilot/);
    expect(received).toHaveLength(0);
  });

  it('accepts Stop for a camera that has gone (the worker lost the person with the camera)', async () => {
    const { pose, received } = setUp();
    pose.set(pilot, { enabled: true });
    await expect(pose.command(worker, 'stop', 'vanished')).resolves.toMatchObject({ ok: true });
    expect(received[0]).toMatchObject({ command: { type: 'go', direction: 'Stop' }, from: { source: 'pose' } });
  });

  it('ignores poses unless the drone flies in GUIDED', async () => {
    const { pose, received, state } = setUp({ ...flyingGuided, state: 'connected', armed: false });
    pose.set(pilot, { enabled: true });
    expect((await refusal(pose.command(worker, 'land', 'cam-1'))).message).toMatch(/flies in GUIDED/);
    state.telemetry = { ...flyingGuided, flightMode: 'LOITER' };
    expect((await refusal(pose.command(worker, 'stop', 'cam-1'))).message).toMatch(/flies in GUIDED/);
    state.telemetry = undefined;
    await refusal(pose.command(worker, 'stop', 'cam-1'));
    expect(received).toHaveLength(0);
  });

  it('ends when the pilot turns it off, leaves or gives up control, stopping a pose-driven move', async () => {
    const { pose, received } = setUp();
    pose.set(pilot, { enabled: true });
    await pose.command(worker, 'west', 'cam-1');
    pose.set(pilot, { enabled: false });
    expect(pose.state.enabled).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(received.at(-1)).toMatchObject({ command: { type: 'go', direction: 'Stop' }, from: { failsafe: true } });

    pose.set(pilot, { enabled: true });
    control.release(pilot);
    expect(pose.state).toMatchObject({ enabled: false, pilotPeerId: null });

    pose.set(pilot, { enabled: true });
    pose.peerGone('pilot-1');
    expect(pose.state.enabled).toBe(false);
  });

  it('is refused to a second pilot while the first has control', () => {
    const { pose } = setUp();
    pose.set(pilot, { enabled: true });
    expect(() => pose.set({ peerId: 'pilot-2', role: 'pilot' }, { enabled: true })).toThrow(/another pilot has control/);
    expect(() => pose.set({ peerId: 'pilot-2', role: 'pilot' }, { enabled: false })).toThrow(/another pilot/);
  });
});
