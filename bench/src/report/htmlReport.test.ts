import { describe, expect, it } from 'vitest';
import { comparison, measured, report, results } from '../testing/fixtures.ts';
import { benchResultsSchema } from '../resultsSchema.ts';
import { renderHtmlReport } from './htmlReport.ts';

const assets = { uplotJs: 'var uPlot = function () {}; "</script>";', uplotCss: '.uplot { display: block }' };

function sample() {
  return results([
    comparison([report([measured('webrtc', 60, 30, [[30, 60], [29, 65]]), measured('websocket', 90, 22, [[22, 90], [21, 95]])])]),
    comparison([report([measured('webrtc', 55, 30), measured('mqtt', 120, 18)], 'sequential')]),
  ]);
}

describe('the results file', () => {
  it('matches its schema, and a results file without the transport comparison does not', () => {
    expect(benchResultsSchema.safeParse(sample()).success).toBe(true);
    const { transports: _left, ...older } = sample();
    expect(benchResultsSchema.safeParse(older).success).toBe(false);
  });
});

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(sample(), assets);

  it('is self-contained: uPlot inlined, nothing loaded from anywhere', () => {
    expect(html).toContain('.uplot { display: block }');
    expect(html).toContain('var uPlot = function () {};');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import/);
  });

  it('cannot be broken out of by text it embeds', () => {
    // The inlined library's "</script>" must not end its element; the CPU name is escaped.
    expect(html).not.toContain('"</script>"');
    expect(html).toContain('Test CPU &#60;3GHz&#62;');
    expect(html).toContain('Stamps &#60;on&#62; the frames.');
  });

  it('has a table per mode and four charts each, with the median timelines as data', () => {
    expect(html).toContain('loopback: all three at the same time');
    expect(html).toContain('loopback: one after another');
    const data = /<script type="application\/json" id="chart-data">(.*?)<\/script>/s.exec(html)?.[1];
    const charts = JSON.parse(data ?? '[]') as { id: string; x: number[]; series: { name: string; values: (number | null)[] }[] }[];
    expect(charts.map((c) => c.id)).toEqual([
      'chart-0-fps',
      'chart-0-latencyMs',
      'chart-0-jitterMs',
      'chart-0-kbps',
      'chart-1-fps',
      'chart-1-latencyMs',
      'chart-1-jitterMs',
      'chart-1-kbps',
    ]);
    for (const chart of charts) expect(html).toContain(`id="${chart.id}"`);
    const latency = charts[1];
    expect(latency?.x).toEqual([1, 2]);
    expect(latency?.series.map((s) => [s.name, s.values])).toEqual([
      ['WebRTC', [60, 65]],
      ['Websocket', [90, 95]],
    ]);
  });
});

describe('renderHtmlReport with the fan-out bench', () => {
  it('reports the consumers carried and per worker core, with why it stopped; a run without it says nothing', () => {
    const withFanout = renderHtmlReport(sample(), assets);
    expect(withFanout).toContain('consumers within 1% loss');
    expect(withFanout).toContain('50 / 526 (receivers lost 1.6% of packets at 100 consumers)');
    const without = renderHtmlReport({ ...sample(), fanout: null }, assets);
    expect(without).not.toContain('SFU fan-out');
  });
});
