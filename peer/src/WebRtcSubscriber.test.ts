import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, type ProducerInfo } from '@dronecast/protocol';
import type { RawVideoFrame } from './RawVideoFrame.ts';
import { SignalingLink } from './SignalingLink.ts';
import { FakeDevices, consumerRtpParameters } from './testing/fakeMediasoup.ts';
import { ManualTimers } from './testing/ManualTimers.ts';
import { RecordingLogger } from './testing/RecordingLogger.ts';
import { ScriptedSfu } from './testing/ScriptedSfu.ts';
import { WebRtcSubscriber, type ReceivedFrame, type WebRtcSubscriberOptions } from './WebRtcSubscriber.ts';

// A real SignalingLink to a scripted SFU, mediasoup-client on its FakeHandler, and a sink the test
// feeds: which producer is received, and when, runs for real. Frames from a real SFU through
// wrtc's sink are the e2e tests' part (e2e/webrtcSubscriber.test.ts).

const phone = (id: string): ProducerInfo => ({ producerId: id, source: 'phone-camera', kind: 'video', peerId: `phone-${id}` });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function subscribed(producers: ProducerInfo[], options: Partial<WebRtcSubscriberOptions> = {}) {
  const sfu = await ScriptedSfu.start();
  cleanups.push(() => sfu.close());
  const listed = { producers };
  sfu.media.answer('media:listProducers', () => listed);
  const logger = new RecordingLogger();
  const link = new SignalingLink({ url: sfu.url, token: 'processing-token', logger, tokenName: 'processing token' });
  cleanups.push(() => link.close());
  const ready = once(link, 'ready');
  link.connect();
  await ready;
  const devices = new FakeDevices();
  const timers = new ManualTimers();
  /** The open sinks' frame outlets, newest last. */
  const sinks: { push: (frame: RawVideoFrame) => void; stopped: boolean }[] = [];
  const subscriber = new WebRtcSubscriber({
    link,
    mediaSource: 'phone-camera',
    logger,
    transport: { deviceOptions: devices.deviceOptions, timers },
    openSink: (_track, onFrame) => {
      const sink = { push: onFrame, stopped: false };
      sinks.push(sink);
      return { stop: () => void (sink.stopped = true) };
    },
    retryDelayMs: 10,
    ...options,
  });
  cleanups.push(() => subscriber.stop());
  const consuming = (): Promise<ProducerInfo> => (once(subscriber, 'consuming') as Promise<[ProducerInfo]>).then(([info]) => info);
  return { sfu, link, logger, devices, timers, subscriber, listed, sinks, consuming };
}

describe('WebRtcSubscriber', () => {
  it('receives the newest producer of its source, and hands on its frames with where they came from', async () => {
    const { sfu, subscriber, sinks, consuming } = await subscribed([phone('old'), { ...phone('other'), source: 'drone-camera' }, phone('new')]);
    const started = consuming();
    subscriber.start();
    expect((await started).producerId).toBe('new');
    expect(subscriber.current?.producerId).toBe('new');
    expect(sfu.media.sent('media:consume')).toEqual([expect.objectContaining({ transportId: 'transport-1', producerId: 'new' })]);
    expect(sfu.media.sent('media:resumeConsumer')).toEqual([{ consumerId: 'consumer-1' }]);

    const frames: ReceivedFrame[] = [];
    subscriber.on('frame', (frame) => frames.push(frame));
    sinks[0]?.push({ width: 2, height: 2, data: new Uint8Array(6) });
    expect(frames).toEqual([expect.objectContaining({ width: 2, height: 2, producerId: 'new' })]);
  });

  it('receives the one `pick` chooses', async () => {
    const { subscriber, consuming } = await subscribed([phone('first'), phone('second')], { pick: (producers) => producers[0] });
    const started = consuming();
    subscriber.start();
    expect((await started).producerId).toBe('first');
  });

  it('follows a newer producer, and goes back to the one left when that closes', async () => {
    const { sfu, subscriber, listed, sinks, consuming } = await subscribed([phone('a')]);
    let started = consuming();
    subscriber.start();
    await started;
    const stopped: string[] = [];
    subscriber.on('stopped', (producerId, reason) => stopped.push(`${producerId}: ${reason}`));

    listed.producers = [phone('a'), phone('b')];
    started = consuming();
    sfu.emit('media:producerAdded', phone('b'));
    expect((await started).producerId).toBe('b');
    expect(stopped).toEqual(['a: a newer producer replaced it']);
    expect(sinks[0]?.stopped).toBe(true);

    listed.producers = [phone('a')];
    started = consuming();
    sfu.emit('media:producerClosed', { producerId: 'b' });
    expect((await started).producerId).toBe('a');
    expect(stopped).toEqual(['a: a newer producer replaced it', 'b: the producer closed']);
  });

  it('waits quietly when the producer closed between the listing and the consume', async () => {
    const { sfu, logger, subscriber, listed, consuming } = await subscribed([phone('gone')]);
    sfu.media.answer('media:consume', ({ producerId }) => {
      if (producerId === 'gone') throw new ProtocolError('NOT_FOUND', `no producer ${producerId}`);
      return { consumerId: 'consumer-late', producerId, kind: 'video', rtpParameters: consumerRtpParameters(), source: 'phone-camera' };
    });
    const refused = sfu.media.next('media:consume');
    subscriber.start();
    await refused;
    listed.producers = [phone('late')];
    const started = consuming();
    sfu.emit('media:producerAdded', phone('late'));
    expect((await started).producerId).toBe('late');
    expect(logger.at('error')).toEqual([]);
    expect(sfu.media.sent('media:createTransport')).toHaveLength(1);
  });

  it('builds everything again after the link comes back', async () => {
    const { sfu, subscriber, consuming } = await subscribed([phone('a')]);
    let started = consuming();
    subscriber.start();
    await started;
    const stopped = once(subscriber, 'stopped');
    started = consuming();
    sfu.emit('session:reconnect', { reason: 'a worker died' });
    expect(await stopped).toEqual(['a', 'link lost (a worker died)']);
    await started;
    expect(sfu.media.sent('media:createTransport')).toHaveLength(2);
    expect(sfu.media.sent('media:consume').map((c) => c.transportId)).toEqual(['transport-1', 'transport-2']);
    expect(sfu.media.sent('media:closeTransport')).toEqual([{ transportId: 'transport-1' }]);
  });

  it('restarts ICE when the transport fails, and rebuilds it when restarts cannot save it', async () => {
    const { sfu, logger, devices, subscriber, consuming } = await subscribed([phone('a')]);
    let started = consuming();
    subscriber.start();
    await started;
    devices.latest.setConnectionState('failed');
    await logger.line('info', /ICE restarted/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(subscriber.current?.producerId).toBe('a');
    expect(sfu.media.sent('media:createTransport')).toHaveLength(1);

    sfu.media.answer('media:restartIce', ({ transportId }) => {
      throw new ProtocolError('NOT_FOUND', `no transport ${transportId}`);
    });
    started = consuming();
    devices.latest.setConnectionState('connected');
    devices.latest.setConnectionState('failed');
    expect(await logger.line('warn', /rebuilding/)).toBe('receive transport failed (restarting the video connection failed: no transport transport-1); rebuilding');
    await started;
    expect(sfu.media.sent('media:consume').map((c) => c.transportId)).toEqual(['transport-1', 'transport-2']);
  });
});
