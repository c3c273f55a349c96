import type { CommandFeedback } from './FlightControls.ts';

/** The last command's answer in words, as the fly view and the flight panel show it. */
export function feedbackText(last: CommandFeedback): string {
  const answer = last.state === 'pending' ? 'sending…' : last.state === 'done' ? 'done' : `refused — ${last.message}`;
  return `${last.label}: ${answer}`;
}
