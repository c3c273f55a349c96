/** One thing the fuzzer caught: what went wrong and the input that did it, ready to replay. */
export interface FuzzFailure {
  kind: string;
  what: string;
  input: string;
}

const keptFailures = 40;
const maxInputChars = 4000;

/**
 * What a fuzz run saw: cases per kind, how each was answered, and the failures (the first few kept
 * in full, all counted). Fuzzers only add to it; the runner judges it.
 */
export class FuzzReport {
  readonly cases = new Map<string, number>();
  readonly outcomes = new Map<string, Map<string, number>>();
  readonly failures: FuzzFailure[] = [];
  failureCount = 0;
  /** Requests (socket.io, HTTP) never answered within their timeout. */
  unanswered = 0;
  /** Processes of the stack that exited on their own during the run. */
  readonly crashes: string[] = [];
  rssBeforeKb = 0;
  rssAfterKb = 0;
  /** Half-way through the run: growth after it is what a leak shows once V8 has sized its heap. */
  rssHalfwayKb = 0;
  rssPeakKb = 0;

  /** A case of this kind ran; `outcome` says how it was answered (e.g. INVALID_PAYLOAD, 404, connack-4). */
  count(kind: string, outcome: string): void {
    this.cases.set(kind, (this.cases.get(kind) ?? 0) + 1);
    const byOutcome = this.outcomes.get(kind) ?? new Map<string, number>();
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    this.outcomes.set(kind, byOutcome);
  }

  fail(kind: string, what: string, input: string): void {
    this.failureCount++;
    if (this.failures.length < keptFailures) this.failures.push({ kind, what, input: input.length > maxInputChars ? `${input.slice(0, maxInputChars)}…` : input });
  }

  get totalCases(): number {
    return [...this.cases.values()].reduce((sum, n) => sum + n, 0);
  }

  get rssGrowthMb(): number {
    return (this.rssAfterKb - this.rssBeforeKb) / 1024;
  }

  get rssSecondHalfGrowthMb(): number {
    return (this.rssAfterKb - this.rssHalfwayKb) / 1024;
  }

  /** For people: one line per kind with its commonest outcomes, then the failures in full. */
  format(): string {
    const lines: string[] = [];
    for (const [kind, n] of [...this.cases].sort()) {
      const outcomes = [...(this.outcomes.get(kind) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 12);
      lines.push(`  ${kind.padEnd(20)} ${String(n).padStart(7)} cases  (${outcomes.map(([o, c]) => `${o} ${c}`).join(', ')})`);
    }
    const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
    lines.push(
      `cases: ${this.totalCases}; crashes: ${this.crashes.length}${this.crashes.length ? ` (${this.crashes.join('; ')})` : ''}; unanswered: ${this.unanswered}; failures: ${this.failureCount}`,
      `SFU RSS: before ${mb(this.rssBeforeKb)}, after ${mb(this.rssAfterKb)} (${this.rssGrowthMb >= 0 ? '+' : ''}${this.rssGrowthMb.toFixed(1)} MB; ${this.rssSecondHalfGrowthMb >= 0 ? '+' : ''}${this.rssSecondHalfGrowthMb.toFixed(1)} MB in the second half), peak ${mb(this.rssPeakKb)}`,
    );
    for (const failure of this.failures) lines.push(`FAIL [${failure.kind}] ${failure.what}\n     input: ${failure.input}`);
    if (this.failureCount > this.failures.length) lines.push(`… and ${this.failureCount - this.failures.length} more failures`);
    return lines.join('\n');
  }
}
