import { describe, expect, it } from 'vitest';
import { testTransportResult } from '../../lib/bench/testReport.ts';
import { resultRows } from './resultRows.ts';

const cell = (key: string, result = testTransportResult()): string | undefined => resultRows.find((r) => r.key === key)?.value(result);

describe('resultRows', () => {
  it('reads a measured transport in the units its label names', () => {
    expect(cell('latency-p99')).toBe('120');
    expect(cell('frames')).toBe('296 / 300');
    expect(cell('fps')).toBe('29.6');
    expect(cell('cpu-per-frame')).toBe('0.42');
    expect(cell('bytes-per-frame')).toBe('3,378');
    expect(cell('size')).toBe('640×480');
  });

  it('shows a dash for what an unmeasured transport has not got, and why it was not measured', () => {
    const unavailable = testTransportResult({
      outcome: 'unavailable',
      message: 'sockets-only mode',
      latencyMs: { p50: null, p95: null, p99: null, mean: null, samples: 0 },
      width: 0,
      height: 0,
      mainThreadMsPerFrame: null,
    });
    expect(cell('outcome', unavailable)).toBe('not offered (sockets-only mode)');
    expect(cell('latency-p50', unavailable)).toBe('–');
    expect(cell('cpu-per-frame', unavailable)).toBe('–');
    expect(cell('size', unavailable)).toBe('–');
  });
});
