import { describe, expect, it } from 'vitest';
import { reportCsv, reportCsvColumns } from './reportCsv.ts';
import { testReport, testTransportResult } from './testReport.ts';

/** Splits RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cellText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cellText += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cellText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cellText);
      cellText = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cellText);
      rows.push(row);
      row = [];
      cellText = '';
      i++;
    } else cellText += c;
  }
  return rows;
}

describe('reportCsv', () => {
  it('writes a header and one row per transport, each with every column', () => {
    const report = testReport([
      testTransportResult(),
      testTransportResult({ transport: 'websocket', latencyMs: { p50: 80, p95: 140, p99: 200, mean: 90, samples: 250 } }),
      testTransportResult({ transport: 'mqtt', outcome: 'unavailable', message: 'no broker', latencyMs: { p50: null, p95: null, p99: null, mean: null, samples: 0 } }),
    ]);
    const rows = parseCsv(reportCsv(report));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual([...reportCsvColumns]);
    for (const row of rows) expect(row).toHaveLength(reportCsvColumns.length);
    const at = (row: number, column: string): string | undefined => rows[row]?.[reportCsvColumns.indexOf(column)];
    expect([at(1, 'transport'), at(2, 'transport'), at(3, 'transport')]).toEqual(['webrtc', 'websocket', 'mqtt']);
    expect(at(2, 'latency_p95_ms')).toBe('140');
    expect(at(1, 'resolution')).toBe('640x480');
    // Unknown numbers are empty cells, not "null".
    expect(at(3, 'latency_p50_ms')).toBe('');
    expect(at(3, 'message')).toBe('no broker');
  });

  it('quotes cells with commas, quotes and line breaks so they survive a round trip', () => {
    const message = 'refused: "bad token",\nretrying';
    const rows = parseCsv(reportCsv(testReport([testTransportResult({ outcome: 'failed', message })])));
    expect(rows[1]?.[reportCsvColumns.indexOf('message')]).toBe(message);
  });
});
