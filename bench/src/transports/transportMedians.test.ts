import { describe, expect, it } from 'vitest';
import { measured, report } from '../testing/fixtures.ts';
import { median } from './median.ts';
import { medianTimelines, transportMedians } from './transportMedians.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, ignoring nulls', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 7, undefined, Number.NaN])).toBe(7);
    expect(median([])).toBeNull();
  });
});

describe('transportMedians', () => {
  it('takes each number’s median over the runs, per transport, with the spread of latency and fps', () => {
    const runs = [
      report([measured('webrtc', 60, 30), measured('websocket', 90, 20)]),
      report([measured('webrtc', 80, 28), measured('websocket', 70, 24)]),
      report([measured('webrtc', 70, 29), measured('websocket', 400, 5)]),
    ];
    const [webrtc, websocket] = transportMedians(runs);
    expect(webrtc).toMatchObject({ transport: 'webrtc', runs: 3, runsMeasured: 3, latencyMs: { p50: 70, p95: 140, p99: 210 }, deliveredFps: 29 });
    expect(webrtc?.latencyP50RangeMs).toEqual([60, 80]);
    // One bad run moves the median far less than it would move a mean.
    expect(websocket).toMatchObject({ latencyMs: { p50: 90 }, deliveredFps: 20, framesDelivered: 200 });
    expect(websocket?.deliveredFpsRange).toEqual([5, 24]);
  });

  it('leaves out runs that did not measure a transport, and says why', () => {
    const failed = { ...measured('mqtt', 0, 0), outcome: 'failed' as const, message: 'no frame within 20 s' };
    const [mqtt] = transportMedians([report([measured('mqtt', 100, 25)]), report([failed])]);
    expect(mqtt).toMatchObject({ runs: 2, runsMeasured: 1, notMeasured: 'no frame within 20 s', latencyMs: { p50: 100 } });
    const [never] = transportMedians([report([failed])]);
    expect(never).toMatchObject({ runsMeasured: 0, latencyMs: { p50: null }, deliveredFps: null, latencyP50RangeMs: null });
  });
});

describe('medianTimelines', () => {
  it('gives each second the median of the runs, as long as the longest run', () => {
    const timelines = medianTimelines([
      report([measured('webrtc', 0, 0, [[30, 60], [30, 70]])]),
      report([measured('webrtc', 0, 0, [[20, 80], [28, 90], [29, 100]])]),
      report([measured('webrtc', 0, 0, [[25, 50]])]),
    ]);
    expect(timelines.webrtc?.map((p) => [p.t, p.fps, p.latencyMs])).toEqual([
      [1, 25, 60],
      [2, 29, 80],
      [3, 29, 100],
    ]);
    expect(timelines.mqtt).toBeUndefined();
  });
});
