import { describe, expect, it } from 'vitest';
import type { AvailableTransports } from '@dronecast/protocol';
import { quietDrones } from '../testing/quietDrones.ts';
import { refusal } from '../testing/refusal.ts';
import { DroneTransports } from './DroneTransports.ts';

const embedded: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };
const console_ = { role: 'console' } as const;

describe('DroneTransports', () => {
  it('switches a fallback off and on, telling listeners only on a change', () => {
    const transports = new DroneTransports(embedded);
    const changes: AvailableTransports[] = [];
    transports.on('changed', (current) => changes.push(current));

    const off = transports.set(console_, { mqtt: false });
    expect(off.mqtt).toEqual({ available: false, reason: expect.stringMatching(/switched MQTT video off/), switchedOff: true });
    expect(off.websocket).toEqual({ available: true });
    transports.set(console_, { mqtt: false });
    expect(changes).toHaveLength(1);

    expect(transports.set(console_, { mqtt: true, websocket: false })).toEqual({
      websocket: { available: false, reason: expect.stringMatching(/switched websocket video off/), switchedOff: true },
      mqtt: { available: true, url: null },
    });
    expect(changes).toHaveLength(2);
  });

  it('only lets the console switch, and cannot switch on what the server lacks', async () => {
    const transports = new DroneTransports({ ...embedded, mqtt: { available: false, reason: 'MQTT is off on this server' } });
    for (const role of ['pilot', 'viewer', 'ground', 'processing'] as const) {
      expect(await refusal(Promise.resolve().then(() => transports.set({ role }, { websocket: false })))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await refusal(Promise.resolve().then(() => transports.set(console_, { mqtt: true })))).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/MQTT is off on this server/),
    });
    // Switching off what is not there changes nothing, and keeps the server's own reason.
    expect(transports.set(console_, { mqtt: false }).mqtt).toEqual({ available: false, reason: 'MQTT is off on this server' });
  });

  it('keeps each drone apart on the switchboard the frame paths watch', () => {
    const drones = quietDrones(embedded);
    const seen: [string, AvailableTransports][] = [];
    const stop = drones.onSwitched((droneId, transports) => seen.push([droneId, transports]));
    drones.get('d1').transports.set(console_, { websocket: false });
    expect(drones.current('d1').websocket.available).toBe(false);
    expect(drones.current('d2')).toEqual(embedded);
    stop();
    drones.get('d1').transports.set(console_, { websocket: true });
    expect(seen.map(([droneId]) => droneId)).toEqual(['d1']);
    drones.close();
  });
});
