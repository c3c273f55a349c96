/** One RTP stream's numbers as mediasoup reports them (producer: inbound, consumer: outbound). */
export interface RtpStreamNumbers {
  type: string;
  bitrate: number;
  packetsLost: number;
  /** 0-255, the last RTCP report's share of packets lost. */
  fractionLost: number;
}

export interface StatsSource {
  /** Grouping label (the media source: drone-camera, phone-camera, processed-camera). */
  source: string;
  getStats(): Promise<RtpStreamNumbers[]>;
}

export interface RtpTotals {
  bitrateBps: number;
  packetsLost: number;
  /** The worst stream's recent loss, 0-1. */
  worstLossRatio: number;
  streams: number;
}

export interface RtpSample {
  bySource: Map<string, RtpTotals>;
  /** Streams whose stats did not come back before the deadline (left out of the totals). */
  timedOut: number;
  durationMs: number;
}

/**
 * Asks every stream for its stats at once and waits at most `deadlineMs`, so a scrape stays
 * bounded however many consumers there are or if a worker is stuck. Only reports of `type` count
 * (a consumer's getStats also carries its producer's inbound stream).
 */
export async function sampleRtpStreams(sources: StatsSource[], type: string, deadlineMs: number, now = () => performance.now()): Promise<RtpSample> {
  const started = now();
  const bySource = new Map<string, RtpTotals>();
  let timedOut = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
  const results = await Promise.all(
    sources.map((s) =>
      Promise.race([s.getStats().catch(() => [] as RtpStreamNumbers[]), deadline]).then((stats) => ({ source: s.source, stats })),
    ),
  );
  clearTimeout(timer);
  for (const { source, stats } of results) {
    if (stats === 'late') {
      timedOut++;
      continue;
    }
    const totals = bySource.get(source) ?? { bitrateBps: 0, packetsLost: 0, worstLossRatio: 0, streams: 0 };
    for (const stream of stats.filter((s) => s.type === type)) {
      totals.bitrateBps += stream.bitrate;
      totals.packetsLost += stream.packetsLost;
      totals.worstLossRatio = Math.max(totals.worstLossRatio, stream.fractionLost / 256);
      totals.streams++;
    }
    bySource.set(source, totals);
  }
  return { bySource, timedOut, durationMs: now() - started };
}
