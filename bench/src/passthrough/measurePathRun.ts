import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { openPhonePage, pageStats } from '@dronecast/e2e/support/phonePage.ts';
import { connectClient, tokenOf } from '@dronecast/e2e/support/signalingClient.ts';
import { measureWebRtcSmoothness } from '../webrtcSmoothness.ts';
import { cameraFor, expectedCodec, formatLabel, pathName } from './passthroughPlan.ts';
import type { PathMeasurement, PathRunResult, PathRunSpec } from './passthroughResultsSchema.ts';
import { measureTreeCpu } from './processTreeCpu.ts';
import { SimulatedCameraProcess } from './SimulatedCameraProcess.ts';

export interface PathRunContext {
  browser: Browser;
  /** The measuring window. */
  seconds: number;
  /** Playing but not measured yet: the encoder's bitrate ramp, JIT, the jitter buffer settling. */
  warmupS: number;
  gopSeconds: number;
  /** Each run's stack logs are kept here. */
  logDir: string;
  log(line: string): void;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * One path at one format, on a stack of its own: the simulated camera sends the stamped pattern (or
 * serves it over RTSP), the ground agent takes it (passed through, or decoded and re-encoded), and a
 * phone page plays it.
 * Never throws: a run that does not play comes back with its failure, and its stack logs are kept.
 */
export async function measurePathRun(spec: PathRunSpec, context: PathRunContext): Promise<PathRunResult> {
  // A free TCP port, which the RTSP camera serves at; the UDP runs send to the same number.
  const port = await freePort();
  const { delivery, agentCamera: camera } = cameraFor(spec, port);
  const name = `${spec.label}-${spec.path}${spec.source === 'rtsp' ? '-rtsp' : ''}${spec.playoutDelay === 'off' ? '-delay-off' : ''}`;
  const configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-passthrough-bench-'));
  const notes: string[] = [];
  let loadAverage = os.loadavg();
  let measured: PathMeasurement | null = null;
  let failure: string | null = null;
  let cameraProcess: SimulatedCameraProcess | undefined;
  let stack: LoopbackStack | undefined;
  // What the run was doing, for a failure message that says where it stopped.
  let step = 'starting the simulated camera';
  try {
    context.log(`bench: ${name}: camera ${spec.label} at ${spec.bitrateKbps} kbit/s, ground agent --camera ${camera}`);
    cameraProcess = await SimulatedCameraProcess.start({
      format: spec.format,
      port,
      delivery,
      bitrateKbps: spec.bitrateKbps,
      gopSeconds: context.gopSeconds,
    });
    // The playout delay is set explicitly, so the runs keep measuring 0 if the default changes.
    step = 'starting the stack';
    const configFile = path.join(configDir, 'config.json');
    await fs.writeFile(configFile, JSON.stringify(spec.playoutDelay === null ? {} : { ground: { 'playout-delay': String(spec.playoutDelay) } }));
    stack = await startLoopbackStack({ camera, maxBitrateKbps: spec.bitrateKbps, configFile });
    const page = await openPhonePage(context.browser, stack.viewerUrl);
    try {
      step = 'waiting for the phone page to play';
      await waitForPlaying(page, 60_000);
      if (spec.path === 'transcode') {
        step = `asking the ground agent for ${spec.label}`;
        await askForFormat(stack, spec);
      }
      step = 'waiting for the picture size';
      const size = await waitForSize(page, spec, 30_000);
      if (size) notes.push(`the page got ${size}, not ${spec.format.width}x${spec.format.height}, within 30 s`);
      step = 'warming up';
      await page.waitForTimeout(context.warmupS * 1000);
      step = 'measuring';
      const measuredWindow = await measureWindow(page, stack, cameraProcess, spec, context.seconds);
      loadAverage = measuredWindow.loadAverage;
      measured = measuredWindow.measurement;
      failure = checkPlayed(spec, measured) ?? cameraProcess.stoppedBecause ?? null;
      notes.push(...notesOn(spec, measured));
    } finally {
      await page.close();
    }
  } catch (error) {
    failure = `${step}: ${error instanceof Error ? error.message.split('\n')[0]! : String(error)}`;
    failure += cameraProcess?.stoppedBecause ? `; ${cameraProcess.stoppedBecause}` : '';
  } finally {
    if (stack) {
      const logFile = path.join(context.logDir, `${name}.log`);
      await fs.writeFile(logFile, await stack.logs());
      if (failure) failure += ` (stack logs: ${logFile})`;
      await stack.stop();
    }
    const counts = await cameraProcess?.stop();
    if (counts && counts.dropped > 0) notes.push(`the camera itself dropped ${counts.dropped} of ${counts.sent + counts.dropped} frames in its whole life, start-up included (its ffmpeg was behind); those in the window count as missing on the page`);
    await fs.rm(configDir, { recursive: true, force: true });
  }
  const result = { spec, camera, loadAverage: loadAverage.map(round2), failure, measured, notes };
  context.log(`bench: ${name}: ${failure ? `FAILED: ${failure}` : 'done'}`);
  return result;
}

async function waitForPlaying(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => (window.__dronecast?.stats().framesStamped ?? 0) > 30, undefined, { timeout: timeoutMs, polling: 250 }).catch(async (error: Error) => {
    throw new Error(`the phone page did not play within ${timeoutMs / 1000} s (${error.message.split('\n')[0]}): ${JSON.stringify(await pageStats(page).catch(() => null))}`);
  });
}

/**
 * The ground agent has no flag for an ffmpeg camera's format (it scales to 640x480@30): a pilot
 * asks for the run's format, as the phone's quality panel would, and the agent restarts its ffmpeg at it.
 */
async function askForFormat(stack: LoopbackStack, spec: PathRunSpec): Promise<void> {
  const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
  const { width, height, fps } = spec.format;
  const resolution = `${width}x${height}`;
  let timer: NodeJS.Timeout | undefined;
  try {
    // The agent restarts its ffmpeg and answers at the first frame, which can take longer than
    // the test client waits for an answer: the SFU's announcement of the new quality is the proof.
    const announced = new Promise<void>((resolve, reject) => {
      pilot.socket.on('video:quality', (quality) => {
        if (quality.resolution === resolution && quality.fps === fps) resolve();
      });
      timer = setTimeout(() => reject(new Error(`the SFU did not announce ${spec.label} within 30 s`)), 30_000);
    });
    const answer = await pilot.send('video:setQuality', { resolution, fps }).catch(() => undefined);
    if (answer && !answer.ok) throw new Error(`the ground agent would not produce ${spec.label}: ${answer.error.code}: ${answer.error.message}`);
    await announced;
  } finally {
    clearTimeout(timer);
    pilot.close();
  }
}

/** Waits for the page to show the camera's size; what it shows instead, if it never does. */
async function waitForSize(page: Page, spec: PathRunSpec, timeoutMs: number): Promise<string | undefined> {
  const { width, height } = spec.format;
  const reached = await page
    .waitForFunction(([w, h]) => {
      const stats = window.__dronecast?.stats();
      return stats !== undefined && stats.width === w && stats.height === h;
    }, [width, height], { timeout: timeoutMs, polling: 250 })
    .then(() => true, () => false);
  if (reached) return undefined;
  const stats = await pageStats(page);
  return `${stats.width}x${stats.height}`;
}

async function measureWindow(page: Page, stack: LoopbackStack, camera: SimulatedCameraProcess, spec: PathRunSpec, seconds: number) {
  const pidOf = (name: string, pid: number | undefined): number => {
    if (pid === undefined) throw new Error(`the ${name} is not running`);
    return pid;
  };
  const loadAverage = os.loadavg();
  const ground = measureTreeCpu(pidOf('ground agent', stack.stack.ground.pid));
  const sfu = measureTreeCpu(pidOf('SFU', stack.stack.sfu.pid));
  const cameraCpu = measureTreeCpu(camera.pid);
  const smooth = await measureWebRtcSmoothness(page, seconds, spec.format.fps);
  const usage = { groundAgent: ground.finish(), sfuWithWorkers: sfu.finish(), camera: cameraCpu.finish() };
  const { codec } = await pageStats(page);
  const nullIfNaN = (value: number): number | null => (Number.isNaN(value) ? null : value);
  const measurement: PathMeasurement = {
    durationS: smooth.durationS,
    ...usage,
    latencyMs: { p50: nullIfNaN(smooth.latencyMs.p50), p95: nullIfNaN(smooth.latencyMs.p95), p99: nullIfNaN(smooth.latencyMs.p99), samples: smooth.latencyMs.samples },
    deliveredFps: smooth.deliveredFps,
    framesMissing: smooth.framesMissing,
    frameIntervalJitterP95Ms: nullIfNaN(smooth.frameIntervalJitterP95Ms),
    stallsOver200Ms: smooth.stallsOver200Ms,
    kbps: smooth.kbps,
    bytes: smooth.kbps === null ? null : Math.round((smooth.kbps * 1000 * smooth.durationS) / 8),
    codec,
    width: smooth.width,
    height: smooth.height,
    mediaProtocol: smooth.mediaProtocol,
  };
  return { loadAverage, measurement };
}

/** Why the run does not count: no picture, or not the codec its path must deliver. */
function checkPlayed(spec: PathRunSpec, m: PathMeasurement): string | undefined {
  if (m.latencyMs.samples === 0 || m.deliveredFps < 1) return `the page presented ${m.deliveredFps} fps with ${m.latencyMs.samples} stamped frames: it did not play`;
  const codec = expectedCodec(spec);
  if (m.codec !== codec) return `the page received ${m.codec ?? 'no codec'}, but the ${pathName(spec)} path must deliver ${codec}`;
  return undefined;
}

function notesOn(spec: PathRunSpec, m: PathMeasurement): string[] {
  const notes: string[] = [];
  if (m.width !== spec.format.width || m.height !== spec.format.height) notes.push(`received ${m.width}x${m.height}, the camera sends ${formatLabel(spec.format)}`);
  if (m.deliveredFps < spec.format.fps * 0.9) notes.push(`delivered ${m.deliveredFps} fps of the camera's ${spec.format.fps}`);
  if (m.framesMissing > 0) notes.push(`${m.framesMissing} frames missing`);
  if (m.mediaProtocol !== 'udp') notes.push(`media over ${m.mediaProtocol ?? 'unknown'}, not UDP as on a LAN`);
  return notes;
}
