import type { types } from 'mediasoup';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { MediasoupInventory } from './MediasoupInventory.ts';
import { sampleRtpStreams, type RtpSample, type StatsSource } from './sampleRtpStreams.ts';
import type { SfuState } from './SfuState.ts';

export interface ScrapeResult {
  text: string;
  contentType: string;
  durationMs: number;
}

/** How long a scrape waits for mediasoup's stats (Prometheus' own default timeout is 10 s). */
const statsDeadlineMs = 2000;

/**
 * Prometheus metrics of one SFU process. Counts come from the mediasoup inventory and the SFU's
 * state; bitrate and loss from producer/consumer getStats() taken at scrape time (bounded), so
 * nothing is polled while nobody scrapes.
 */
export class SfuMetrics {
  readonly registry = new Registry();
  private readonly gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: `dronecast_${name}`, help, labelNames, registers: [this.registry] });

  private readonly workers = this.gauge('mediasoup_workers', 'mediasoup workers configured');
  private readonly workersAlive = this.gauge('mediasoup_workers_alive', 'mediasoup workers running');
  private readonly workerCpu = new Counter({
    name: 'dronecast_mediasoup_worker_cpu_seconds_total',
    help: 'CPU time used by each mediasoup worker (getrusage), by mode',
    labelNames: ['worker', 'mode'],
    registers: [this.registry],
  });
  private readonly workerDeaths = new Counter({
    name: 'dronecast_mediasoup_worker_restarts_total',
    help: 'mediasoup workers that died and were replaced',
    registers: [this.registry],
  });
  private readonly routers = this.gauge('mediasoup_routers', 'mediasoup routers');
  private readonly transports = this.gauge('mediasoup_transports', 'mediasoup transports by type (webrtc, plain, pipe, direct)', ['type']);
  private readonly producers = this.gauge('mediasoup_producers', 'producers by media source', ['source']);
  private readonly consumers = this.gauge('mediasoup_consumers', 'consumers by the media source they carry', ['source']);
  private readonly bitrate = this.gauge('rtp_bitrate_bps', 'RTP bitrate into the SFU (in: producers) and out of it (out: consumers), by source', ['direction', 'source']);
  private readonly packetsLost = this.gauge('rtp_packets_lost', 'packets lost on the live streams so far (in: to the SFU, out: as receivers report)', ['direction', 'source']);
  private readonly lossRatio = this.gauge('rtp_loss_ratio', "the worst live stream's recent packet loss, 0-1", ['direction', 'source']);
  private readonly statsSeconds = this.gauge('rtp_stats_scrape_seconds', 'how long gathering the RTP stats for this scrape took');
  private readonly statsTimedOut = this.gauge('rtp_stats_timed_out', 'streams whose stats did not arrive in time for this scrape');
  private readonly peers = this.gauge('peers', 'connected signaling clients by role', ['role']);
  private readonly frameSubscribers = this.gauge('websocket_frame_subscribers', 'websocket (/frames) JPEG subscribers');
  private readonly mqttClients = this.gauge('mqtt_clients', 'clients of the embedded MQTT broker');
  private readonly mqttDemand = this.gauge('mqtt_video_subscribers', 'MQTT clients subscribed to the drone video');
  private readonly leaseHeld = this.gauge('control_lease_held', '1 while a pilot holds the control lease');
  private readonly agentsOnline = this.gauge('drone_agents_online', 'ground agents connected');
  private readonly recordings = this.gauge('recordings_running', 'recordings running on the ground station');
  private countedDeaths = 0;
  private inFlight: Promise<ScrapeResult> | undefined;

  constructor(
    private readonly inventory: MediasoupInventory,
    private readonly state: SfuState,
  ) {
    // The SFU process itself (CPU, memory, event loop lag), beside its workers.
    collectDefaultMetrics({ register: this.registry, prefix: 'dronecast_sfu_' });
  }

  /** One scrape at a time: a second scraper meanwhile gets the same answer instead of doubling the getStats load. */
  scrape(): Promise<ScrapeResult> {
    this.inFlight ??= this.gather().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async gather(): Promise<ScrapeResult> {
    const started = performance.now();
    const [incoming, outgoing] = await Promise.all([
      sampleRtpStreams(this.producerSources(), 'inbound-rtp', statsDeadlineMs),
      sampleRtpStreams(this.consumerSources(), 'outbound-rtp', statsDeadlineMs),
      this.setWorkerCpu(),
    ]);
    this.setCounts();
    this.setRtp({ in: incoming, out: outgoing });
    this.statsSeconds.set(Math.max(incoming.durationMs, outgoing.durationMs) / 1000);
    this.statsTimedOut.set(incoming.timedOut + outgoing.timedOut);
    const text = await this.registry.metrics();
    return { text, contentType: this.registry.contentType, durationMs: performance.now() - started };
  }

  private producerSources(): StatsSource[] {
    return [...this.inventory.producers].map((p) => ({ source: this.inventory.sourceOfProducer(p), getStats: () => p.getStats() }));
  }

  private consumerSources(): StatsSource[] {
    return [...this.inventory.consumers].map((c) => ({ source: this.inventory.sourceOfConsumer(c), getStats: () => c.getStats() }));
  }

  private async setWorkerCpu(): Promise<void> {
    const usage = await Promise.all(
      [...this.inventory.workers].map(async (worker: types.Worker) => ({ worker, usage: await worker.getResourceUsage().catch(() => undefined) })),
    );
    this.workerCpu.reset();
    for (const { worker, usage: u } of usage) {
      if (!u) continue;
      const index = String((worker.appData as { index?: unknown }).index ?? worker.pid);
      this.workerCpu.inc({ worker: index, mode: 'user' }, u.ru_utime / 1000);
      this.workerCpu.inc({ worker: index, mode: 'system' }, u.ru_stime / 1000);
    }
  }

  private setCounts(): void {
    const { inventory, state } = this;
    this.workers.set(state.configuredWorkers);
    this.workersAlive.set([...inventory.workers].filter((w) => !w.closed).length);
    this.workerDeaths.inc(inventory.deaths - this.countedDeaths);
    this.countedDeaths = inventory.deaths;
    this.routers.set(inventory.routers.size);
    setByLabel(this.transports, 'type', [...inventory.transports].map((t) => t.type));
    setByLabel(this.producers, 'source', [...inventory.producers].map((p) => inventory.sourceOfProducer(p)));
    setByLabel(this.consumers, 'source', [...inventory.consumers].map((c) => inventory.sourceOfConsumer(c)));
    this.peers.reset();
    for (const [role, count] of Object.entries(state.peersByRole())) this.peers.set({ role }, count);
    this.frameSubscribers.set(state.frameSubscribers());
    const mqtt = state.mqtt();
    this.mqttClients.set(mqtt?.clients ?? 0);
    this.mqttDemand.set(mqtt?.videoSubscribers ?? 0);
    this.leaseHeld.set(state.controlLeaseHeld() ? 1 : 0);
    this.agentsOnline.set(state.droneAgentsOnline());
    this.recordings.set(state.recordingsRunning());
  }

  private setRtp(samples: Record<'in' | 'out', RtpSample>): void {
    // Reset first: a source nobody sends or watches any more loses its series.
    for (const gauge of [this.bitrate, this.packetsLost, this.lossRatio]) gauge.reset();
    for (const direction of ['in', 'out'] as const) {
      for (const [source, totals] of samples[direction].bySource) {
        this.bitrate.set({ direction, source }, totals.bitrateBps);
        this.packetsLost.set({ direction, source }, totals.packetsLost);
        this.lossRatio.set({ direction, source }, totals.worstLossRatio);
      }
    }
  }
}

/** Sets one series per distinct label value to how often it occurs; values gone since the last scrape disappear. */
function setByLabel(gauge: Gauge, label: string, values: string[]): void {
  gauge.reset();
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  for (const [value, count] of counts) gauge.set({ [label]: value }, count);
}
