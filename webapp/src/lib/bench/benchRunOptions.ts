import { benchModeSchema, maxBenchSeconds, videoTransports, videoTransportSchema, type BenchRunOptions } from '@dronecast/protocol';

export const defaultRunOptions: BenchRunOptions = { mode: 'simultaneous', durationS: 30, settleS: 2, transports: [...videoTransports] };

/** Settling longer than this only wastes time: every path reaches its pace within seconds. */
export const maxSettleS = 30;

/**
 * A run's options from what a page was given (its controls, the test hook): unknown keys ignored,
 * out-of-range numbers refused with the reason (never silently clamped: a run must be what was asked).
 */
export function checkRunOptions(change: Partial<BenchRunOptions>, base: BenchRunOptions = defaultRunOptions): BenchRunOptions {
  const options = { ...base, ...change };
  const mode = benchModeSchema.safeParse(options.mode);
  if (!mode.success) throw new Error(`mode must be one of ${benchModeSchema.options.join(', ')}`);
  if (!Number.isFinite(options.durationS) || options.durationS < 1 || options.durationS > maxBenchSeconds) {
    throw new Error(`the duration must be 1-${maxBenchSeconds} seconds`);
  }
  if (!Number.isFinite(options.settleS) || options.settleS < 0 || options.settleS > maxSettleS) {
    throw new Error(`the settling time must be 0-${maxSettleS} seconds`);
  }
  const transports = Array.isArray(options.transports) ? options.transports : [];
  for (const t of transports) if (!videoTransportSchema.safeParse(t).success) throw new Error(`unknown transport ${String(t)}`);
  if (transports.length === 0) throw new Error('choose at least one transport');
  // Always in the same order, each once, so reports compare row by row.
  return { mode: mode.data, durationS: options.durationS, settleS: options.settleS, transports: videoTransports.filter((t) => transports.includes(t)) };
}

/** `/bench?mode=sequential&seconds=10&transports=webrtc,mqtt`: a link that opens with these choices. */
export function runOptionsFromUrl(href: string, base: BenchRunOptions = defaultRunOptions): BenchRunOptions {
  const params = new URL(href).searchParams;
  const change: Partial<BenchRunOptions> = {};
  const mode = benchModeSchema.safeParse(params.get('mode'));
  if (mode.success) change.mode = mode.data;
  const seconds = Number(params.get('seconds') ?? Number.NaN);
  if (Number.isFinite(seconds)) change.durationS = seconds;
  const transports = params.get('transports')?.split(',').filter((t) => videoTransportSchema.safeParse(t).success);
  if (transports?.length) change.transports = transports as BenchRunOptions['transports'];
  try {
    return checkRunOptions(change, base);
  } catch {
    return base; // a bad link opens the page with its defaults; the controls show them
  }
}
