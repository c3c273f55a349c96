import type { Browser } from 'playwright-core';
import type { BenchMode } from '@dronecast/protocol';
import { openBenchPage } from '@dronecast/e2e/support/benchPage.ts';
import { processTree } from '../processUsage.ts';
import type { NetworkCondition, TransportComparison } from '../resultsSchema.ts';
import { runTransportComparison } from '../transports/runTransportComparison.ts';
import { startImpairedStack } from './ImpairedStack.ts';
import type { ImpairmentProfile } from './ImpairmentProfile.ts';

export interface ImpairedComparisonOptions {
  profiles: readonly ImpairmentProfile[];
  modes: readonly BenchMode[];
  runs: number;
  seconds: number;
  camera: string;
  log(line: string): void;
}

/** The profile as the results record it. */
export function networkCondition(profile: ImpairmentProfile): NetworkCondition {
  const parts = [
    profile.lossPercent ? `${profile.lossPercent}% loss` : null,
    profile.delayMs ? `${profile.delayMs} ms delay` : null,
    profile.rateKbps ? `a ${profile.rateKbps / 1000} Mbit/s cap` : null,
  ].filter((p): p is string => p !== null);
  return {
    name: profile.name,
    description: `${parts.join(', ')} each way on every leg (drone up, phone down): WebRTC media through a UDP relay, signaling, websocket and MQTT through a TCP relay where a lost segment stalls the stream for a retransmission`,
    lossPercent: profile.lossPercent ?? 0,
    delayMs: profile.delayMs ?? 0,
    rateKbps: profile.rateKbps ?? null,
  };
}

/** The /bench comparison again on each impaired network, each on a fresh stack behind its relays. */
export async function runImpairedComparisons(browser: Browser, options: ImpairedComparisonOptions): Promise<TransportComparison[]> {
  const comparisons: TransportComparison[] = [];
  for (const profile of options.profiles) {
    options.log(`bench: transports on ${profile.name}`);
    const impaired = await startImpairedStack(profile, { camera: options.camera });
    try {
      const page = await openBenchPage(browser, impaired.throughRelay(impaired.stack.viewerUrl));
      const pidOf = (pid: number | undefined): number[] => (pid === undefined ? [] : processTree(pid));
      comparisons.push(
        ...(await runTransportComparison(page, {
          modes: options.modes,
          runs: options.runs,
          seconds: options.seconds,
          settleS: 2,
          warmupS: Math.min(5, options.seconds),
          network: networkCondition(profile),
          pids: () => ({ sfu: pidOf(impaired.stack.stack.sfu.pid), ground: pidOf(impaired.stack.stack.ground.pid) }),
          log: options.log,
        })),
      );
      await page.close();
    } finally {
      await impaired.stop();
    }
  }
  return comparisons;
}
