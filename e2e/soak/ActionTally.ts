import { ProtocolError } from '@dronecast/protocol';

export const actionKinds = ['join', 'leave', 'switch', 'fly', 'photo', 'record', 'delete', 'view'] as const;
export type ActionKind = (typeof actionKinds)[number];

/**
 * How an action ended. refused: the system said no for a reason a person could act on (another
 * pilot holds control, a recording already runs): expected under churn. aborted: the phone left
 * while it ran. failed: no answer, no video, an internal error: what a bug looks like.
 */
export const outcomes = ['ok', 'refused', 'aborted', 'failed'] as const;
export type Outcome = (typeof outcomes)[number];

export interface Problem {
  /** Seconds since the churn started. */
  at: number;
  kind: ActionKind | 'process' | 'telemetry' | 'stack';
  phone?: string;
  outcome: 'refused' | 'failed';
  message: string;
}

/** Thrown by an action for an answer that is expected under churn (counted as refused, not failed). */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** Refusals the contract gives for the state of things, not for a fault: under churn they happen. */
const expectedCodes = new Set(['INVALID_STATE', 'NOT_FOUND']);

/** Whether an error from a request is a refusal under churn, or a sign of a fault. */
export function isExpectedRefusal(error: unknown): boolean {
  if (error instanceof Refusal) return true;
  if (!(error instanceof ProtocolError)) return false;
  if (expectedCodes.has(error.code)) return true;
  // UNAVAILABLE with a reason (no picture right now, ground offline) is a refusal; without an answer at all it is a fault.
  return error.code === 'UNAVAILABLE' && !/no answer|did not answer|in time/.test(error.message);
}

/** Counts of every action by kind and outcome, and the problems seen, in order. */
export class ActionTally {
  readonly counts = Object.fromEntries(actionKinds.map((k) => [k, Object.fromEntries(outcomes.map((o) => [o, 0]))])) as Record<
    ActionKind,
    Record<Outcome, number>
  >;
  readonly problems: Problem[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly verbose = false,
  ) {}

  /**
   * Runs one action and files its outcome. `left()` says whether the phone was told to leave
   * meanwhile: then any failure is the leaving, not a fault.
   */
  async run(kind: ActionKind, phone: string, action: () => Promise<void>, left: () => boolean = () => false): Promise<Outcome> {
    let outcome: Outcome;
    const started = Date.now();
    try {
      await action();
      outcome = 'ok';
    } catch (error) {
      const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      if (left()) outcome = 'aborted';
      else if (isExpectedRefusal(error)) {
        outcome = 'refused';
        this.note(kind, 'refused', message, phone);
      } else {
        outcome = 'failed';
        this.note(kind, 'failed', message, phone);
      }
    }
    this.counts[kind][outcome]++;
    if (this.verbose) process.stderr.write(`soak: ${this.secondsNow()}s ${kind} ${phone}: ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return outcome;
  }

  note(kind: Problem['kind'], outcome: Problem['outcome'], message: string, phone?: string): void {
    const problem: Problem = { at: this.secondsNow(), kind, outcome, message };
    if (phone !== undefined) problem.phone = phone;
    this.problems.push(problem);
    if (outcome === 'failed') process.stderr.write(`soak: ${problem.at}s ${kind}${phone ? ` ${phone}` : ''} FAILED: ${message}\n`);
  }

  private secondsNow(): number {
    return Math.round((Date.now() - this.startedAt) / 100) / 10;
  }

  get failures(): Problem[] {
    return this.problems.filter((p) => p.outcome === 'failed');
  }
}
