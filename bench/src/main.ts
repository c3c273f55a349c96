import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { freePort, startLoopbackStack, repoRoot } from '@dronecast/launcher';
import { measureControlLatency } from './controlLatency.ts';
import { MavlinkTap } from './MavlinkTap.ts';
import { launchChromium } from '@dronecast/e2e/support/browser.ts';
import { measureUsage, processTree } from './processUsage.ts';
import { measureWebRtcSmoothness } from './webrtcSmoothness.ts';
import { formatPoseBenchResult, runPoseBench } from '@dronecast/processing/bench';

/** `npm run bench`: the whole stack on loopback, a headless phone page, numbers printed and saved. */
const durationS = Number(process.env.BENCH_SECONDS ?? 30);
const sourceFps = 30;
const controlCommands = Number(process.env.BENCH_COMMANDS ?? 200);

async function main(): Promise<void> {
  // The vehicle runs here, behind a tap that timestamps the ground agent's MAVLink bytes.
  const simPort = await freePort();
  const simulator = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await simulator.start();
  const tap = new MavlinkTap(simPort);
  const tapPort = await tap.start();
  // BENCH_MQTT=none measures without the MQTT path (sockets-only mode).
  const mqtt = process.env.BENCH_MQTT === 'none' ? ({ kind: 'none' } as const) : undefined;
  const stack = await startLoopbackStack({ camera: `pattern:640x480@${sourceFps}`, drone: `udpout:127.0.0.1:${tapPort}`, mqtt });
  const browser = await launchChromium();
  try {
    process.stderr.write(`bench: control latency over ${controlCommands} commands\n`);
    const control = await measureControlLatency(stack, tap, controlCommands);
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    await page.goto(stack.viewerUrl);
    await page.waitForFunction(() => (window.__dronecast?.stats().framesStamped ?? 0) > 30, undefined, { timeout: 30_000 });
    process.stderr.write(`bench: playing; measuring WebRTC for ${durationS} s\n`);
    const pidOf = (pid: number | undefined): number[] => (pid === undefined ? [] : processTree(pid));
    const sfuUsage = measureUsage(pidOf(stack.stack.sfu.pid));
    const groundUsage = measureUsage(pidOf(stack.stack.ground.pid));
    const webrtc = await measureWebRtcSmoothness(page, durationS, sourceFps);
    const processes = { sfuWithWorkers: sfuUsage.finish(), groundAgent: groundUsage.finish() };
    // The pose pipeline, with the page closed but the stack still running beside it, as with
    // `npm start` on one machine (the ground agent keeps encoding its camera).
    await page.close();
    process.stderr.write('bench: pose pipeline\n');
    const pose = await runPoseBench({ frames: Number(process.env.BENCH_POSE_FRAMES ?? 100) });
    const result = { date: new Date().toISOString(), machine: { cpus: os.availableParallelism() }, webrtc, processes, control, pose };
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
        `Control, phone emit -> MAVLink bytes leaving the ground agent (${control.commands} go commands, 20 heading)`,
        `  go -> SET_POSITION_TARGET_LOCAL_NED   p50 ${control.goToSetpointMs.p50} ms  p95 ${control.goToSetpointMs.p95} ms  max ${control.goToSetpointMs.max} ms`,
        `  heading -> COMMAND_LONG (CONDITION_YAW)  p50 ${control.headingToCommandLongMs.p50} ms  p95 ${control.headingToCommandLongMs.p95} ms  max ${control.headingToCommandLongMs.max} ms`,
        formatPoseBenchResult(pose),
        `written to ${path.relative(process.cwd(), out)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await stack.stop();
    tap.close();
    await simulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
