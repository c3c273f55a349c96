import type { VideoTransport } from '@dronecast/protocol';
import type { BenchResults, TransportComparison, TransportMedian } from '../resultsSchema.ts';
import { medianTimelines } from '../transports/transportMedians.ts';
import type { ReportAssets } from './uplotAssets.ts';

/** As on the /bench page: a colour that reads on white and a dash so lines differ without colour. */
const transportLook: Record<VideoTransport, { name: string; color: string; dash: number[] }> = {
  webrtc: { name: 'WebRTC', color: '#0550ae', dash: [] },
  websocket: { name: 'Websocket', color: '#bc4c00', dash: [8, 4] },
  mqtt: { name: 'MQTT', color: '#8250df', dash: [2, 3] },
};

const metrics = [
  { key: 'fps', title: 'Received frame rate', unit: 'fps' },
  { key: 'latencyMs', title: 'Glass-to-glass latency (median each second)', unit: 'ms' },
  { key: 'jitterMs', title: 'Frame-interval jitter (p95 each second)', unit: 'ms' },
  { key: 'kbps', title: 'Bandwidth', unit: 'kbit/s' },
] as const;

const modeWords = { simultaneous: 'all three at the same time', sequential: 'one after another' } as const;

const medianRows: [string, (m: TransportMedian) => string][] = [
  ['Runs measured', (m) => `${m.runsMeasured} of ${m.runs}`],
  ['Latency p50 (ms)', (m) => num(m.latencyMs.p50)],
  ['Latency p95 (ms)', (m) => num(m.latencyMs.p95)],
  ['Latency p99 (ms)', (m) => num(m.latencyMs.p99)],
  ['Latency p50, lowest–highest run', (m) => (m.latencyP50RangeMs ? `${num(m.latencyP50RangeMs[0])}–${num(m.latencyP50RangeMs[1])}` : '–')],
  ['Frames delivered / expected', (m) => `${num(m.framesDelivered)} / ${num(m.framesExpected)}`],
  ['Frames received (shown or not)', (m) => num(m.framesReceived)],
  ['Delivered fps', (m) => num(m.deliveredFps, 1)],
  ['Frame-interval jitter p95 (ms)', (m) => num(m.jitterP95Ms, 1)],
  ['Stalls over 200 ms', (m) => num(m.stallsOver200Ms)],
  ['Bandwidth (kbit/s)', (m) => num(m.kbps)],
  ['Bytes per frame received', (m) => num(m.bytesPerFrame)],
  ['Main-thread CPU per frame (ms)', (m) => num(m.mainThreadMsPerFrame, 2)],
  ['First frame after (ms)', (m) => num(m.startupMs)],
];

function num(value: number | null, digits = 0): string {
  return value === null ? '–' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text inside a <script> element must not close it early. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  x: number[];
  series: { name: string; color: string; dash: number[]; values: (number | null)[] }[];
}

function chartsOf(comparison: TransportComparison, index: number): ChartSpec[] {
  const timelines = medianTimelines(comparison.runs);
  const transports = comparison.median.map((m) => m.transport).filter((t) => timelines[t]);
  const length = Math.max(0, ...transports.map((t) => timelines[t]?.length ?? 0));
  const x = Array.from({ length }, (_, i) => i + 1);
  return metrics.map((metric) => ({
    id: `chart-${index}-${metric.key}`,
    title: metric.title,
    unit: metric.unit,
    x,
    series: transports.map((t) => ({ ...transportLook[t], values: x.map((_, i) => timelines[t]?.[i]?.[metric.key] ?? null) })),
  }));
}

function comparisonSection(comparison: TransportComparison, charts: ChartSpec[]): string {
  const q = comparison.quality;
  const settings = q
    ? `${q.resolution.replace('x', '×')} at ${q.fps} fps, JPEG quality ${q.jpegQuality}, WebRTC up to ${q.maxBitrateKbps} kbit/s`
    : 'source settings unknown';
  const head = comparison.median.map((m) => `<th scope="col" style="color:${transportLook[m.transport].color}">${transportLook[m.transport].name}</th>`).join('');
  const rows = medianRows
    .map(([label, cell]) => `<tr><th scope="row">${escapeHtml(label)}</th>${comparison.median.map((m) => `<td>${escapeHtml(cell(m))}</td>`).join('')}</tr>`)
    .join('\n');
  const cpu = comparison.processes
    .map((p, i) => `run ${i + 1}: SFU + workers ${p.sfuWithWorkers.cpuPercentOfOneCore}%, ground agent ${p.groundAgent.cpuPercentOfOneCore}%`)
    .join('; ');
  return `<section>
<h2>${escapeHtml(comparison.network.name)}: ${modeWords[comparison.mode]}</h2>
<p class="note">${escapeHtml(comparison.network.description)}. Median of ${comparison.runs.length} runs of ${comparison.durationS} s per transport
(after ${comparison.settleS} s settling, and a ${comparison.warmupS} s warm-up run not counted); ${escapeHtml(settings)}.</p>
<div class="scroll"><table><thead><tr><th scope="col">Measure</th>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>
<p class="note">CPU of one core while each run ran: ${escapeHtml(cpu || 'not measured')}.</p>
<div class="charts">${charts.map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption><div id="${c.id}" class="chart"></div></figure>`).join('')}</div>
</section>`;
}

function otherBenches(results: BenchResults): string {
  const w = results.webrtc;
  const c = results.control;
  const p = results.pose;
  const row = (label: string, value: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  return `<section>
<h2>The phone page on WebRTC, control and pose</h2>
<div class="scroll"><table><tbody>
${row(`Phone page, WebRTC ${w.durationS} s: latency p50 / p95 / p99`, `${num(w.latencyMs.p50)} / ${num(w.latencyMs.p95)} / ${num(w.latencyMs.p99)} ms`)}
${row('Phone page: delivered fps, jitter p95, stalls', `${num(w.deliveredFps, 1)} fps, ${num(w.frameIntervalJitterP95Ms, 1)} ms, ${w.stallsOver200Ms}`)}
${row('SFU + workers / ground agent during it', `${results.processes.sfuWithWorkers.cpuPercentOfOneCore}% / ${results.processes.groundAgent.cpuPercentOfOneCore}% of a core`)}
${row(`Control: go → MAVLink setpoint (${c.commands} commands) p50 / p95 / max`, `${num(c.goToSetpointMs.p50, 2)} / ${num(c.goToSetpointMs.p95, 2)} / ${num(c.goToSetpointMs.max, 2)} ms`)}
${results.fanout ? row(`SFU fan-out, one ${results.fanout.options.sourceKbps} kbit/s producer: consumers within ${results.fanout.options.maxLossPercent}% loss / per worker core`, `${results.fanout.maxConsumers} / ${results.fanout.consumersPerWorkerCore} (${results.fanout.stoppedBecause})`) : ''}
${row('Control: heading → COMMAND_LONG p50 / p95 / max', `${num(c.headingToCommandLongMs.p50, 2)} / ${num(c.headingToCommandLongMs.p95, 2)} / ${num(c.headingToCommandLongMs.max, 2)} ms`)}
${row(`Pose pipeline ${p.width}×${p.height}: added latency p50 / p95`, `${num(p.addedMs.p50, 1)} / ${num(p.addedMs.p95, 1)} ms, ${num(p.fps, 1)} fps back to back`)}
</tbody></table></div>
</section>`;
}

/**
 * The bench results as one HTML file that opens anywhere, offline: uPlot's script and style are
 * inlined, the chart data is embedded as JSON, nothing is fetched.
 */
export function renderHtmlReport(results: BenchResults, assets: ReportAssets): string {
  const m = results.machine;
  const charts = results.transports.map((comparison, i) => chartsOf(comparison, i));
  const data = JSON.stringify(charts.flat()).replace(/</g, '\\u003c');
  const method = results.transports[0]?.runs[0];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dronecast bench ${escapeHtml(results.date)}</title>
<style>${assets.uplotCss}</style>
<style>
body { margin: 0 auto; max-width: 1200px; padding: 1rem; font-family: system-ui, sans-serif; color: #1f2328; background: #fff; line-height: 1.4; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.note { color: #59636e; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 0.35rem 0.6rem; border-bottom: 1px solid #d0d7de; text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; font-weight: 500; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); gap: 0.75rem; margin-top: 1rem; }
figure { margin: 0; padding: 0.5rem; border: 1px solid #d0d7de; border-radius: 8px; min-width: 0; }
figcaption { font-weight: 600; }
</style>
</head>
<body>
<h1>dronecast bench</h1>
<p class="note">${escapeHtml(results.date)} · ${escapeHtml(m.cpuModel)}, ${m.cores} cores, ${num(m.memoryMb)} MB · ${escapeHtml(m.os)} ·
Node ${escapeHtml(m.node)} · Chromium ${escapeHtml(m.chromium)} · load average at the start ${m.loadAverage.join(', ')} ·
camera ${escapeHtml(results.settings.camera)}, MQTT ${results.settings.mqtt}</p>
${method ? `<p>${escapeHtml(method.method)}</p><p class="note"><strong>CPU per frame:</strong> ${escapeHtml(method.cpuMeasure)}</p>` : ''}
${results.transports.map((comparison, i) => comparisonSection(comparison, charts[i] ?? [])).join('\n')}
${otherBenches(results)}
<script type="application/json" id="chart-data">${data}</script>
<script>${scriptSafe(assets.uplotJs)}</script>
<script>
for (const c of JSON.parse(document.getElementById('chart-data').textContent)) {
  const element = document.getElementById(c.id);
  const width = () => Math.max(240, element.clientWidth);
  const chart = new uPlot({
    width: width(), height: 220, scales: { x: { time: false } },
    axes: [{ label: 'seconds measured' }, { label: c.unit, size: 56 }],
    series: [{ label: 'second' }, ...c.series.map((s) => ({ label: s.name, stroke: s.color, dash: s.dash, width: 2, points: { show: false } }))],
  }, [c.x, ...c.series.map((s) => s.values)], element);
  new ResizeObserver(() => chart.setSize({ width: width(), height: 220 })).observe(element);
}
</script>
</body>
</html>
`;
}
