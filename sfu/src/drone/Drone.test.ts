import { describe, expect, it } from 'vitest';
import type { AvailableTransports, GroundStation, Telemetry } from '@dronecast/protocol';
import { sampleTelemetry } from '@dronecast/protocol/testing';
import { createLogger } from '@dronecast/runtime';
import { captureRequester } from '../gallery/captureAccess.ts';
import { quietDrones, recordingBroadcast } from '../testing/quietDrones.ts';
import { DroneMember, type DroneClient } from './DroneMember.ts';

const transports: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };

function setUp() {
  const broadcast = recordingBroadcast([{ peerId: 'p1', role: 'viewer', since: 1, address: '127.0.0.1', device: 'test' }]);
  const drones = quietDrones(transports, broadcast);
  return { broadcast, drones, drone: drones.get('d1') };
}

function client(peerId: string, role: DroneClient['role'], asked: string[] = []): DroneClient {
  return {
    peerId,
    role,
    connectionId: `socket-${peerId}`,
    turnHolder: `d1.${peerId}`,
    send: () => undefined,
    drop: () => undefined,
    ask: async (event) => {
      asked.push(event);
      return { ok: true, data: { ok: true, message: 'done' } };
    },
    logger: createLogger('test'),
  };
}

const sample = (state: Telemetry['state'], linkLost = false): Telemetry => sampleTelemetry({ state, linkLost });

describe('Drone: one object per drone, one broadcast port', () => {
  it('greets a joining client with the whole state, transports only when the welcome lacks them', () => {
    const { drone } = setUp();
    drone.telemetryReported(sample('connected'), 'agent');
    const greeted: string[] = [];
    drone.greet((event) => greeted.push(event), false);
    expect(greeted).toEqual(['control:lease', 'drone:agent', 'drone:telemetry', 'capture:recording', 'pose:control']);
    const remote: string[] = [];
    drone.greet((event) => remote.push(event), true);
    expect(remote.at(-1)).toBe('video:transports');
  });

  it('greets a client of another host through that client\'s own address', () => {
    const { drone, broadcast } = setUp();
    drone.greetPeer('far-away');
    expect(broadcast.sent.every((m) => m.to === 'peer' && m.target === 'far-away')).toBe(true);
    expect(broadcast.sent.map((m) => m.event)).toContain('drone:agent');
  });

  it('relays telemetry past its sender, volatile unless the flight state or the link changed', () => {
    const { drone, broadcast } = setUp();
    drone.telemetryReported(sample('connected'), 'agent');
    drone.telemetryReported(sample('connected'), 'agent');
    drone.telemetryReported(sample('connected', true), 'agent');
    const sent = broadcast.sent.filter((m) => m.event === 'drone:telemetry');
    expect(sent.map((m) => m.options)).toEqual([
      { exceptPeer: 'agent', volatile: false },
      { exceptPeer: 'agent', volatile: true },
      { exceptPeer: 'agent', volatile: false },
    ]);
    expect(drone.telemetry?.linkLost).toBe(true);
  });

  it('tells everyone about the lease and the holder alone that someone asks for it', () => {
    const { drone, broadcast } = setUp();
    drone.control.acquire({ peerId: 'pilot1', role: 'pilot' });
    drone.control.ask({ peerId: 'pilot2', role: 'pilot' });
    expect(broadcast.sent.find((m) => m.event === 'control:lease')).toMatchObject({ to: 'drone', payload: { holder: { peerId: 'pilot1' } } });
    expect(broadcast.sent.find((m) => m.event === 'control:asked')).toMatchObject({ to: 'peer', target: 'pilot1', payload: { by: 'pilot2' } });
    drone.close();
  });

  it('tells consoles alone which MAVLink ground stations the agent routes to, greets them with it, and forgets them with the agent', () => {
    const { drone, broadcast } = setUp();
    const agent = new DroneMember(drone, client('agent', 'ground'), { closing: () => false });
    const qgc: GroundStation = { kind: 'udp', address: '192.168.1.20:14550', since: 1, lastHeardAt: 2, linkUp: true, packetsIn: 10, packetsOut: 40, packetsDropped: 0, mavlinkIds: ['255/190'] };
    drone.groundStations.reported({ stations: [qgc] });
    expect(broadcast.sent.filter((m) => m.event === 'drone:groundStations')).toEqual([{ to: 'role', target: 'console', event: 'drone:groundStations', payload: { stations: [qgc] } }]);
    const toConsole: [string, unknown][] = [];
    drone.greet((event, payload) => toConsole.push([event, payload]), false, 'console');
    expect(toConsole).toContainEqual(['drone:groundStations', { stations: [qgc] }]);
    const toPilot: string[] = [];
    drone.greet((event) => toPilot.push(event), false, 'pilot');
    expect(toPilot).not.toContain('drone:groundStations');
    agent.leave();
    expect(broadcast.sent.filter((m) => m.event === 'drone:groundStations').at(-1)).toMatchObject({ target: 'console', payload: { stations: [] } });
    drone.close();
  });

  it('lists its peers to its consoles', async () => {
    const { drone, broadcast } = setUp();
    await drone.announcePeers();
    expect(broadcast.sent.at(-1)).toMatchObject({ to: 'role', target: 'console', event: 'session:peers', payload: { peers: [{ peerId: 'p1' }] } });
  });

  it('attaches a ground agent member to control, video and captures, and leave() takes it all back', async () => {
    const { drone, broadcast } = setUp();
    const asked: string[] = [];
    const agent = new DroneMember(drone, client('agent', 'ground', asked), { closing: () => false });
    expect(drone.control.agentOnline).toBe(true);
    await drone.capture.photo(captureRequester('pilot1', 'pilot')).catch(() => undefined);
    expect(asked).toContain('capture:photo');

    const pilot = new DroneMember(drone, client('pilot1', 'pilot'), { closing: () => false });
    drone.control.acquire(pilot);
    agent.leave();
    expect(drone.control.agentOnline).toBe(false);
    expect(drone.capture.recordingState.unavailable).toMatch(/not connected/);
    pilot.leave();
    expect(drone.control.holder).toBeNull();
    expect(broadcast.sent.filter((m) => m.event === 'drone:agent').map((m) => m.payload)).toEqual([{ online: true }, { online: false }]);
    drone.close();
  });

  it('closes its router side for good: nothing is made after close()', async () => {
    const { drones, drone } = setUp();
    drones.close();
    await expect(drone.media.router()).rejects.toThrow(/closed/);
    expect(drone.transports.listenerCount('changed')).toBe(0);
  });
});
