import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { MediasoupInventory } from './MediasoupInventory.ts';
import { SfuMetrics } from './SfuMetrics.ts';
import type { SfuState } from './SfuState.ts';
import { healthReport } from './healthReport.ts';

/** Stand-ins for mediasoup objects: just the observer events and the calls the metrics make. */
function fakeWorker(index: number, cpuMs = { user: 1500, system: 500 }) {
  const worker = Object.assign(new EventEmitter(), {
    observer: new EventEmitter(),
    closed: false,
    pid: 1000 + index,
    appData: { index },
    getResourceUsage: async () => ({ ru_utime: cpuMs.user, ru_stime: cpuMs.system }),
  });
  return worker;
}

const fakeTransport = (type: string) => ({ type, observer: new EventEmitter() });

function fakeStream(id: string, appData: object, stats: object[] | 'never', extra: object = {}) {
  return {
    id,
    appData,
    observer: new EventEmitter(),
    getStats: () => (stats === 'never' ? new Promise<never>(() => {}) : Promise.resolve(stats)),
    ...extra,
  };
}

function state(overrides: Partial<SfuState> = {}): SfuState {
  return {
    configuredWorkers: 2,
    peersByRole: () => ({ pilot: 1, viewer: 2, ground: 1 }),
    frameSubscribers: () => 3,
    mqtt: () => ({ clients: 4, videoSubscribers: 1 }),
    controlLeaseHeld: () => true,
    droneAgentsOnline: () => 1,
    recordingsRunning: () => 0,
    stopping: () => false,
    ...overrides,
  };
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function setUp() {
  const observer = new EventEmitter();
  const inventory = new MediasoupInventory(observer);
  const workers = [fakeWorker(0), fakeWorker(1)];
  for (const w of workers) observer.emit('newworker', w as unknown as types.Worker);
  const router = { observer: new EventEmitter() };
  workers[0]?.observer.emit('newrouter', router);
  const send = fakeTransport('webrtc');
  const recv = fakeTransport('webrtc');
  const pipe = fakeTransport('pipe');
  for (const t of [send, recv, pipe]) router.observer.emit('newtransport', t);
  const inbound = { type: 'inbound-rtp', bitrate: 1_000_000, packetsLost: 3, fractionLost: 0 };
  const producer = fakeStream('p1', { source: 'drone-camera' }, [inbound]);
  send.observer.emit('newproducer', producer);
  const outbound = (bitrate: number, fractionLost: number) => ({ type: 'outbound-rtp', bitrate, packetsLost: 1, fractionLost });
  // A consumer's stats also carry its producer's inbound stream, which must not count as outgoing.
  const consumers = [
    fakeStream('c1', {}, [outbound(900_000, 0), inbound], { producerId: 'p1' }),
    fakeStream('c2', {}, [outbound(800_000, 64)], { producerId: 'p1' }),
  ];
  for (const c of consumers) recv.observer.emit('newconsumer', c);
  return { observer, inventory, workers, router, producer, consumers, recv };
}

describe('SFU metrics', () => {
  it('counts mediasoup objects by kind, source and type, and sums bitrate and loss per direction', async () => {
    const { inventory } = setUp();
    const { text, contentType } = await new SfuMetrics(inventory, state()).scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(value(text, 'dronecast_mediasoup_workers')).toBe(2);
    expect(value(text, 'dronecast_mediasoup_workers_alive')).toBe(2);
    expect(value(text, 'dronecast_mediasoup_routers')).toBe(1);
    expect(value(text, 'dronecast_mediasoup_transports{type="webrtc"}')).toBe(2);
    expect(value(text, 'dronecast_mediasoup_transports{type="pipe"}')).toBe(1);
    expect(value(text, 'dronecast_mediasoup_producers{source="drone-camera"}')).toBe(1);
    expect(value(text, 'dronecast_mediasoup_consumers{source="drone-camera"}')).toBe(2);
    expect(value(text, 'dronecast_rtp_bitrate_bps{direction="in",source="drone-camera"}')).toBe(1_000_000);
    expect(value(text, 'dronecast_rtp_bitrate_bps{direction="out",source="drone-camera"}')).toBe(1_700_000);
    expect(value(text, 'dronecast_rtp_packets_lost{direction="out",source="drone-camera"}')).toBe(2);
    expect(value(text, 'dronecast_rtp_loss_ratio{direction="out",source="drone-camera"}')).toBe(0.25);
    expect(value(text, 'dronecast_mediasoup_worker_cpu_seconds_total{worker="1",mode="user"}')).toBe(1.5);
    expect(value(text, 'dronecast_mediasoup_worker_cpu_seconds_total{worker="0",mode="system"}')).toBe(0.5);
  });

  it('reports the SFU state: peers by role, websocket and MQTT watchers, lease, agents, recordings', async () => {
    const { inventory } = setUp();
    const { text } = await new SfuMetrics(inventory, state({ recordingsRunning: () => 1 })).scrape();
    expect(value(text, 'dronecast_peers{role="viewer"}')).toBe(2);
    expect(value(text, 'dronecast_websocket_frame_subscribers')).toBe(3);
    expect(value(text, 'dronecast_mqtt_clients')).toBe(4);
    expect(value(text, 'dronecast_mqtt_video_subscribers')).toBe(1);
    expect(value(text, 'dronecast_control_lease_held')).toBe(1);
    expect(value(text, 'dronecast_drone_agents_online')).toBe(1);
    expect(value(text, 'dronecast_recordings_running')).toBe(1);
    expect(text).toMatch(/^dronecast_sfu_process_resident_memory_bytes \d+/m);
  });

  it('forgets closed objects and counts dead workers as restarts', async () => {
    const { inventory, workers, consumers, producer } = setUp();
    const metrics = new SfuMetrics(inventory, state());
    for (const c of consumers) c.observer.emit('close');
    producer.observer.emit('close');
    workers[1]?.emit('died', new Error('boom'));
    if (workers[1]) workers[1].closed = true;
    workers[1]?.observer.emit('close');
    const { text } = await metrics.scrape();
    expect(value(text, 'dronecast_mediasoup_consumers{source="drone-camera"}')).toBeUndefined();
    expect(value(text, 'dronecast_rtp_bitrate_bps{direction="out",source="drone-camera"}')).toBeUndefined();
    expect(value(text, 'dronecast_mediasoup_workers_alive')).toBe(1);
    expect(value(text, 'dronecast_mediasoup_worker_restarts_total')).toBe(1);
    // Counted once, not again on the next scrape.
    expect(value((await metrics.scrape()).text, 'dronecast_mediasoup_worker_restarts_total')).toBe(1);
  });

  it('does not wait for a stream whose stats never come (bounded scrape) and says so', async () => {
    const { inventory, recv } = setUp();
    recv.observer.emit('newconsumer', fakeStream('stuck', {}, 'never', { producerId: 'p1' }));
    const started = Date.now();
    const { text } = await new SfuMetrics(inventory, state()).scrape();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(value(text, 'dronecast_rtp_stats_timed_out')).toBe(1);
    expect(value(text, 'dronecast_rtp_bitrate_bps{direction="out",source="drone-camera"}')).toBe(1_700_000);
  });
});

describe('health report', () => {
  it('is ok with every worker, degraded with some, 503 with none or while stopping', () => {
    const { inventory, workers } = setUp();
    expect(healthReport(inventory, state(), 12.4)).toEqual({
      httpStatus: 200,
      body: { status: 'ok', workers: { configured: 2, alive: 2 }, uptimeSeconds: 12, droneAgentsOnline: 1 },
    });
    if (workers[0]) workers[0].closed = true;
    expect(healthReport(inventory, state(), 1).body.status).toBe('degraded');
    if (workers[1]) workers[1].closed = true;
    expect(healthReport(inventory, state(), 1)).toMatchObject({ httpStatus: 503, body: { status: 'unavailable' } });
    if (workers[1]) workers[1].closed = false;
    expect(healthReport(inventory, state({ stopping: () => true }), 1)).toMatchObject({ httpStatus: 503, body: { status: 'stopping' } });
  });
});
