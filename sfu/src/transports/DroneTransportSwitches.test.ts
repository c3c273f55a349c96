import { describe, expect, it } from 'vitest';
import type { AvailableTransports } from '@dronecast/protocol';
import { refusal } from '../testing/refusal.ts';
import { DroneTransportSwitches } from './DroneTransportSwitches.ts';

const embedded: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };
const console_ = { role: 'console' } as const;

describe('DroneTransportSwitches', () => {
  it('switches a fallback off and on per drone, telling listeners only on a change', () => {
    const switches = new DroneTransportSwitches(embedded);
    const changes: [string, AvailableTransports][] = [];
    switches.on('changed', (droneId, transports) => changes.push([droneId, transports]));

    const off = switches.set(console_, 'd1', { mqtt: false });
    expect(off.mqtt).toEqual({ available: false, reason: expect.stringMatching(/switched MQTT video off/), switchedOff: true });
    expect(off.websocket).toEqual({ available: true });
    expect(switches.current('d2')).toEqual(embedded);
    switches.set(console_, 'd1', { mqtt: false });
    expect(changes).toHaveLength(1);

    expect(switches.set(console_, 'd1', { mqtt: true, websocket: false })).toEqual({
      websocket: { available: false, reason: expect.stringMatching(/switched websocket video off/), switchedOff: true },
      mqtt: { available: true, url: null },
    });
    expect(changes.map(([droneId]) => droneId)).toEqual(['d1', 'd1']);
  });

  it('only lets the console switch, and cannot switch on what the server lacks', async () => {
    const switches = new DroneTransportSwitches({ ...embedded, mqtt: { available: false, reason: 'MQTT is off on this server' } });
    for (const role of ['pilot', 'viewer', 'ground', 'processing'] as const) {
      expect(await refusal(Promise.resolve().then(() => switches.set({ role }, 'd1', { websocket: false })))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await refusal(Promise.resolve().then(() => switches.set(console_, 'd1', { mqtt: true })))).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/MQTT is off on this server/),
    });
    // Switching off what is not there changes nothing, and keeps the server's own reason.
    expect(switches.set(console_, 'd1', { mqtt: false }).mqtt).toEqual({ available: false, reason: 'MQTT is off on this server' });
  });
});
