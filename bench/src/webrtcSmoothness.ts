import type { Page } from 'playwright-core';
import type { DronecastStats, MediaProtocol } from '@dronecast/protocol';
import { percentile, round } from '@dronecast/protocol';

export interface SmoothnessResult {
  transport: 'webrtc';
  durationS: number;
  sourceFps: number;
  latencyMs: { p50: number; p95: number; p99: number; samples: number };
  deliveredFps: number;
  frameIntervalJitterP95Ms: number;
  stallsOver200Ms: number;
  kbps: number | null;
  framesMissing: number;
  width: number;
  height: number;
  /** What the media arrived over at the end (a phone on a LAN: UDP). */
  mediaProtocol: MediaProtocol | null;
}

/** Measures what the phone page (already playing) sees over `durationS` seconds. */
export async function measureWebRtcSmoothness(page: Page, durationS: number, sourceFps: number): Promise<SmoothnessResult> {
  const stats = (): Promise<DronecastStats> => page.evaluate(() => window.__dronecast!.stats());
  await page.evaluate(() => window.__dronecast!.reset());
  const before = await stats();
  const startedAt = Date.now();
  await page.waitForTimeout(durationS * 1000);
  const elapsedS = (Date.now() - startedAt) / 1000;
  const after = await stats();
  const samples = await page.evaluate(() => window.__dronecast!.samples());

  const nominal = 1000 / sourceFps;
  // A consumer rebuilt during the window restarts its byte count: no bitrate then.
  const bytes = after.bytesReceived - before.bytesReceived;
  return {
    transport: 'webrtc',
    durationS: round(elapsedS, 2),
    sourceFps,
    latencyMs: {
      p50: round(percentile(samples.latencyMs, 50) ?? Number.NaN),
      p95: round(percentile(samples.latencyMs, 95) ?? Number.NaN),
      p99: round(percentile(samples.latencyMs, 99) ?? Number.NaN),
      samples: samples.latencyMs.length,
    },
    deliveredFps: round(after.framesPresented / elapsedS, 2),
    frameIntervalJitterP95Ms: round(percentile(samples.frameIntervalMs.map((i) => Math.abs(i - nominal)), 95) ?? Number.NaN),
    stallsOver200Ms: samples.frameIntervalMs.filter((i) => i > 200).length,
    kbps: bytes >= 0 ? round((bytes * 8) / 1000 / elapsedS) : null,
    framesMissing: after.framesMissing,
    width: after.width,
    height: after.height,
    mediaProtocol: after.mediaProtocol,
  };
}
