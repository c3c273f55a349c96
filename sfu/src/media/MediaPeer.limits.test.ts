import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortRange } from '@dronecast/launcher';
import { createLogger } from '@dronecast/runtime';
import { DroneMedia } from '../drone/DroneMedia.ts';
import { MediaPeer } from './MediaPeer.ts';
import { WorkerPool } from './WorkerPool.ts';

const logger = createLogger('limits-test');
let pool: WorkerPool;
let media: DroneMedia;

beforeAll(async () => {
  pool = new WorkerPool({ size: 1, listenIp: '127.0.0.1', announcedAddress: '127.0.0.1', basePort: await freePortRange(1), logger });
  await pool.start();
  media = new DroneMedia({ droneId: 'drone1', pool, spread: { consumersPerRouter: Infinity, logger }, logger, created: () => undefined });
});

afterAll(() => {
  media.close();
  pool.close();
});

const settle = <T>(calls: Promise<T>[]) =>
  Promise.allSettled(calls).then((all) => {
    const made = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    return { made, ok: made.length, refused: all.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : [])) };
  });

describe('MediaPeer limits hold when requests arrive together (real mediasoup worker)', () => {
  it('accepts 4 of 40 transports asked for at once, and frees a place when one closes', async () => {
    const peer = new MediaPeer(randomUUID(), 'viewer', () => media.router());
    const result = await settle(Array.from({ length: 40 }, () => peer.createTransport({ direction: 'recv' })));
    expect(result.ok).toBe(4);
    expect(result.refused).toHaveLength(36);
    expect(new Set(result.refused)).toEqual(new Set(['at most 4 transports per client; close one first']));
    await expect(peer.createTransport({ direction: 'recv' })).rejects.toThrow(/at most 4/);
    peer.closeTransport({ transportId: result.made[0]!.id });
    await expect(peer.createTransport({ direction: 'recv' })).resolves.toMatchObject({ id: expect.any(String) });
    peer.close();
  });

  it('accepts 16 of 40 consumers asked for at once', async () => {
    const router = await media.router();
    const plain = await router.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const producer = await plain.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1234 }] },
    });
    router.add(producer, 'drone-camera', 'ground-agent');
    const peer = new MediaPeer(randomUUID(), 'viewer', () => media.router());
    const transport = await peer.createTransport({ direction: 'recv' });
    const consume = () => peer.consume({ transportId: transport.id, producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    const result = await settle(Array.from({ length: 40 }, consume));
    expect(result.ok).toBe(16);
    expect(new Set(result.refused)).toEqual(new Set(['at most 16 consumers per client; close one first']));
    peer.close();
    plain.close();
  });

  it('refuses the ground agent the drone camera it sends', async () => {
    const router = await media.router();
    const plain = await router.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const producer = await plain.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 4321 }] },
    });
    router.add(producer, 'drone-camera', 'ground-agent');
    const ground = new MediaPeer(randomUUID(), 'ground', () => media.router());
    const transport = await ground.createTransport({ direction: 'recv' });
    await expect(ground.consume({ transportId: transport.id, producerId: producer.id, rtpCapabilities: router.rtpCapabilities })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    ground.close();
    plain.close();
  });

  it('leaves nothing behind when the client leaves while its transport is being made', async () => {
    const peer = new MediaPeer(randomUUID(), 'viewer', () => media.router());
    const pending = peer.createTransport({ direction: 'recv' });
    peer.close();
    await expect(pending).rejects.toThrow(/left/);
    const router = await media.router();
    expect(router.load.transports).toBe(0);
  });
});
