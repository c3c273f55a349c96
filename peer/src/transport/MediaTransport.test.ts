import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '@dronecast/protocol';
import { FakeDevices, fakeTransportOptions } from '../testing/fakeMediasoup.ts';
import { ManualTimers } from '../testing/ManualTimers.ts';
import { ScriptedSignaling } from '../testing/ScriptedSignaling.ts';
import { wrtc } from '../wrtcGlobals.ts';
import { MediaTransport } from './MediaTransport.ts';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const tracks: MediaStreamTrack[] = [];

/** A real (wrtc) video track: FakeHandler only reads its kind and id, but Producer watches it end. */
function videoTrack(): MediaStreamTrack {
  const track = new wrtc.nonstandard.RTCVideoSource().createTrack() as unknown as MediaStreamTrack;
  tracks.push(track);
  return track;
}

afterEach(() => {
  for (const track of tracks.splice(0)) track.stop();
});

function setup() {
  const signaling = new ScriptedSignaling();
  const devices = new FakeDevices();
  const timers = new ManualTimers();
  const failures: string[] = [];
  const open = (direction: 'send' | 'recv') =>
    MediaTransport.open(signaling, direction, { deviceOptions: devices.deviceOptions, timers, onFailed: (reason) => failures.push(reason) });
  return { signaling, devices, timers, failures, open };
}

describe('MediaTransport: the one mediasoup-client transport setup', () => {
  it('opens the transport the SFU created, then connects and produces through the SFU', async () => {
    const { signaling, open } = setup();
    const transport = await open('send');
    expect(transport.id).toBe('transport-1');
    expect(signaling.sent('media:createTransport')).toEqual([{ direction: 'send' }]);

    const producer = await transport.produce(videoTrack(), { source: 'processed-camera', of: 'phone-producer', maxBitrateKbps: 800, startBitrateKbps: 1000 });
    expect(producer.id).toBe('producer-1');
    expect(signaling.sent('media:connectTransport')).toEqual([{ transportId: 'transport-1', dtlsParameters: { role: 'server', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB:CC:DD' }] } }]);
    const [produced] = signaling.sent('media:produce');
    expect(produced).toMatchObject({ transportId: 'transport-1', kind: 'video', source: 'processed-camera', of: 'phone-producer' });
    expect(produced?.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(produced?.rtpParameters.encodings?.[0]).toMatchObject({ maxBitrate: 800_000 });
    transport.close();
  });

  it('refuses to produce a track of no known source, without asking the SFU', async () => {
    const { signaling, open } = setup();
    const transport = await open('send');
    const produced = transport.produce(videoTrack(), { source: 'a-mystery' as 'drone-camera', maxBitrateKbps: 500 });
    await expect(produced).rejects.toThrow(/only video of a known source/);
    expect(signaling.sent('media:produce')).toEqual([]);
    transport.close();
  });

  it('consumes a producer paused, then resumes it once the local consumer exists', async () => {
    const { signaling, open } = setup();
    const transport = await open('recv');
    const consumer = await transport.consume('drone-producer');
    expect(consumer.id).toBe('consumer-1');
    expect(consumer.producerId).toBe('drone-producer');
    expect(signaling.requests.map((r) => r.event)).toEqual([
      'media:routerRtpCapabilities',
      'media:createTransport',
      'media:consume',
      'media:connectTransport',
      'media:resumeConsumer',
    ]);
    expect(signaling.sent('media:resumeConsumer')).toEqual([{ consumerId: 'consumer-1' }]);
    transport.close();
  });

  it("closes the consumer again when the SFU won't resume it", async () => {
    const { signaling, devices, open } = setup();
    signaling.answer('media:resumeConsumer', () => {
      throw new ProtocolError('INVALID_STATE', 'the transport is not connected');
    });
    const transport = await open('recv');
    const stopReceiving = vi.spyOn(devices.latest, 'stopReceiving');
    await expect(transport.consume('drone-producer')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await settle();
    expect(stopReceiving).toHaveBeenCalledTimes(1);
    transport.close();
  });

  it('restarts ICE on failure with the parameters and fresh TURN credentials the SFU hands out', async () => {
    const { signaling, devices, failures, open } = setup();
    const turn = [{ urls: ['turn:10.0.0.1:3478'], username: '1700000000:me', credential: 'fresh' }];
    signaling.answer('media:restartIce', () => ({ iceParameters: { usernameFragment: 'new-ufrag', password: 'new', iceLite: true }, iceServers: turn }));
    const transport = await open('recv');
    const handler = devices.latest;
    const updateIceServers = vi.spyOn(handler, 'updateIceServers');
    const restartIce = vi.spyOn(handler, 'restartIce');
    handler.setConnectionState('failed');
    await settle();
    expect(signaling.sent('media:restartIce')).toEqual([{ transportId: 'transport-1' }]);
    expect(updateIceServers).toHaveBeenCalledWith(turn);
    expect(restartIce).toHaveBeenCalledWith({ usernameFragment: 'new-ufrag', password: 'new', iceLite: true });
    expect(failures).toEqual([]);
    transport.close();
  });

  it('gives up after ICE restarts that never connect: closes the transport, tells the SFU, and tells its owner once', async () => {
    const { signaling, devices, timers, failures, open } = setup();
    const transport = await open('send');
    devices.latest.setConnectionState('failed');
    await settle();
    for (let attempt = 0; attempt < 3; attempt++) {
      timers.advance(10_000);
      await settle();
    }
    expect(signaling.sent('media:restartIce')).toHaveLength(3);
    expect(failures).toEqual(['the video connection failed 3 times in a row']);
    expect(transport.closed).toBe(true);
    expect(signaling.sent('media:closeTransport')).toEqual([{ transportId: 'transport-1' }]);
    transport.close();
    expect(signaling.sent('media:closeTransport')).toHaveLength(1);
  });

  it('hands the TURN servers and a relay-only policy to the peer connection', async () => {
    const { signaling, devices } = setup();
    const turn = [{ urls: ['turn:10.0.0.1:3478'], username: '1700000000:me', credential: 'c' }];
    signaling.answer('media:createTransport', () => fakeTransportOptions('relayed', turn));
    const created: unknown[] = [];
    const factory = devices.deviceOptions.handlerFactory;
    if (!factory) throw new Error('no factory');
    const transport = await MediaTransport.open(signaling, 'recv', {
      deviceOptions: { handlerFactory: { ...factory, factory: (options) => (created.push(options), factory.factory(options)) } },
      iceTransportPolicy: 'relay',
      onFailed: () => undefined,
    });
    expect(created).toEqual([expect.objectContaining({ iceServers: turn, iceTransportPolicy: 'relay' })]);
    transport.close();
  });
});
