import type { VideoTransport } from '@dronecast/protocol';
import type { TransportComparison, TransportMedian } from '../resultsSchema.ts';

const names: Record<VideoTransport, string> = { webrtc: 'WebRTC', websocket: 'websocket', mqtt: 'MQTT' };
const modeWords = { simultaneous: 'all three at the same time', sequential: 'one after another' } as const;

/** [header, width, cell]: right-aligned columns, so numbers line up. */
const columns: [string, number, (m: TransportMedian) => string][] = [
  ['latency p50', 11, (m) => ms(m.latencyMs.p50)],
  ['p95', 7, (m) => ms(m.latencyMs.p95)],
  ['p99', 7, (m) => ms(m.latencyMs.p99)],
  ['frames', 10, (m) => (m.framesDelivered === null ? '–' : `${m.framesDelivered}/${m.framesExpected ?? '–'}`)],
  ['fps', 6, (m) => num(m.deliveredFps, 1)],
  ['jitter p95', 10, (m) => ms(m.jitterP95Ms)],
  ['stalls', 6, (m) => num(m.stallsOver200Ms, 0)],
  ['kbit/s', 7, (m) => num(m.kbps, 0)],
  ['B/frame', 8, (m) => num(m.bytesPerFrame, 0)],
  ['CPU/frame', 10, (m) => (m.mainThreadMsPerFrame === null ? '–' : `${m.mainThreadMsPerFrame.toFixed(2)} ms`)],
  ['1st frame', 9, (m) => ms(m.startupMs, 0)],
];

function num(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

function ms(value: number | null, digits = 0): string {
  return value === null ? '–' : `${value.toFixed(digits)}`;
}

/** The transport comparison as a text table per mode (medians over the runs), for the terminal. */
export function formatTransportTable(comparisons: readonly TransportComparison[]): string {
  const lines: string[] = [];
  for (const c of comparisons) {
    const q = c.quality;
    const settings = q ? `${q.resolution}@${q.fps}, JPEG ${q.jpegQuality}, WebRTC <= ${q.maxBitrateKbps} kbit/s` : 'settings unknown';
    lines.push(`Transports on ${c.network.name}, ${modeWords[c.mode]}: median of ${c.runs.length} runs of ${c.durationS} s (${settings}); latency in ms`);
    lines.push(`  ${'transport'.padEnd(10)}${columns.map(([header, width]) => header.padStart(width)).join(' ')}`);
    for (const m of c.median) {
      const row = m.runsMeasured === 0 ? `not measured: ${m.notMeasured ?? 'no run measured it'}` : columns.map(([, width, cell]) => cell(m).padStart(width)).join(' ');
      lines.push(`  ${names[m.transport].padEnd(10)}${row}`);
    }
    const sfu = c.processes.map((p) => p.sfuWithWorkers.cpuPercentOfOneCore);
    const ground = c.processes.map((p) => p.groundAgent.cpuPercentOfOneCore);
    if (sfu.length > 0) lines.push(`  SFU + workers ${sfu.join('/')}% of a core, ground agent ${ground.join('/')}% (each run)`);
  }
  return lines.join('\n');
}
