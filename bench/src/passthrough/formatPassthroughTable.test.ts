import { describe, expect, it } from 'vitest';
import { formatPassthroughTable } from './formatPassthroughTable.ts';
import { passthroughResultsSchema, type PassthroughResults } from './passthroughResultsSchema.ts';
import { failedRun, results } from './testing/fixtures.ts';

describe('the passthrough bench\'s table', () => {
  const lines = formatPassthroughTable(results()).split('\n');

  it('says what was measured and the load, then one aligned line per run', () => {
    expect(lines[0]).toContain('20 s per run after 5 s of warm-up');
    expect(lines[1]).toContain('load average 1.5 1.2 1 at the start, 2 1.6 1.1 at the end');
    expect(lines[2]).toMatch(/^ {2}format\s+path\s+delay\s+codec\s+ground%\s+sfu%/);
    expect(lines[3]).toMatch(/640x480@30\s+passthrough\s+0 ms\s+H264\s+12\s+5\s+15\s+14\s+34\s+54\s+30\s+0\s+1200\s+3\.0\s+640x480\s+1\.50$/);
    expect(lines[4]).toMatch(/640x480@30\s+passthrough \(RTSP\)\s+0 ms\s+H264\s+9\s+5\s+15\s+30\s+50\s+70\s/);
    expect(lines[5]).toMatch(/640x480@30\s+passthrough\s+off\s+H264/);
    expect(lines[10]).toMatch(/1280x720@60\s+transcode\s+-\s+-\s+-/);
    // The last column is right-aligned: aligned rows all end at the same place.
    expect(new Set(lines.slice(2, 11).map((l) => l.length)).size).toBe(1);
  });

  it('gives the CPU ratio per format and source against the goal, the playout delay before and after, and each failure', () => {
    expect(lines).toContain('  640x480@30: 12% / 33% = 0.36 (misses 1/3); latency p50 -236 ms, p95 -236 ms (lower)');
    expect(lines).toContain('  640x480@30 (RTSP): 9% / 33% = 0.27 (meets 1/3); latency p50 -220 ms, p95 -220 ms (lower)');
    expect(lines).toContain('  1280x720@30: 14% / 70% = 0.20 (meets 1/3); latency p50 -242 ms, p95 -242 ms (lower)');
    expect(lines).toContain('  1280x720@60: not compared (a path did not play)');
    expect(lines).toContain('  640x480@30: p50 20 -> 14 ms, p95 40 -> 34 ms');
    expect(lines).toContain('FAILED 1280x720@60 transcode: the phone page did not play within 60 s');
  });

  it('says which run failed, RTSP included', () => {
    const failed = results();
    failed.runs[1] = failedRun(failed.runs[1]!.spec, 'the phone page did not play within 60 s');
    expect(formatPassthroughTable(failed).split('\n')).toContain('FAILED 640x480@30 passthrough (RTSP): the phone page did not play within 60 s');
  });

  it('writes results that its schema reads back, and still reads those written before the RTSP source', () => {
    const written = JSON.parse(JSON.stringify(results())) as PassthroughResults;
    expect(passthroughResultsSchema.parse(written)).toEqual(results());
    expect(passthroughResultsSchema.safeParse({ ...results(), runs: [{ spec: {} }] }).success).toBe(false);
    // Before: no source anywhere; the runs and comparisons were all over UDP.
    const before = { ...written, runs: written.runs.map(({ spec: { source: _, ...spec }, ...run }) => ({ ...run, spec })), comparisons: written.comparisons.map(({ source: _, ...c }) => c) };
    const read = passthroughResultsSchema.parse(before);
    expect(read.runs.every((r) => r.spec.source === 'rtp') && read.comparisons.every((c) => c.source === 'rtp')).toBe(true);
    // No transcode run over RTSP: the agent passes an H.264 RTSP camera through.
    const transcodeOverRtsp = { ...written, runs: written.runs.map((r) => (r.spec.path === 'transcode' ? { ...r, spec: { ...r.spec, source: 'rtsp' } } : r)) };
    expect(passthroughResultsSchema.safeParse(transcodeOverRtsp).success).toBe(false);
  });
});
