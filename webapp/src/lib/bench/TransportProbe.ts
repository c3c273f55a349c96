import type { BenchTimelinePoint, VideoTransport } from '@dronecast/protocol';
import type { Session } from '../session/Session.ts';
import { FrameMeter } from '../video/FrameMeter.ts';
import { LiveVideo } from '../video/LiveVideo.ts';
import { CounterDelta } from './CounterDelta.ts';
import { FirstFrameStatistics } from './FirstFrameStatistics.ts';
import { timelinePoint } from './timelinePoint.ts';
import type { MeasuredTransport } from './TransportBenchTypes.ts';
import { summarizeTransport, type TransportSummary } from './transportSummary.ts';

interface MeasuringWindow {
  startedAt: number;
  sourceFps: number;
  lastTickAt: number;
  latencyIndex: number;
  intervalIndex: number;
  framesAtTick: number;
  bytesAtTick: number;
  timeline: BenchTimelinePoint[];
}

/**
 * One transport under measurement: the drone video over it (the phone page's own LiveVideo, so it
 * is measured exactly as people watch it), its own FrameStatistics, and the counters the results
 * need (bytes, main-thread time). begin() opens the measuring window, tick() closes one second
 * of the live charts, finish() summarizes the window.
 */
export class TransportProbe implements MeasuredTransport {
  readonly transport: VideoTransport;
  readonly statistics = new FirstFrameStatistics();
  readonly video: LiveVideo;
  /** Measures the WebRTC <video> (give it to the VideoView); the JPEG players measure themselves. */
  readonly meter: FrameMeter | undefined;
  readonly #openedAt = performance.now();
  readonly #bytes = new CounterDelta();
  readonly #mainThread = new CounterDelta();
  readonly #received = new CounterDelta();
  #window: MeasuringWindow | null = null;

  constructor(session: Session, transport: VideoTransport) {
    this.transport = transport;
    this.video = new LiveVideo(session, this.statistics, transport);
    this.meter = transport === 'webrtc' ? new FrameMeter(() => session.serverNow(), this.statistics) : undefined;
  }

  /** From opening to the first frame on screen, ms; null before it. */
  get startupMs(): number | null {
    const first = this.statistics.firstPresentedAt;
    return first === null ? null : Math.max(0, first - this.#openedAt);
  }

  get problem(): string {
    return this.video.status.value.message;
  }

  /** Starts the measuring window: every count from zero. */
  begin(sourceFps: number, now = performance.now()): void {
    // Reset first, then read: the decoded-frame count drops to 0 here, and a read after the
    // reset takes that as the new start rather than mistaking later growth for a restart.
    this.statistics.reset();
    this.#readCounters();
    this.#bytes.restartCount();
    this.#mainThread.restartCount();
    this.#received.restartCount();
    this.#window = { startedAt: now, sourceFps, lastTickAt: now, latencyIndex: 0, intervalIndex: 0, framesAtTick: 0, bytesAtTick: 0, timeline: [] };
  }

  /** Seconds measured so far. */
  elapsedS(now = performance.now()): number {
    return this.#window ? (now - this.#window.startedAt) / 1000 : 0;
  }

  get timeline(): readonly BenchTimelinePoint[] {
    return this.#window?.timeline ?? [];
  }

  /** Closes one tick of the charts (about a second) and returns its point. */
  tick(now = performance.now()): BenchTimelinePoint | null {
    const w = this.#window;
    if (!w) return null;
    this.#readCounters();
    const samples = this.statistics.samples();
    const frames = this.statistics.stats().framesPresented;
    const point = timelinePoint({
      t: (now - w.startedAt) / 1000,
      seconds: (now - w.lastTickAt) / 1000,
      frames: frames - w.framesAtTick,
      latenciesMs: samples.latencyMs.slice(w.latencyIndex),
      intervalsMs: samples.frameIntervalMs.slice(w.intervalIndex),
      bytes: this.#bytes.total - w.bytesAtTick,
      sourceFps: w.sourceFps,
    });
    Object.assign(w, {
      lastTickAt: now,
      latencyIndex: samples.latencyMs.length,
      intervalIndex: samples.frameIntervalMs.length,
      framesAtTick: frames,
      bytesAtTick: this.#bytes.total,
    });
    w.timeline.push(point);
    return point;
  }

  /** The window's numbers (call after the last tick). */
  summarize(now = performance.now()): TransportSummary {
    this.#readCounters();
    const stats = this.statistics.stats();
    const samples = this.statistics.samples();
    return summarizeTransport({
      measuredS: this.elapsedS(now),
      sourceFps: this.#window?.sourceFps ?? 0,
      startupMs: this.startupMs,
      latenciesMs: samples.latencyMs,
      intervalsMs: samples.frameIntervalMs,
      framesPresented: stats.framesPresented,
      framesReceived: this.#received.total,
      framesMissing: stats.framesMissing,
      bytes: this.#bytes.total,
      mainThreadMs: this.#mainThread.total,
      width: stats.width,
      height: stats.height,
    });
  }

  close(): void {
    this.meter?.detach();
    this.video.close();
  }

  /** Bytes, frames and main-thread time restart with each new consumer or player: follow them through it. */
  #readCounters(): void {
    const output = this.video.status.value.output;
    this.#bytes.update(this.video.bytesReceived, output);
    if (this.meter) {
      this.#mainThread.update(this.meter.mainThreadMs, this.meter);
      // The <video> decodes every frame WebRTC brings (reset() zeroes this count: CounterDelta sees a restart).
      this.#received.update(this.statistics.stats().framesDecoded, this.statistics);
    } else if (output?.kind === 'frames') {
      this.#mainThread.update(output.player.mainThreadMs, output.player);
      this.#received.update(output.player.framesReceived, output.player);
    }
  }
}
