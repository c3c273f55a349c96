import { timingSafeEqual } from 'node:crypto';

export interface MetricsAccessOptions {
  /** --metrics-token: a fixed token for a Prometheus elsewhere. */
  metricsToken?: string;
  /** True for a valid console-role access token (the ground station's). */
  isConsoleToken(token: string): boolean;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may read /metrics: anyone on this machine (a local Prometheus or node exporter), others only
 * with `Authorization: Bearer <metrics token or console token>`; the numbers tell who is
 * connected and what the ground station does, so they are not for every phone on the LAN.
 */
export function metricsAccessDenial(remoteAddress: string | undefined, authorization: string | undefined, options: MetricsAccessOptions): string | undefined {
  if (isLoopbackAddress(remoteAddress)) return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return 'metrics from another machine need Authorization: Bearer <metrics token or console token>';
  if (options.metricsToken && sameSecret(token, options.metricsToken)) return undefined;
  if (options.isConsoleToken(token)) return undefined;
  return 'that token may not read metrics (use the --metrics-token or the console token)';
}
