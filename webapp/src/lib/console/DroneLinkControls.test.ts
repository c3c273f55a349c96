import { describe, expect, it } from 'vitest';
import { ProtocolError, type Telemetry } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { DroneLinkControls } from './DroneLinkControls.ts';
import { droneLinkSummary } from './droneLinkState.ts';

describe('the console connects and drops the drone link', () => {
  it('connects to a connection string, or to the configured drone when the field is empty', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('drone:command', ({ command }) =>
      command.type === 'connect' && command.connection === 'udp:nowhere' ? { ok: false, reason: 'not-allowed', message: 'udp: needs HOST:PORT' } : { ok: true, message: 'connected' },
    );
    const link = new DroneLinkControls(signaling);
    await link.connect('  udpout:127.0.0.1:14550 ');
    expect(link.last.value).toEqual({ label: 'Connect to udpout:127.0.0.1:14550', state: 'done', message: 'connected' });
    await link.connect('');
    expect(link.last.value).toMatchObject({ label: 'Connect to the configured drone', state: 'done' });
    await link.connect('udp:nowhere');
    expect(link.last.value).toEqual({ label: 'Connect to udp:nowhere', state: 'refused', message: 'udp: needs HOST:PORT' });
    expect(signaling.sent.map((s) => s.payload)).toEqual([
      { command: { type: 'connect', connection: 'udpout:127.0.0.1:14550' } },
      { command: { type: 'connect' } },
      { command: { type: 'connect', connection: 'udp:nowhere' } },
    ]);
  });

  it('says sending, then the server\'s refusal', async () => {
    const signaling = new ScriptedSignaling();
    let release: () => void = () => undefined;
    signaling.answer('drone:command', () => new Promise((_, reject) => (release = () => reject(new ProtocolError('UNAVAILABLE', 'the ground station is not connected to the server')))));
    const link = new DroneLinkControls(signaling);
    const sent = link.disconnect();
    expect(link.last.value).toEqual({ label: 'Disconnect', state: 'pending', message: '' });
    release();
    await sent;
    expect(link.last.value).toEqual({ label: 'Disconnect', state: 'refused', message: 'the ground station is not connected to the server' });
  });
});

describe('the link state in words', () => {
  const sample = { state: 'connected', linkLost: false, flightMode: 'GUIDED', armed: false } as Telemetry;

  it('tells an absent agent, a dropped link and a lost one apart', () => {
    expect(droneLinkSummary(sample, false).state).toBe('agent-offline');
    expect(droneLinkSummary(null, true).state).toBe('no-telemetry');
    expect(droneLinkSummary({ ...sample, state: 'disconnected' }, true)).toMatchObject({ state: 'disconnected', text: expect.stringMatching(/^Disconnected/) });
    expect(droneLinkSummary({ ...sample, state: 'flying', linkLost: true }, true)).toEqual({ state: 'link-lost', text: 'Link lost: no heartbeat from the drone (last seen flying).' });
    expect(droneLinkSummary({ ...sample, armed: true }, true)).toEqual({ state: 'connected', text: 'Link up: on the ground, GUIDED mode, armed.' });
  });
});
