import type { RecordingState } from '@dronecast/protocol';

/**
 * What to tell people when the last recording ended by itself (source gone, low disk, shutdown,
 * ground station offline), or null when there is nothing to say: a recording stopped on request
 * needs no explanation, and a new recording makes the old story moot.
 */
export function recordingEndNotice(state: RecordingState): string | null {
  const end = state.lastEnd;
  if (state.recording || !end || end.reason === 'requested') return null;
  const message = end.message.trim();
  if (!message) return `Recording stopped (${end.reason}).`;
  const sentence = /^recording\b/i.test(message) ? message : `recording stopped: ${message}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1) + (/[.!?]$/.test(sentence) ? '' : '.');
}

/** Which end a notice is about, so dismissing it does not hide a later one. */
export function recordingEndKey(state: RecordingState): string | null {
  const end = state.lastEnd;
  return end ? `${end.id ?? ''}/${end.reason}/${end.message}` : null;
}
