import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@dronecast/launcher';
import { launchChromium } from '@dronecast/e2e/support/browser.ts';
import { formatPassthroughTable } from './formatPassthroughTable.ts';
import { formatLabel, issueFormats, parseFormats } from './passthroughPlan.ts';
import { passthroughResultsSchema } from './passthroughResultsSchema.ts';
import { runPassthroughComparison } from './runPassthroughComparison.ts';

/**
 * `npm run bench:passthrough` (issue 19): the simulated camera's stamped picture through the ground
 * agent's passthrough path (H.264 RTP into mediasoup) and its transcode path (ffmpeg decode, VP8
 * encode), per format, to the phone page; at one format the passthrough path also from the camera
 * served over RTSP (the agent's RTSP client pulls it over TCP). Exits 1 if a run did not play or the
 * results do not match their schema; the CPU goal is reported, not enforced.
 * BENCH_SECONDS (default 20), BENCH_WARMUP_SECONDS (5), BENCH_PASSTHROUGH_FORMATS (the issue's three),
 * BENCH_PLAYOUT_DELAY_OFF_AT (640x480@30; "none" skips that run),
 * BENCH_RTSP_AT (640x480@30: the format of the passthrough run over RTSP; "none" skips that run).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const formats = parseFormats(process.env.BENCH_PASSTHROUGH_FORMATS ?? issueFormats);
const offAt = extraRunAt('BENCH_PLAYOUT_DELAY_OFF_AT');
const rtspAt = extraRunAt('BENCH_RTSP_AT');

/** The format of an extra run (default 640x480@30); undefined for "none", or a format the bench does not run (said on stderr if asked for). */
function extraRunAt(name: string): string | undefined {
  const at = process.env[name] ?? '640x480@30';
  if (at === 'none') return undefined;
  if (!formats.some((format) => formatLabel(format) === at)) {
    if (process.env[name] !== undefined) process.stderr.write(`bench: ${name}=${at} is not one of the formats (${formats.map(formatLabel).join(',')}): no such run\n`);
    return undefined;
  }
  return at;
}

async function main(): Promise<void> {
  const out = path.join(repoRoot, 'bench/results/passthrough.json');
  const logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-passthrough-logs-'));
  const browser = await launchChromium();
  let results;
  try {
    results = await runPassthroughComparison({
      browser,
      formats,
      playoutDelayOffAt: offAt,
      rtspAt,
      seconds,
      warmupS,
      gopSeconds: 1,
      logDir,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await browser.close();
  }
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  // Written whatever happens, then held to its documented shape as a reader would load it.
  const checked = passthroughResultsSchema.safeParse(JSON.parse(await fs.readFile(out, 'utf8')));
  process.stdout.write(`${formatPassthroughTable(results)}\nwritten to ${path.relative(process.cwd(), out)}; stack logs in ${logDir}\n`);
  if (!checked.success) {
    process.stderr.write(`bench: ${out} does not match bench/src/passthrough/passthroughResultsSchema.ts: ${checked.error.message}\n`);
    process.exitCode = 1;
  }
  if (results.runs.some((r) => r.failure !== null)) process.exitCode = 1;
}

main().then(
  // wrtc-free, but playwright and sockets may linger: the results are out, so leave.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`passthrough bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
