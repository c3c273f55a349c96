import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import type { Role } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { freePortRange } from '@dronecast/launcher';
import type { DroneRouter } from './DroneRouter.ts';
import { DroneMedia } from '../drone/DroneMedia.ts';
import { MediaPeer } from './MediaPeer.ts';
import { WorkerPool, type WorkerSlot } from './WorkerPool.ts';

const logger = createLogger('fanout-test');
const pools: WorkerPool[] = [];

afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

/** Real mediasoup workers, each with its WebRtcServer on basePort + index (so a candidate's port names the worker). */
async function start(workers: number, consumersPerRouter: number, pipedIdleCloseMs?: number) {
  const basePort = await freePortRange(workers);
  const pool = new WorkerPool({ size: workers, listenIp: '127.0.0.1', announcedAddress: '127.0.0.1', basePort, logger });
  pools.push(pool);
  await pool.start();
  const routers = new DroneMedia({ droneId: 'drone1', pool, spread: { consumersPerRouter, logger, ...(pipedIdleCloseMs ? { idleCloseMs: pipedIdleCloseMs } : {}) }, logger, created: () => undefined });
  const origin = await routers.router();
  return { pool, routers, origin, workerOf: (port: number) => port - basePort };
}

/** A drone camera fed over plain RTP, registered on the origin as the ground agent's would be. */
async function produce(origin: DroneRouter): Promise<types.Producer> {
  const transport = await origin.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: Math.floor(Math.random() * 1e9) }] },
  });
  origin.add(producer, 'drone-camera', 'ground-agent');
  return producer;
}

/** A client as SignalingServer makes one: a receive transport, and (unless told not to) a consumer of the producer. */
async function viewer(routers: DroneMedia, producerId: string | undefined, role: Role = 'viewer') {
  const peer = new MediaPeer(randomUUID(), role, () => routers.router());
  const closedConsumers: string[] = [];
  let losses = 0;
  peer.on('consumerClosed', (id) => closedConsumers.push(id));
  peer.on('routerLost', () => losses++);
  const transport = await peer.createTransport({ direction: 'recv' });
  const port = (transport.iceCandidates[0] as { port: number }).port;
  const rtpCapabilities = (await routers.router()).rtpCapabilities;
  const consume = (id: string) => peer.consume({ transportId: transport.id, producerId: id, rtpCapabilities });
  const consumer = producerId ? await consume(producerId) : undefined;
  return { peer, transport, port, consumer, consume, closedConsumers, losses: () => losses };
}

describe('DroneFanout: one drone over several workers (real mediasoup workers)', () => {
  it('serves viewers past the threshold from a router on another worker that gets the producer through pipeToRouter', async () => {
    const { origin, routers, workerOf } = await start(2, 2);
    const camera = await produce(origin);
    const first = await viewer(routers, camera.id);
    const second = await viewer(routers, camera.id);
    const third = await viewer(routers, camera.id);
    const fourth = await viewer(routers, camera.id);

    expect(workerOf(first.port)).toBe(origin.slot.index);
    expect(workerOf(second.port)).toBe(origin.slot.index);
    expect(workerOf(third.port)).not.toBe(origin.slot.index);
    // The piped router has room for two as well.
    expect(workerOf(fourth.port)).toBe(workerOf(third.port));
    const [piped] = origin.fanout?.pipedRouters ?? [];
    expect(piped?.slot.index).toBe(workerOf(third.port));
    expect(piped?.pipedProducerCount).toBe(1);
    expect([origin.load.consumers, piped?.load.consumers, origin.fanout?.consumers]).toEqual([2, 2, 4]);
    // Same producer id on both routers: the client never knows which one serves it.
    expect(third.consumer?.producerId).toBe(camera.id);
    const dump = await piped!.router.dump();
    expect(dump.mapProducerIdConsumerIds.find((e) => e.key === camera.id)?.values).toHaveLength(2);
  }, 30_000);

  it('counts a joining viewer before it consumes, and a service that only may receive phone video not at all', async () => {
    const { origin, routers, workerOf } = await start(2, 2);
    await produce(origin);
    // The pose worker's idle receive transport takes no viewer's place.
    const service = await viewer(routers, undefined, 'processing');
    const joining = await Promise.all([viewer(routers, undefined), viewer(routers, undefined), viewer(routers, undefined)]);
    expect(workerOf(service.port)).toBe(origin.slot.index);
    const onOrigin = joining.filter((v) => workerOf(v.port) === origin.slot.index);
    expect(onOrigin).toHaveLength(2);
    expect(origin.load.value).toBe(2);
  }, 30_000);

  it('pipes producers added later, and a closing producer closes its piped copy and the consumers of it', async () => {
    const { origin, routers } = await start(2, 1);
    const oldCamera = await produce(origin);
    const onOrigin = await viewer(routers, oldCamera.id);
    const onPiped = await viewer(routers, oldCamera.id);
    const piped = origin.fanout!.pipedRouters[0]!;
    expect(piped.pipedProducerCount).toBe(1);

    // A reconnected ground agent's camera replaces the old one (same slot): the old one closes.
    const newCamera = await produce(origin);
    expect(oldCamera.closed).toBe(true);
    await expect.poll(() => onPiped.closedConsumers).toEqual([onPiped.consumer?.consumerId]);
    await expect.poll(() => onOrigin.closedConsumers).toEqual([onOrigin.consumer?.consumerId]);
    const dump = await piped.router.dump();
    expect(dump.mapProducerIdConsumerIds.map((e) => e.key)).toEqual([newCamera.id]);
    expect(piped.pipedProducerCount).toBe(1);
    // The new camera was piped on its own: the viewer there consumes it without anything else happening.
    const again = await onPiped.consume(newCamera.id);
    expect(again.producerId).toBe(newCamera.id);
    expect(piped.load.consumers).toBe(1);

    newCamera.close();
    await expect.poll(() => piped.pipedProducerCount).toBe(0);
    await expect.poll(() => onPiped.closedConsumers).toContain(again.consumerId);
    await expect(onPiped.consume(newCamera.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 30_000);

  it('tells the viewers of a dead worker to rebuild and places them again on a live one; the origin carries on', async () => {
    const { pool, origin, routers, workerOf } = await start(2, 1);
    const camera = await produce(origin);
    const onOrigin = await viewer(routers, camera.id);
    const onPiped = await viewer(routers, camera.id);
    const deadIndex = workerOf(onPiped.port);
    const deadSlot = pool.live.find((s) => s.index === deadIndex)!;
    const replaced = once(pool, 'workerReplaced') as Promise<[WorkerSlot]>;
    process.kill(deadSlot.worker.pid, 'SIGKILL');

    await expect.poll(() => onPiped.losses(), { timeout: 10_000 }).toBe(1);
    expect(origin.closed).toBe(false);
    expect(onOrigin.losses()).toBe(0);
    expect(onOrigin.closedConsumers).toEqual([]);
    expect(origin.fanout?.pipedRouters).toEqual([]);
    const [slot] = await replaced;
    expect(slot.index).toBe(deadIndex);

    // The client rebuilds (a new socket, so a new peer): the origin is still full, so the replacement worker serves it.
    const rebuilt = await viewer(routers, camera.id);
    expect(workerOf(rebuilt.port)).toBe(deadIndex);
    expect(origin.fanout?.pipedRouters[0]?.slot.worker.pid).toBe(slot.worker.pid);
  }, 30_000);

  it('closes a piped router left empty, without telling anyone to rebuild', async () => {
    const { origin, routers } = await start(2, 1, 100);
    const camera = await produce(origin);
    await viewer(routers, camera.id);
    const leaving = await viewer(routers, camera.id);
    const piped = origin.fanout!.pipedRouters[0]!;
    leaving.peer.closeTransport({ transportId: leaving.transport.id });
    await expect.poll(() => piped.closed).toBe(true);
    expect(piped.closedIdle).toBe(true);
    expect(leaving.losses()).toBe(0);
    // Its next transport is placed anew.
    const back = await leaving.peer.createTransport({ direction: 'recv' });
    expect(origin.fanout?.pipedRouters).toHaveLength(1);
    expect(back.id).not.toBe(leaving.transport.id);
  }, 30_000);

  it('with one worker, keeps everyone on the origin whatever the threshold', async () => {
    const { origin, routers } = await start(1, 1);
    const camera = await produce(origin);
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) ports.add((await viewer(routers, camera.id)).port);
    expect(ports.size).toBe(1);
    expect(origin.load.consumers).toBe(3);
    expect(origin.fanout?.pipedRouters).toEqual([]);
  }, 30_000);
});
