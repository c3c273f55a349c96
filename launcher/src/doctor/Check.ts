/**
 * One external part dronecast needs, as `npm run doctor` and `npm start` report it.
 * `note` is fine as it is but worth a line (e.g. certificates not made yet: npm start makes them).
 */
export interface CheckResult {
  /** What was checked, e.g. "ffmpeg" or "port 8443/tcp". */
  name: string;
  status: 'ok' | 'note' | 'missing';
  /** What was found, or what to do. */
  detail: string;
  /** What goes without it (e.g. "recording is unavailable"), when not ok. */
  impact?: string;
  /** npm start cannot run at all while this is missing (a busy port, no mediasoup worker). */
  blocksStart?: boolean;
}

export const isProblem = (check: CheckResult): boolean => check.status === 'missing';

const labels: Record<CheckResult['status'], string> = { ok: 'OK     ', note: 'NOTE   ', missing: 'MISSING' };

/** One line each: status, name, then what was found or what to do. */
export function formatChecks(checks: readonly CheckResult[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .map((c) => `${labels[c.status]} ${c.name.padEnd(width)}  ${c.detail}${c.impact && c.status !== 'ok' ? ` (${c.impact})` : ''}`)
    .join('\n');
}
