import {
  isTransportAvailable,
  videoTransports,
  type BenchPageState,
  type BenchReport,
  type BenchRunOptions,
  type BenchTransportResult,
  type VideoQuality,
  type VideoTransport,
  type Welcome,
} from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import { abortableDelay } from './abortableDelay.ts';
import { benchCpuMeasure, benchMethod } from './benchMethod.ts';
import type { BenchSession, LaneState, Lanes, MeasuredTransport, QualitySource, Timelines } from './TransportBenchTypes.ts';

/** A transport that shows nothing for this long after opening has failed. */
const firstFrameTimeoutMs = 20_000;
const pollMs = 100;

const names: Record<VideoTransport, string> = { webrtc: 'WebRTC', websocket: 'Websocket', mqtt: 'MQTT' };

/**
 * Runs the transport comparison: each transport opened over the page's session (all at once, or
 * one after another), left to settle, then measured for the same time; one chart point per
 * second while it runs, and a report at the end. One run at a time; stop() ends it early with
 * what was measured.
 */
export class TransportBench<P extends MeasuredTransport> {
  readonly #session: BenchSession;
  readonly #quality: QualitySource;
  readonly #open: (transport: VideoTransport) => P;
  readonly #state = new ObservableValue<BenchPageState>({ phase: 'connecting', message: '', active: [], elapsedS: 0 });
  readonly #lanes = new ObservableValue<Lanes<P>>(allLanes<P>(() => ({ stage: 'idle', message: '', probe: null })));
  readonly #timelines = new ObservableValue<Timelines>({});
  readonly #report = new ObservableValue<BenchReport | null>(null);
  #stop: AbortController | null = null;

  /** `open` starts showing and measuring one transport (a TransportProbe on the page). */
  constructor(session: BenchSession, quality: QualitySource, open: (transport: VideoTransport) => P) {
    this.#session = session;
    this.#quality = quality;
    this.#open = open;
    session.status.subscribe(({ welcome, error }) => {
      if (this.#stop) return; // a run rides out a reconnect: each transport recovers on its own
      const phase = this.#state.value.phase;
      if (!welcome) this.#setState({ phase: 'connecting', message: error ?? 'Connecting to the server…' });
      else if (phase === 'connecting') this.#setState({ phase: 'idle', message: '' });
    });
  }

  get state(): Observable<BenchPageState> {
    return this.#state;
  }

  get lanes(): Observable<Lanes<P>> {
    return this.#lanes;
  }

  get timelines(): Observable<Timelines> {
    return this.#timelines;
  }

  get report(): Observable<BenchReport | null> {
    return this.#report;
  }

  get running(): boolean {
    return this.#stop !== null;
  }

  /** Ends the run now; what was measured so far is reported. */
  stop(): void {
    this.#stop?.abort();
  }

  async run(options: BenchRunOptions): Promise<BenchReport> {
    if (this.#stop) throw new Error('A run is already going.');
    const welcome = this.#session.status.value.welcome;
    if (!welcome) throw new Error('Not connected to the server yet.');
    const stop = new AbortController();
    this.#stop = stop;
    try {
      return await this.#run(options, welcome, stop);
    } catch (error) {
      this.#setState({ phase: 'failed', message: `The run failed: ${error instanceof Error ? error.message : String(error)}`, active: [] });
      throw error;
    } finally {
      this.#stop = null;
    }
  }

  async #run(options: BenchRunOptions, welcome: Welcome, stop: AbortController): Promise<BenchReport> {
    const startedAt = new Date().toISOString();
    const results = new Map<VideoTransport, BenchTransportResult>();
    const lanes = allLanes<P>((t) => (options.transports.includes(t) ? { stage: 'waiting', message: 'Waits its turn', probe: null } : { stage: 'idle', message: 'Not in this run', probe: null }));
    this.#lanes.set(lanes);
    this.#timelines.set({});
    this.#report.set(null);
    this.#setState({ phase: 'running', message: 'Starting…', active: [], elapsedS: 0 });

    const runnable: VideoTransport[] = [];
    for (const transport of options.transports) {
      const offer = transport === 'webrtc' ? null : welcome.transports[transport];
      if (offer && !offer.available) {
        results.set(transport, emptyResult(transport, 'unavailable', offer.reason));
        this.#setLane(transport, { stage: 'unavailable', message: `Not offered by the server: ${offer.reason}` });
      } else if (isTransportAvailable(welcome.transports, transport)) runnable.push(transport);
    }
    const measuredQuality: { first: VideoQuality | null; changed: boolean } = { first: null, changed: false };
    const unsubscribe = this.#quality.quality.subscribe((quality) => {
      if (measuredQuality.first && quality && JSON.stringify(quality) !== JSON.stringify(measuredQuality.first)) measuredQuality.changed = true;
    });
    try {
      const groups = options.mode === 'simultaneous' ? [runnable] : runnable.map((t) => [t]);
      for (const group of groups) {
        if (stop.signal.aborted) {
          for (const t of group) {
            results.set(t, emptyResult(t, 'skipped', 'stopped before its turn'));
            this.#setLane(t, { stage: 'skipped', message: 'Stopped before its turn' });
          }
          continue;
        }
        for (const result of await this.#runGroup(group, options, stop.signal, measuredQuality)) results.set(result.transport, result);
      }
    } finally {
      unsubscribe();
    }
    const clock = this.#session.clock;
    const report: BenchReport = {
      kind: 'dronecast-transport-bench',
      version: 1,
      startedAt,
      mode: options.mode,
      durationS: options.durationS,
      settleS: options.settleS,
      quality: measuredQuality.first,
      qualityChanged: measuredQuality.changed,
      clock: clock ? { offsetMs: clock.offsetMs, rttMs: clock.rttMs } : null,
      role: welcome.role,
      userAgent: globalThis.navigator?.userAgent ?? 'unknown',
      method: benchMethod,
      cpuMeasure: benchCpuMeasure,
      transports: options.transports.flatMap((t) => results.get(t) ?? []),
    };
    this.#report.set(report);
    this.#setState({ phase: 'done', message: stop.signal.aborted ? 'Stopped early: the numbers cover what was measured.' : '', active: [], elapsedS: 0 });
    return report;
  }

  /** Opens `group` together, waits for their pictures, settles, measures; always closes them. */
  async #runGroup(
    group: VideoTransport[],
    options: BenchRunOptions,
    signal: AbortSignal,
    measuredQuality: { first: VideoQuality | null },
  ): Promise<BenchTransportResult[]> {
    const probes = group.map((t) => this.#open(t));
    const open = new Set(probes);
    const close = (probe: P): void => {
      if (!open.delete(probe)) return;
      probe.close();
      if (this.#lanes.value[probe.transport].probe === probe) this.#setLane(probe.transport, { probe: null });
    };
    const results: BenchTransportResult[] = [];
    try {
      for (const probe of probes) this.#setLane(probe.transport, { stage: 'starting', message: 'Waiting for the first frame…', probe });
      this.#setState({ active: group, message: `Starting ${group.map((t) => names[t]).join(', ')}…`, elapsedS: 0 });
      const deadline = performance.now() + firstFrameTimeoutMs;
      while (!signal.aborted && performance.now() < deadline && probes.some((p) => p.startupMs === null)) await abortableDelay(pollMs, signal);

      const playing = probes.filter((p) => p.startupMs !== null);
      for (const probe of probes) {
        if (probe.startupMs !== null) continue;
        const why = signal.aborted ? 'stopped before its first frame' : probe.problem || `no frame within ${firstFrameTimeoutMs / 1000} s`;
        results.push(emptyResult(probe.transport, signal.aborted ? 'skipped' : 'failed', why));
        this.#setLane(probe.transport, { stage: signal.aborted ? 'skipped' : 'failed', message: why });
        // Closed now, so it takes no bandwidth or CPU from the ones being measured.
        close(probe);
      }
      if (playing.length === 0) return results;

      for (const probe of playing) this.#setLane(probe.transport, { stage: 'settling', message: `Settling for ${options.settleS} s…` });
      this.#setState({ message: 'Settling…' });
      await abortableDelay(options.settleS * 1000, signal);
      if (signal.aborted) {
        for (const probe of playing) {
          results.push(emptyResult(probe.transport, 'skipped', 'stopped before measuring'));
          this.#setLane(probe.transport, { stage: 'skipped', message: 'Stopped before measuring', probe: null });
        }
        return results;
      }

      const quality = this.#quality.quality.value;
      measuredQuality.first ??= quality;
      const startAt = performance.now();
      const endAt = startAt + options.durationS * 1000;
      for (const probe of playing) {
        probe.begin(quality?.fps ?? 0, startAt);
        this.#setLane(probe.transport, { stage: 'measuring', message: '' });
      }
      this.#setState({ message: 'Measuring…' });
      for (let second = 1; ; second++) {
        await abortableDelay(Math.min(startAt + second * 1000, endAt) - performance.now(), signal);
        const now = performance.now();
        for (const probe of playing) probe.tick(now);
        this.#timelines.set({ ...this.#timelines.value, ...Object.fromEntries(playing.map((p) => [p.transport, [...p.timeline]])) });
        this.#setState({ elapsedS: Math.round((now - startAt) / 100) / 10 });
        if (signal.aborted || now >= endAt - 1) break;
      }
      const endedAt = performance.now();
      for (const probe of playing) {
        const stoppedEarly = signal.aborted && probe.elapsedS(endedAt) < options.durationS - 0.5;
        results.push({
          transport: probe.transport,
          outcome: 'measured',
          message: stoppedEarly ? 'stopped early' : '',
          ...probe.summarize(endedAt),
          timeline: [...probe.timeline],
        });
        this.#setLane(probe.transport, { stage: 'done', message: stoppedEarly ? 'Stopped early' : 'Done', probe: null });
      }
      return results;
    } finally {
      for (const probe of probes) close(probe);
    }
  }

  #setLane(transport: VideoTransport, change: Partial<LaneState<P>>): void {
    const lanes = this.#lanes.value;
    this.#lanes.set({ ...lanes, [transport]: { ...lanes[transport], ...change } });
  }

  #setState(change: Partial<BenchPageState>): void {
    this.#state.set({ ...this.#state.value, ...change });
  }
}

function allLanes<P extends MeasuredTransport>(make: (transport: VideoTransport) => LaneState<P>): Lanes<P> {
  return Object.fromEntries(videoTransports.map((t) => [t, make(t)])) as Lanes<P>;
}

/** The row of a transport that was not measured. */
function emptyResult(transport: VideoTransport, outcome: Exclude<BenchTransportResult['outcome'], 'measured'>, message: string): BenchTransportResult {
  return {
    transport,
    outcome,
    message,
    measuredS: 0,
    startupMs: null,
    latencyMs: { p50: null, p95: null, p99: null, mean: null, samples: 0 },
    frames: { received: 0, delivered: 0, expected: 0, missing: 0 },
    deliveredFps: 0,
    jitterP95Ms: null,
    stallsOver200Ms: 0,
    longestIntervalMs: null,
    bytes: 0,
    kbps: 0,
    bytesPerFrame: null,
    mainThreadMsPerFrame: null,
    width: 0,
    height: 0,
    timeline: [],
  };
}
