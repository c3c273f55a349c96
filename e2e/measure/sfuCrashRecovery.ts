// A measurement, not a test: run with `npx tsx e2e/measure/sfuCrashRecovery.ts` (loopback only); it prints numbers.
import { startLoopbackStack } from '@dronecast/launcher';
import { launchChromium } from '../support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from '../support/phonePage.ts';

const stack = await startLoopbackStack({ camera: 'pattern:320x240@30' });
const browser = await launchChromium();
const page = await openPhonePage(browser, stack.pilotUrl);
await waitForMoreFrames(page, 60, 60_000);
const sfu = stack.stack.sfu;
for (let round = 0; round < 3; round++) {
  await waitForMoreFrames(page, 30, 60_000);
  const pid = sfu.pid!;
  const before = (await pageStats(page)).framesDecoded;
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  console.log('killed at', new Date(killedAt).toISOString());
  const timeline: { t: number; frames: number; connection: string }[] = [];
  while (Date.now() - killedAt < 12_000) {
    await new Promise((r) => setTimeout(r, 50));
    const stats = await pageStats(page).catch(() => undefined);
    if (stats) timeline.push({ t: Date.now() - killedAt, frames: stats.framesDecoded, connection: stats.connection });
  }
  // The end of the longest run without a new frame: video again.
  let gapStart = 0;
  let best = { from: 0, to: 0 };
  for (let i = 1; i < timeline.length; i++) {
    if (timeline[i]!.frames !== timeline[i - 1]!.frames) {
      if (timeline[i]!.t - gapStart > best.to - best.from) best = { from: gapStart, to: timeline[i]!.t };
      gapStart = timeline[i]!.t;
    }
  }
  console.log(`round ${round}: no new frame from ${best.from} ms to ${best.to} ms after SIGKILL; states ${[...new Set(timeline.map((e) => e.connection))].join(',')} (before: ${before})`);
  // Past 30 s up, the launcher restarts at once again (its backoff resets).
  await new Promise((r) => setTimeout(r, 31_000));
}
const logs = await stack.logs();
console.log(logs.split('\n').filter((l) => /restarting in|serving https|connected to the SFU|publishing|mediasoup worker\(s\) up|router created|exited/.test(l)).map((l) => l.slice(0, 220)).join('\n'));
await browser.close();
await stack.stop();
