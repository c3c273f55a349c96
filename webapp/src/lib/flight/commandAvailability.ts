import { commandAllowed, type DroneCommand, type Telemetry } from '@dronecast/protocol';

/**
 * Whether a button makes sense now, and if not why (shown as the button's hint): the contract's
 * rule (commandAllowed, which the ground agent applies too), after what only a page can know (the
 * ground station is offline). The drone has the last word: a command it refuses comes back with its reason.
 */
export function commandAvailability(command: DroneCommand, telemetry: Telemetry | null, agentOnline: boolean, heldBack = false): { ok: boolean; why: string } {
  // Another pilot's lease holds this page back (the console flies regardless and passes false).
  if (heldBack) return { ok: false, why: 'another pilot has control' };
  if (!agentOnline) return { ok: false, why: 'the ground station is offline' };
  const verdict = commandAllowed(command, telemetry);
  return verdict.ok ? { ok: true, why: '' } : { ok: false, why: verdict.why };
}

/** A full forward stick: what the sticks' availability is judged by (centred sticks are always allowed). */
export const stickProbe: DroneCommand = { type: 'stick', forward: 1, right: 0, up: 0, yaw: 0 };
