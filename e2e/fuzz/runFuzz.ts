import { requestSchemas, type RequestName } from '@dronecast/protocol';
import { requestSamples } from './contractSamples.ts';
import type { Fuzzer, FuzzTarget } from './Fuzzer.ts';
import { FuzzReport } from './FuzzReport.ts';
import { GalleryFuzzer } from './GalleryFuzzer.ts';
import { HandshakeFuzzer } from './HandshakeFuzzer.ts';
import { LiveIds } from './LiveIds.ts';
import { MqttFuzzer } from './MqttFuzzer.ts';
import { Random } from '../support/Random.ts';
import { SignalingFuzzer } from './SignalingFuzzer.ts';
import { readProcessUsage } from '../support/procfs.ts';

/** The SFU's resident set in kB, 0 once it is gone. */
const residentKb = (pid: number): number => readProcessUsage(pid)?.rssKb ?? 0;

export interface FuzzRunOptions {
  target: FuzzTarget;
  seed: number;
  durationMs: number;
  /** The SFU process, whose memory is watched. */
  sfuPid: number;
  /** Exits of the stack's processes, read as crashes (the runner adds them to the report). */
  exits: readonly string[];
  /** Progress lines (a long run prints one every so often). */
  progress?: (line: string) => void;
}

/** A sample that does not pass its own schema would fuzz nothing but the first check: caught before the run. */
function checkSamples(random: Random, ids: LiveIds): void {
  for (const event of Object.keys(requestSchemas) as RequestName[]) {
    const sample: unknown = requestSamples[event](ids, random);
    const parsed = requestSchemas[event].safeParse(sample);
    if (!parsed.success) throw new Error(`the fuzzer's valid ${event} sample is not valid: ${parsed.error.message}`);
  }
}

/**
 * Runs every fuzzer against the target for the given time, each on its own lanes, then lets the
 * cases in flight finish (each has its own timeout) and reads the SFU's memory again.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const report = new FuzzReport();
  const random = new Random(options.seed);
  const ids = new LiveIds(random.fork('ids'));
  ids.protect(options.target.galleryItemId);
  checkSamples(random.fork('samples'), ids);
  const fuzzers: Fuzzer[] = [
    new SignalingFuzzer(options.target, report, random.fork('socket.io'), ids),
    new HandshakeFuzzer(options.target, report, random.fork('handshake')),
    new MqttFuzzer(options.target, report, random.fork('mqtt')),
    new GalleryFuzzer(options.target, report, random.fork('gallery')),
  ];
  report.rssBeforeKb = residentKb(options.sfuPid);
  report.rssPeakKb = report.rssBeforeKb;
  const sampler = setInterval(() => {
    report.rssPeakKb = Math.max(report.rssPeakKb, residentKb(options.sfuPid));
  }, 250);
  const started = Date.now();
  const deadline = started + options.durationMs;
  const halfway = setTimeout(() => (report.rssHalfwayKb = residentKb(options.sfuPid)), options.durationMs / 2);
  const ticker = options.progress
    ? setInterval(() => {
        options.progress?.(`${Math.round((Date.now() - started) / 1000)} s: ${report.totalCases} cases, ${report.failureCount} failures, SFU RSS ${(residentKb(options.sfuPid) / 1024).toFixed(0)} MB`);
      }, 15_000)
    : undefined;
  const lane = async (fuzzer: Fuzzer, index: number): Promise<void> => {
    while (Date.now() < deadline && options.exits.length === 0) {
      try {
        await fuzzer.runCase(index);
      } catch (error) {
        // The fuzzer itself could not run a case (e.g. a socket that cannot connect): that is a finding too.
        report.fail(fuzzer.kind, `the case could not run: ${(error as Error).message}`, '(see the message)');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  try {
    await Promise.all(fuzzers.flatMap((fuzzer) => Array.from({ length: fuzzer.lanes }, (_, i) => lane(fuzzer, i))));
  } finally {
    clearInterval(sampler);
    clearTimeout(halfway);
    if (ticker) clearInterval(ticker);
    await Promise.all(fuzzers.map((fuzzer) => fuzzer.close()));
  }
  // Sockets the fuzzers closed are cleaned up on the server's next turns: a moment before reading memory.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  report.rssAfterKb = residentKb(options.sfuPid);
  report.rssPeakKb = Math.max(report.rssPeakKb, report.rssAfterKb);
  report.crashes.push(...options.exits);
  return report;
}
