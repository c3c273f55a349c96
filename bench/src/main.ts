import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLoopbackStack, repoRoot } from '@dronecast/launcher';
import { launchChromium } from '@dronecast/e2e/support/browser.ts';
import { measureUsage, processTree } from './processUsage.ts';
import { measureWebRtcSmoothness } from './webrtcSmoothness.ts';

/** `npm run bench`: the whole stack on loopback, a headless phone page, numbers printed and saved. */
const durationS = Number(process.env.BENCH_SECONDS ?? 30);
const sourceFps = 30;

async function main(): Promise<void> {
  const stack = await startLoopbackStack({ camera: `pattern:640x480@${sourceFps}` });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    await page.goto(stack.viewerUrl);
    await page.waitForFunction(() => (window.__dronecast?.stats().framesStamped ?? 0) > 30, undefined, { timeout: 30_000 });
    process.stderr.write(`bench: playing; measuring WebRTC for ${durationS} s\n`);
    const pidOf = (pid: number | undefined): number[] => (pid === undefined ? [] : processTree(pid));
    const sfuUsage = measureUsage(pidOf(stack.stack.sfu.pid));
    const groundUsage = measureUsage(pidOf(stack.stack.ground.pid));
    const webrtc = await measureWebRtcSmoothness(page, durationS, sourceFps);
    const processes = { sfuWithWorkers: sfuUsage.finish(), groundAgent: groundUsage.finish() };
    const result = { date: new Date().toISOString(), machine: { cpus: os.availableParallelism() }, webrtc, processes };
    const out = path.join(repoRoot, 'bench/results/latest.json');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      [
        `WebRTC 640x480@${sourceFps}, ${webrtc.durationS} s, ${webrtc.width}x${webrtc.height} received`,
        `  glass-to-glass latency  p50 ${webrtc.latencyMs.p50} ms  p95 ${webrtc.latencyMs.p95} ms  p99 ${webrtc.latencyMs.p99} ms  (${webrtc.latencyMs.samples} frames)`,
        `  delivered fps           ${webrtc.deliveredFps} (source ${sourceFps}; ${webrtc.framesMissing} frames missing)`,
        `  frame-interval jitter   p95 ${webrtc.frameIntervalJitterP95Ms} ms`,
        `  stalls over 200 ms      ${webrtc.stallsOver200Ms}`,
        `  bitrate                 ${webrtc.kbps ?? 'n/a'} kbit/s`,
        `SFU + mediasoup worker   ${processes.sfuWithWorkers.cpuPercentOfOneCore}% of a core, ${processes.sfuWithWorkers.rssMb} MB resident`,
        `ground agent             ${processes.groundAgent.cpuPercentOfOneCore}% of a core, ${processes.groundAgent.rssMb} MB resident (test pattern + VP8 encode)`,
        `written to ${path.relative(process.cwd(), out)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
