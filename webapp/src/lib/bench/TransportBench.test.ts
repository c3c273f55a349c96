import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { benchReportSchema, type BenchTimelinePoint, type VideoQuality, type VideoTransport, type Welcome } from '@dronecast/protocol';
import { ObservableValue } from '../observable.ts';
import type { SessionStatus } from '../session/SessionTypes.ts';
import { TransportBench } from './TransportBench.ts';
import type { MeasuredTransport } from './TransportBenchTypes.ts';
import { summarizeTransport } from './transportSummary.ts';

const quality: VideoQuality = { resolution: '640x480', fps: 30, jpegQuality: 60, maxBitrateKbps: 1500 };

function welcome(mqtt: Welcome['transports']['mqtt'] = { available: true, url: null }): Welcome {
  return { peerId: 'p1', role: 'viewer', droneId: 'drone1', serverTime: 0, transports: { websocket: { available: true }, mqtt }, mapTiles: null };
}

/** What happened, in order, with the fake clock's time: the test reads the schedule from it. */
const events: string[] = [];
const at = (): number => Math.round(performance.now());

/** A transport whose first frame comes `firstFrameMs` after opening (never, with null); 30 fps, 50 ms once measuring. */
class FakeTransport implements MeasuredTransport {
  readonly timeline: BenchTimelinePoint[] = [];
  problem = 'Waiting for the drone camera…';
  readonly #openedAt = performance.now();
  #begunAt: number | null = null;
  #sourceFps = 0;

  constructor(
    readonly transport: VideoTransport,
    private readonly firstFrameMs: number | null,
  ) {
    events.push(`${at()} open ${transport}`);
  }

  get startupMs(): number | null {
    const waited = performance.now() - this.#openedAt;
    return this.firstFrameMs !== null && waited >= this.firstFrameMs ? this.firstFrameMs : null;
  }

  begin(sourceFps: number, now = performance.now()): void {
    this.#begunAt = now;
    this.#sourceFps = sourceFps;
    events.push(`${at()} measure ${this.transport}`);
  }

  elapsedS(now = performance.now()): number {
    return this.#begunAt === null ? 0 : (now - this.#begunAt) / 1000;
  }

  tick(now = performance.now()): BenchTimelinePoint {
    const point = { t: this.elapsedS(now), fps: 30, latencyMs: 50, jitterMs: 1, kbps: 800 };
    this.timeline.push(point);
    return point;
  }

  summarize(now = performance.now()) {
    const seconds = this.elapsedS(now);
    const frames = Math.round(seconds * 30);
    return summarizeTransport({
      measuredS: seconds,
      sourceFps: this.#sourceFps,
      startupMs: this.startupMs,
      latenciesMs: Array.from({ length: frames }, () => 50),
      intervalsMs: Array.from({ length: Math.max(0, frames - 1) }, () => 1000 / 30),
      framesPresented: frames,
      framesReceived: frames,
      framesMissing: 0,
      bytes: seconds * 100_000,
      mainThreadMs: frames * 0.5,
      width: 640,
      height: 480,
    });
  }

  close(): void {
    events.push(`${at()} close ${this.transport}`);
  }
}

function setUp(options: { welcome?: Welcome | null; firstFrameMs?: Partial<Record<VideoTransport, number | null>> } = {}) {
  const session = {
    status: new ObservableValue<SessionStatus>({ connection: 'connected', error: null, welcome: options.welcome === undefined ? welcome() : options.welcome }),
    clock: { offsetMs: -2, rttMs: 1.5 },
  };
  const announced = new ObservableValue<VideoQuality | null>(quality);
  const delays = { webrtc: 800, websocket: 300, mqtt: 500, ...options.firstFrameMs };
  const bench = new TransportBench(session, { quality: announced }, (t) => new FakeTransport(t, delays[t]));
  return { bench, session, announced };
}

/** Lets the run go on for `ms` of fake time, then returns its outcome. */
async function runFor<T>(promise: Promise<T>, ms: number): Promise<T> {
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  const outcome = await settled;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

beforeEach(() => {
  events.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TransportBench', () => {
  it('at the same time: opens all three together, measures them over the same window once all show frames', async () => {
    const { bench } = setUp();
    const report = await runFor(bench.run({ mode: 'simultaneous', durationS: 3, settleS: 1, transports: ['webrtc', 'websocket', 'mqtt'] }), 10_000);
    // The slowest first frame (WebRTC, 800 ms, seen at the next 100 ms poll), then 1 s settling, then 3 s.
    expect(events).toEqual([
      '0 open webrtc',
      '0 open websocket',
      '0 open mqtt',
      '1800 measure webrtc',
      '1800 measure websocket',
      '1800 measure mqtt',
      '4800 close webrtc',
      '4800 close websocket',
      '4800 close mqtt',
    ]);
    expect(benchReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ mode: 'simultaneous', durationS: 3, quality, qualityChanged: false, role: 'viewer', clock: { offsetMs: -2, rttMs: 1.5 } });
    expect(report.transports.map((t) => [t.transport, t.outcome, t.measuredS, t.startupMs, t.timeline.length])).toEqual([
      ['webrtc', 'measured', 3, 800, 3],
      ['websocket', 'measured', 3, 300, 3],
      ['mqtt', 'measured', 3, 500, 3],
    ]);
    expect(report.transports[0]?.frames).toMatchObject({ delivered: 90, expected: 90 });
    expect(bench.state.value).toMatchObject({ phase: 'done', active: [] });
    expect(bench.report.value).toBe(report);
    expect(Object.keys(bench.timelines.value).sort()).toEqual(['mqtt', 'webrtc', 'websocket']);
  });

  it('one after another: each opens only after the one before has closed; one the server does not offer is reported, never opened', async () => {
    const { bench } = setUp({ welcome: welcome({ available: false, reason: 'sockets-only mode' }) });
    const report = await runFor(bench.run({ mode: 'sequential', durationS: 2, settleS: 0, transports: ['webrtc', 'websocket', 'mqtt'] }), 20_000);
    expect(events).toEqual([
      '0 open webrtc',
      '800 measure webrtc',
      '2800 close webrtc',
      '2800 open websocket',
      '3100 measure websocket',
      '5100 close websocket',
    ]);
    expect(report.transports.map((t) => [t.transport, t.outcome, t.message])).toEqual([
      ['webrtc', 'measured', ''],
      ['websocket', 'measured', ''],
      ['mqtt', 'unavailable', 'sockets-only mode'],
    ]);
    expect(bench.lanes.value.mqtt).toMatchObject({ stage: 'unavailable', probe: null });
  });

  it('reports a transport that shows no frame within 20 s as failed, with why, and measures the others', async () => {
    const { bench } = setUp({ firstFrameMs: { mqtt: null } });
    const report = await runFor(bench.run({ mode: 'simultaneous', durationS: 2, settleS: 0, transports: ['webrtc', 'mqtt'] }), 30_000);
    expect(report.transports.map((t) => [t.transport, t.outcome, t.message])).toEqual([
      ['webrtc', 'measured', ''],
      ['mqtt', 'failed', 'Waiting for the drone camera…'],
    ]);
    expect(events).toContain('20000 close mqtt');
    expect(bench.lanes.value.mqtt).toMatchObject({ stage: 'failed', message: 'Waiting for the drone camera…', probe: null });
  });

  it('stop() ends the run at once: what was measured is kept, the transports still to come are skipped', async () => {
    const { bench } = setUp();
    const running = bench.run({ mode: 'sequential', durationS: 10, settleS: 0, transports: ['webrtc', 'websocket', 'mqtt'] });
    await vi.advanceTimersByTimeAsync(3_800);
    bench.stop();
    const report = await runFor(running, 100);
    expect(report.transports.map((t) => [t.transport, t.outcome, t.message, t.measuredS])).toEqual([
      ['webrtc', 'measured', 'stopped early', 3],
      ['websocket', 'skipped', 'stopped before its turn', 0],
      ['mqtt', 'skipped', 'stopped before its turn', 0],
    ]);
    expect(events).toEqual(['0 open webrtc', '800 measure webrtc', '3800 close webrtc']);
    expect(bench.state.value).toMatchObject({ phase: 'done', message: expect.stringMatching(/Stopped early/) });
  });

  it('notes a quality change during the run: its numbers mix two settings', async () => {
    const { bench, announced } = setUp();
    const running = bench.run({ mode: 'simultaneous', durationS: 3, settleS: 0, transports: ['websocket'] });
    await vi.advanceTimersByTimeAsync(1_500);
    announced.set({ ...quality, fps: 15 });
    const report = await runFor(running, 5_000);
    expect(report).toMatchObject({ quality, qualityChanged: true });
  });

  it('runs one at a time, and only when connected', async () => {
    const { bench } = setUp();
    const first = bench.run({ mode: 'simultaneous', durationS: 1, settleS: 0, transports: ['websocket'] });
    await expect(bench.run({ mode: 'simultaneous', durationS: 1, settleS: 0, transports: ['webrtc'] })).rejects.toThrow(/already going/);
    await runFor(first, 5_000);
    const offline = setUp({ welcome: null });
    await expect(offline.bench.run({ mode: 'simultaneous', durationS: 1, settleS: 0, transports: ['webrtc'] })).rejects.toThrow(/Not connected/);
    expect(offline.bench.state.value.phase).toBe('connecting');
  });
});
