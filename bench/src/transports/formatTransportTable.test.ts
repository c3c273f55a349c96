import { describe, expect, it } from 'vitest';
import { comparison, measured, report } from '../testing/fixtures.ts';
import { formatTransportTable } from './formatTransportTable.ts';

describe('formatTransportTable', () => {
  it('prints one line per transport under a header naming the mode, runs and settings', () => {
    const unavailable = { ...measured('mqtt', 0, 0), outcome: 'unavailable' as const, message: 'sockets-only mode' };
    const text = formatTransportTable([comparison([report([measured('webrtc', 62.5, 29.6), measured('websocket', 95, 21), unavailable])])]);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'Transports on loopback, all three at the same time: median of 1 runs of 10 s (640x480@30, JPEG 60, WebRTC <= 1500 kbit/s); latency in ms',
    );
    expect(lines[1]).toMatch(/^ {2}transport +latency p50 +p95 +p99 +frames +fps +jitter p95 +stalls +kbit\/s +B\/frame +CPU\/frame +1st frame$/);
    expect(lines[2]).toMatch(/^ {2}WebRTC +63 +125 +188 +296\/300 +29\.6 +10 +1 +800 +4000 +0\.50 ms +500$/);
    expect(lines[3]).toMatch(/^ {2}websocket +95 /);
    expect(lines[4]).toBe('  MQTT      not measured: sockets-only mode');
    expect(lines[5]).toBe('  SFU + workers 12% of a core, ground agent 40% (each run)');
  });
});
