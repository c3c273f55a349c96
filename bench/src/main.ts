import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { freePort, startLoopbackStack, repoRoot } from '@dronecast/launcher';
import { measureControlLatency } from './controlLatency.ts';
import { measureFlyView } from './flyViewSticks.ts';
import { MavlinkTap } from './MavlinkTap.ts';
import { launchChromium } from '@dronecast/e2e/support/browser.ts';
import { measureUsage, processTree } from './processUsage.ts';
import { measureWebRtcSmoothness } from './webrtcSmoothness.ts';
import { formatPoseBenchResult, runPoseBench } from '@dronecast/processing/bench';
import { benchModes, type BenchMode } from '@dronecast/protocol';
import { openBenchPage } from '@dronecast/e2e/support/benchPage.ts';
import { describeMachine } from './machine.ts';
import { renderHtmlReport } from './report/htmlReport.ts';
import { loadUplotAssets } from './report/uplotAssets.ts';
import { benchResultsSchema } from './resultsSchema.ts';
import { formatTransportTable } from './transports/formatTransportTable.ts';
import { runTransportComparison } from './transports/runTransportComparison.ts';
import { benchImpairments } from './impair/ImpairmentProfile.ts';
import { runImpairedComparisons } from './impair/runImpairedComparisons.ts';
import { defaultFanoutOptions, measureFanout } from './fanout/measureFanout.ts';
import { formatFanout } from './fanout/formatFanout.ts';
import { formatPassthroughTable } from './passthrough/formatPassthroughTable.ts';
import { parseFormats } from './passthrough/passthroughPlan.ts';
import { runPassthroughComparison } from './passthrough/runPassthroughComparison.ts';

/** `npm run bench`: the whole stack on loopback, a headless phone page, numbers printed and saved. */
const durationS = Number(process.env.BENCH_SECONDS ?? 30);
const sourceFps = 30;
const controlCommands = Number(process.env.BENCH_COMMANDS ?? 200);
const stickMoves = Number(process.env.BENCH_STICK_MOVES ?? 100);
const poseFrames = Number(process.env.BENCH_POSE_FRAMES ?? 100);
/** The /bench page's transport comparison: recorded runs per mode (medians over them), and which modes. */
const transportRuns = Number(process.env.BENCH_RUNS ?? 3);
const modesFrom = (list: string): BenchMode[] => list.split(',').filter((m): m is BenchMode => (benchModes as readonly string[]).includes(m));
const transportModes = modesFrom(process.env.BENCH_MODES ?? benchModes.join(','));
/** On the impaired networks each transport alone by default: the link is what differs. BENCH_IMPAIRED=none skips them. */
const impairedModes = process.env.BENCH_IMPAIRED === 'none' ? [] : modesFrom(process.env.BENCH_IMPAIRED_MODES ?? 'sequential');
const fanoutMax = Number(process.env.BENCH_FANOUT_MAX ?? defaultFanoutOptions.maxConsumers);
/** A camera through the ground agent's passthrough (RTP, and RTSP at BENCH_RTSP_AT) and transcode paths (issue 19; all of it: npm run bench:passthrough). BENCH_PASSTHROUGH=none skips it. */
const passthroughFormats = process.env.BENCH_PASSTHROUGH === 'none' ? [] : parseFormats(process.env.BENCH_PASSTHROUGH ?? '640x480@30');

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  // The vehicle runs here, behind a tap that timestamps the ground agent's MAVLink bytes.
  const simPort = await freePort();
  const simulator = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await simulator.start();
  const tap = new MavlinkTap(simPort);
  const tapPort = await tap.start();
  // BENCH_MQTT=none measures without the MQTT path (sockets-only mode).
  const mqtt = process.env.BENCH_MQTT === 'none' ? ({ kind: 'none' } as const) : undefined;
  const camera = `pattern:640x480@${sourceFps}`;
  const stack = await startLoopbackStack({ camera, drone: `udpout:127.0.0.1:${tapPort}`, mqtt });
  const browser = await launchChromium();
  let stopped = false;
  try {
    process.stderr.write(`bench: control latency over ${controlCommands} commands\n`);
    const control = await measureControlLatency(stack, tap, controlCommands);
    process.stderr.write(`bench: the fly view's sticks (${stickMoves} moves)\n`);
    const flyView = await measureFlyView(browser, stack, tap, stickMoves, 10);
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    await page.goto(stack.viewerUrl);
    await page.waitForFunction(() => (window.__dronecast?.stats().framesStamped ?? 0) > 30, undefined, { timeout: 30_000 });
    process.stderr.write(`bench: playing; measuring WebRTC for ${durationS} s\n`);
    const pidOf = (pid: number | undefined): number[] => (pid === undefined ? [] : processTree(pid));
    const sfuUsage = measureUsage(pidOf(stack.stack.sfu.pid));
    const groundUsage = measureUsage(pidOf(stack.stack.ground.pid));
    const webrtc = await measureWebRtcSmoothness(page, durationS, sourceFps);
    const processes = { sfuWithWorkers: sfuUsage.finish(), groundAgent: groundUsage.finish() };
    await page.close();
    // The three transports on the benchmark page, as a viewer opens it.
    const benchPage = await openBenchPage(browser, stack.viewerUrl);
    const transports = await runTransportComparison(benchPage, {
      modes: transportModes,
      runs: transportRuns,
      seconds: durationS,
      settleS: 2,
      warmupS: Math.min(5, durationS),
      pids: () => ({ sfu: pidOf(stack.stack.sfu.pid), ground: pidOf(stack.stack.ground.pid) }),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    await benchPage.close();
    // The pose pipeline, with the pages closed but the stack still running beside it, as with
    // `npm start` on one machine (the ground agent keeps encoding its camera).
    process.stderr.write('bench: pose pipeline\n');
    const pose = await runPoseBench({ frames: poseFrames });
    // Alone on the machine from here: each impaired network gets a stack of its own.
    await stack.stop();
    stopped = true;
    transports.push(
      ...(await runImpairedComparisons(browser, {
        profiles: impairedModes.length > 0 ? benchImpairments : [],
        modes: impairedModes,
        runs: transportRuns,
        seconds: durationS,
        camera,
        log: (line) => process.stderr.write(`${line}\n`),
      })),
    );
    // BENCH_FANOUT_MAX=0 skips it.
    const fanout = fanoutMax > 0 ? await measureFanout({ ...defaultFanoutOptions, maxConsumers: fanoutMax }, (line) => process.stderr.write(`${line}\n`)) : null;
    const passthrough =
      passthroughFormats.length > 0
        ? await runPassthroughComparison({
            browser,
            formats: passthroughFormats,
            playoutDelayOffAt: undefined,
            // The same camera served over RTSP and pulled by the agent's RTSP client (BENCH_RTSP_AT=none skips it).
            rtspAt: process.env.BENCH_RTSP_AT === 'none' ? undefined : (process.env.BENCH_RTSP_AT ?? '640x480@30'),
            seconds: durationS,
            warmupS: 5,
            gopSeconds: 1,
            logDir: await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-passthrough-logs-')),
            log: (line) => process.stderr.write(`${line}\n`),
          })
        : null;
    if (passthrough?.runs.some((r) => r.failure !== null)) process.exitCode = 1;
    const result = {
      date: new Date().toISOString(),
      machine: describeMachine(browser.version(), loadAtStart),
      settings: { camera, seconds: durationS, runs: transportRuns, controlCommands, poseFrames, mqtt: mqtt ? ('none' as const) : ('embedded' as const), impairedModes },
      webrtc,
      processes,
      control,
      flyView,
      transports,
      fanout,
      passthrough,
      pose,
    };
    const out = path.join(repoRoot, 'bench/results/latest.json');
    const htmlOut = path.join(repoRoot, 'bench/results/latest.html');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    // Written whatever happens (a long run is worth keeping), then held to its documented shape.
    const checked = benchResultsSchema.safeParse(JSON.parse(await fs.readFile(out, 'utf8')));
    if (checked.success) await fs.writeFile(htmlOut, renderHtmlReport(checked.data, await loadUplotAssets()));
    else {
      process.stderr.write(`bench: ${out} does not match bench/src/resultsSchema.ts: ${checked.error.message}\n`);
      process.exitCode = 1;
    }
    process.stdout.write(
      [
        `WebRTC 640x480@${sourceFps}, ${webrtc.durationS} s, ${webrtc.width}x${webrtc.height} received, media over ${webrtc.mediaProtocol ?? 'unknown'}`,
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
        `Fly view, finger on the right stick (${flyView.moves} moves) -> SET_POSITION_TARGET_LOCAL_NED leaving the ground agent`,
        `  stick -> setpoint   p50 ${flyView.stickToWireMs.p50} ms  p95 ${flyView.stickToWireMs.p95} ms  max ${flyView.stickToWireMs.max} ms`,
        `  held still          ${flyView.setpointHz} setpoints/s; page main thread ${flyView.mainThreadMsPerS} ms/s (over ${flyView.holdS} s, video playing)`,
        formatTransportTable(transports),
        formatPoseBenchResult(pose),
        ...(fanout ? [formatFanout(fanout)] : []),
        ...(passthrough ? [formatPassthroughTable(passthrough)] : []),
        `written to ${path.relative(process.cwd(), out)}${checked.success ? ` and ${path.relative(process.cwd(), htmlOut)}` : ''}`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    if (!stopped) await stack.stop();
    tap.close();
    await simulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
