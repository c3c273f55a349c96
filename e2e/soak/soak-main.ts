// `npm run soak -- --minutes N`: a measurement, not a test (not in the vitest suite). Loopback only.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, startLoopbackStack } from '@dronecast/launcher';
import { runCli } from '@dronecast/runtime';
import { launchChromium } from '../support/browser.ts';
import { tokenOf } from '../support/signalingClient.ts';
import { ActionTally } from './ActionTally.ts';
import { ChurnLoop } from './ChurnLoop.ts';
import { DroneWatch } from './DroneWatch.ts';
import { ResourceSampler } from './ResourceSampler.ts';
import { Random } from '../support/Random.ts';
import { scrapeSfuInventory, type SfuInventory } from './sfuInventory.ts';
import { formatActions, formatProblems, formatSummary, summarize, warmUpSeconds } from './SoakReport.ts';
import { parseSoakFlags, soakUsage } from './soakFlags.ts';

/** After the last phone leaves, the SFU gets this long to close what they held before it is counted. */
const settleMs = 10_000;
/** What must come back to where it was before the first phone: anything left over was never closed. */
const mustReturn = ['peers', 'routers', 'transports', 'producers', 'consumers', 'frameSubscribers', 'mqttClients', 'mqttVideoSubscribers'] as const;

async function main(): Promise<number> {
  const options = parseSoakFlags(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${soakUsage}\n`);
    return 0;
  }
  if (options.browserPages > 0 && !fs.existsSync(path.join(repoRoot, 'webapp/dist/index.html'))) {
    throw new Error('webapp/dist is missing: run `npm run build -w webapp` first (or --browser-pages 0)');
  }
  const log = (line: string) => process.stderr.write(`soak: ${line}\n`);
  log(`${options.minutes} min, ${options.phones} phones (at most ${options.browserPages} in Chromium), seed ${options.seed}`);

  const stack = await startLoopbackStack({ camera: options.camera });
  const soakStart = Date.now();
  const seconds = () => Math.round((Date.now() - soakStart) / 100) / 10;
  const ca = fs.readFileSync(path.join(stack.dir, 'certs/ca.pem'), 'utf8');
  const tally = new ActionTally(soakStart, options.verbose);
  const warnings: string[] = [];
  const onWarning = (line: string) => void warnings.push(line);
  let stopping = false;
  for (const [name, child] of [['sfu', stack.stack.sfu], ['ground agent', stack.stack.ground], ['pose worker', stack.stack.processing]] as const) {
    child.on('exit', (code, signal) => {
      if (!stopping) tally.note('process', 'failed', `${name} exited (${signal ?? `code ${code}`}); the launcher restarts it`);
    });
  }

  // The stack's processes run in their own process groups: Ctrl-C must stop them here, or they outlive the soak.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the stack`);
      stopping = true;
      void stack.stop().finally(() => process.exit(130));
    });
  }

  const browser = options.browserPages > 0 ? await launchChromium() : undefined;
  const watch = new DroneWatch({
    origin: stack.origin,
    token: tokenOf(stack.viewerUrl),
    ca,
    onFault: (message) => tally.note('telemetry', 'failed', message),
    onWarning,
  });
  const churn = new ChurnLoop({
    origin: stack.origin,
    ca,
    tokens: { pilot: tokenOf(stack.pilotUrl), viewer: tokenOf(stack.viewerUrl) },
    urls: { pilot: stack.pilotUrl, viewer: stack.viewerUrl },
    phones: options.phones,
    browserPages: options.browserPages,
    browser,
    watch,
    tally,
    random: new Random(options.seed),
    onWarning,
  });
  const sampler = new ResourceSampler({
    processes: [
      { name: 'sfu', pid: () => stack.stack.sfu.pid, childrenNamed: { prefix: 'mediasoup', as: 'mediasoup worker' } },
      { name: 'ground agent', pid: () => stack.stack.ground.pid },
      { name: 'pose worker', pid: () => stack.stack.processing.pid },
      // The harness too: its own growth (wrtc, Playwright) is not the system's, and this shows which is which.
      { name: 'soak harness', pid: () => process.pid },
    ],
    scrapeInventory: () => scrapeSfuInventory(stack.origin, ca),
    phones: () => churn.phones.length,
    intervalMs: options.sampleSeconds * 1000,
    startedAt: soakStart,
    onChange: (message) => tally.note('process', 'failed', message),
  });

  let exitCode = 1;
  try {
    await watch.start();
    const before = (await sampler.sample()).inventory;
    sampler.start();
    const churnFrom = seconds();
    const churnSeconds = options.minutes * 60;
    log(`stack up, drone on its link; churning for ${options.minutes} min (growth measured after ${warmUpSeconds(churnSeconds)} s)`);
    await churn.run(Date.now() + churnSeconds * 1000, () => {
      const last = sampler.samples.at(-1);
      const rss = (name: string) => last?.processes[name]?.rssMb ?? '-';
      const fds = (name: string) => last?.processes[name]?.fds ?? '-';
      log(
        `${Math.round((seconds() - churnFrom) / 6) / 10} min: ${churn.phones.length} phones (${churn.browserPages} pages), ` +
          `${tally.problems.length} problems (${tally.failures.length} failures); sfu ${rss('sfu')} MB ${fds('sfu')} fds, ground ${rss('ground agent')} MB ${fds('ground agent')} fds`,
      );
      const long = churn.longRunning();
      if (long.length > 0) log(`under way for over a minute: ${long.join(', ')}`);
    });
    const churnTo = seconds();
    log('churn over: stopping the recording, landing, every phone leaving');
    await churn.drain();
    await new Promise((r) => setTimeout(r, settleMs));
    const after = (await sampler.sample()).inventory;
    sampler.stop();
    checkReturned(before, after, tally);

    const from = Math.round((churnFrom + warmUpSeconds(churnTo - churnFrom)) * 10) / 10;
    const summary = summarize(sampler.samples, from, churnTo, before, after);
    const report = [
      formatSummary(summary, { from: Math.round(from - churnFrom), to: Math.round(churnTo - churnFrom) }),
      formatActions(tally, churn.droneCommands),
      formatProblems(tally.problems, warnings),
    ].join('\n\n');
    process.stdout.write(`\n${report}\n`);

    const file = path.join(repoRoot, 'e2e/artifacts', `soak-${new Date(soakStart).toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify(
        { options, churn: { from: churnFrom, to: churnTo, measuredFrom: from }, summary, counts: tally.counts, droneCommands: churn.droneCommands, problems: tally.problems, warnings, samples: sampler.samples },
        null,
        1,
      ),
    );
    exitCode = tally.failures.length > 0 ? 1 : 0;
    process.stdout.write(`\nsamples: ${path.relative(repoRoot, file)}\n${exitCode === 0 ? 'no failures' : `${tally.failures.length} failures: exit 1`}\n`);
  } finally {
    stopping = true;
    sampler.stop();
    watch.stop();
    await browser?.close().catch(() => {});
    await stack.stop();
  }
  return exitCode;
}

/** Counts the SFU did not give back once every phone had left: objects or subscriptions nobody closed. */
function checkReturned(before: SfuInventory | null, after: SfuInventory | null, tally: ActionTally): void {
  if (!before || !after) return tally.note('stack', 'failed', 'could not read the SFU inventory before or after the churn');
  for (const field of mustReturn) {
    if (after[field] > before[field]) tally.note('stack', 'failed', `SFU ${field}: ${before[field]} before the phones, ${after[field]} after they all left`);
  }
}

runCli('soak', async () => process.exit(await main()), (message) => process.stderr.write(`${message}\n`));
