import { describe, expect, it } from 'vitest';
import type { BenchTimelinePoint } from '@dronecast/protocol';
import { chartColumns } from './chartData.ts';

const point = (t: number, fps: number, latencyMs: number | null = 50): BenchTimelinePoint => ({ t, fps, latencyMs, jitterMs: 2, kbps: 800 });

describe('chartColumns', () => {
  it('puts the transports on one x axis of seconds, null where one has no point', () => {
    const columns = chartColumns(
      { webrtc: [point(1, 30), point(2, 29), point(3.004, 30)], websocket: [point(1.001, 24), point(2, 25)] },
      ['webrtc', 'websocket', 'mqtt'],
      'fps',
    );
    expect(columns).toEqual([
      [1, 2, 3],
      [30, 29, 30],
      [24, 25, null],
      [null, null, null],
    ]);
  });

  it('keeps a second without a latency reading as a gap', () => {
    expect(chartColumns({ mqtt: [point(1, 3, null), point(2, 30, 80)] }, ['mqtt'], 'latencyMs')).toEqual([
      [1, 2],
      [null, 80],
    ]);
  });
});
