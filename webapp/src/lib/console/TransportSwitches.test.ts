import { describe, expect, it } from 'vitest';
import { ProtocolError, type AvailableTransports } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { TransportSwitches } from './TransportSwitches.ts';
import { transportSwitchViews } from './transportSwitchViews.ts';

const allOn: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };
const websocketOff: AvailableTransports = { ...allOn, websocket: { available: false, reason: 'the ground station switched websocket video off', switchedOff: true } };

describe('the console\'s transport switches', () => {
  it('start from the welcome and follow what the server announces', () => {
    const signaling = new ScriptedSignaling();
    const switches = new TransportSwitches(signaling);
    expect(switches.state.value.transports).toEqual(signaling.status.value.welcome?.transports);
    signaling.emit('video:transports', websocketOff);
    expect(switches.state.value.transports).toEqual(websocketOff);
  });

  it('switch one fallback, taking the server\'s answer as the truth', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('video:setTransports', () => websocketOff);
    const switches = new TransportSwitches(signaling);
    const done = switches.set('websocket', false);
    expect(switches.state.value.pending).toBe('websocket');
    await expect(done).resolves.toBe(true);
    expect(switches.state.value).toEqual({ transports: websocketOff, pending: null, error: null });
    expect(signaling.sent.at(-1)?.payload).toEqual({ websocket: false });
  });

  it('keep the state and say why when refused', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('video:setTransports', () => {
      throw new ProtocolError('INVALID_STATE', 'cannot switch mqtt on: no broker');
    });
    const switches = new TransportSwitches(signaling);
    const before = switches.state.value.transports;
    await expect(switches.set('mqtt', true)).resolves.toBe(false);
    expect(switches.state.value).toEqual({ transports: before, pending: null, error: 'MQTT not switched on: cannot switch mqtt on: no broker' });
  });
});

describe('what each switch shows', () => {
  it('on, switched off with the reason, or absent from the server', () => {
    expect(transportSwitchViews(allOn)).toEqual([
      { transport: 'websocket', name: 'Websocket video', on: true, absent: false, reason: null },
      { transport: 'mqtt', name: 'MQTT video', on: true, absent: false, reason: null },
    ]);
    const views = transportSwitchViews({ ...websocketOff, mqtt: { available: false, reason: 'sockets-only mode: no MQTT broker' } });
    expect(views).toEqual([
      { transport: 'websocket', name: 'Websocket video', on: false, absent: false, reason: 'the ground station switched websocket video off' },
      { transport: 'mqtt', name: 'MQTT video', on: false, absent: true, reason: 'sockets-only mode: no MQTT broker' },
    ]);
  });
});
