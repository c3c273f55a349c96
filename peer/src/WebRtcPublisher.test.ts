import { EventEmitter, once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '@dronecast/protocol';
import type { RawVideoFrame } from './RawVideoFrame.ts';
import { SignalingLink } from './SignalingLink.ts';
import { FakeDevices } from './testing/fakeMediasoup.ts';
import { ManualTimers } from './testing/ManualTimers.ts';
import { RecordingLogger } from './testing/RecordingLogger.ts';
import { ScriptedSfu } from './testing/ScriptedSfu.ts';
import { WebRtcPublisher, type WebRtcPublisherOptions } from './WebRtcPublisher.ts';

// A real SignalingLink to a scripted SFU over socket.io, and mediasoup-client on its FakeHandler:
// everything the publisher does runs for real except the peer connection. What a real SFU and
// real video add is covered by the e2e tests.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function publishing(options: Partial<WebRtcPublisherOptions> = {}) {
  const sfu = await ScriptedSfu.start();
  cleanups.push(() => sfu.close());
  const logger = new RecordingLogger();
  const link = new SignalingLink({ url: sfu.url, token: 'ground-token', logger, tokenName: 'ground token' });
  cleanups.push(() => link.close());
  const ready = once(link, 'ready');
  link.connect();
  await ready;
  const devices = new FakeDevices();
  const timers = new ManualTimers();
  const publisher = new WebRtcPublisher({
    link,
    source: new EventEmitter<{ frame: [RawVideoFrame] }>(),
    mediaSource: 'drone-camera',
    maxBitrateKbps: 1200,
    logger,
    transport: { deviceOptions: devices.deviceOptions, timers },
    retryDelayMs: 10,
    ...options,
  });
  cleanups.push(() => publisher.stop());
  return { sfu, link, logger, devices, timers, publisher };
}

const published = (logger: RecordingLogger): Promise<string> => logger.line('info', /^publishing /);

describe('WebRtcPublisher', () => {
  it('publishes its source as a VP8 producer once the link is ready, capped at its bitrate', async () => {
    const { sfu, logger, publisher } = await publishing({ mediaSource: 'processed-camera', of: 'phone-producer' });
    publisher.start();
    await published(logger);
    expect(publisher.producerId).toBe('producer-1');
    expect(sfu.media.sent('media:createTransport')).toEqual([{ direction: 'send' }]);
    const [produce] = sfu.media.sent('media:produce');
    expect(produce).toMatchObject({ transportId: 'transport-1', kind: 'video', source: 'processed-camera', of: 'phone-producer' });
    expect(produce?.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(produce?.rtpParameters.encodings?.[0]).toMatchObject({ maxBitrate: 1_200_000 });
  });

  it('publishes again on a fresh transport after the SFU asks for a rebuild, closing the old one', async () => {
    const { sfu, logger, publisher } = await publishing();
    publisher.start();
    await published(logger);
    logger.clear();
    sfu.emit('session:reconnect', { reason: 'a worker died' });
    await published(logger);
    expect(publisher.producerId).toBe('producer-2');
    expect(sfu.media.sent('media:closeTransport')).toEqual([{ transportId: 'transport-1' }]);
    expect(sfu.media.sent('media:produce').map((p) => p.transportId)).toEqual(['transport-1', 'transport-2']);
  });

  it('restarts ICE when the transport fails, and starts over on a new transport when restarts cannot save it', async () => {
    const { sfu, logger, devices, timers, publisher } = await publishing();
    publisher.start();
    await published(logger);
    // Logged as the restart completes; the policy sets its deadline a moment later.
    const restarted = async (): Promise<void> => {
      await logger.line('info', /ICE restarted/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(timers.pendingCount).toBe(1);
    };
    logger.clear();
    devices.latest.setConnectionState('failed');
    await restarted();
    expect(sfu.media.sent('media:restartIce')).toEqual([{ transportId: 'transport-1' }]);
    expect(publisher.producerId).toBe('producer-1');

    // Restarts that never connect are tried again after 10 s; after three in a row the transport is given up and rebuilt.
    for (let attempt = 2; attempt <= 3; attempt++) {
      logger.clear();
      timers.advance(10_000);
      await restarted();
    }
    expect(sfu.media.sent('media:restartIce')).toHaveLength(3);
    timers.advance(10_000);
    expect(await logger.line('error', /send transport failed/)).toBe(
      'the send transport failed (the video connection failed 3 times in a row); retrying in 0.01 s',
    );
    await published(logger);
    expect(publisher.producerId).toBe('producer-2');
    expect(sfu.media.sent('media:closeTransport')).toEqual([{ transportId: 'transport-1' }]);
  });

  it('tries again when the SFU refuses to produce', async () => {
    const { sfu, logger, publisher } = await publishing();
    let refusals = 1;
    sfu.media.answer('media:produce', () => {
      if (refusals-- > 0) throw new ProtocolError('MEDIA_ERROR', 'the router is busy');
      return { producerId: 'second-try' };
    });
    publisher.start();
    expect(await logger.line('error', /failed/)).toBe('publishing drone-camera failed: the router is busy; retrying in 0.01 s');
    await published(logger);
    expect(publisher.producerId).toBe('second-try');
    expect(sfu.media.sent('media:createTransport')).toHaveLength(2);
  });

  it('stops for good: closes its transport and publishes no more after a reconnect', async () => {
    const { sfu, link, logger, publisher } = await publishing();
    publisher.start();
    await published(logger);
    publisher.stop();
    expect(publisher.producerId).toBeUndefined();
    const ready = once(link, 'ready');
    sfu.emit('session:reconnect', { reason: 'a worker died' });
    await ready;
    // A request behind any the publisher would have sent on 'ready': none came.
    await link.request('media:listProducers', {});
    expect(sfu.media.sent('media:createTransport')).toHaveLength(1);
    expect(sfu.media.sent('media:closeTransport')).toEqual([{ transportId: 'transport-1' }]);
  });
});
