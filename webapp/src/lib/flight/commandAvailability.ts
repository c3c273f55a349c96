import { commandAllowed, type DroneCommand, type Telemetry } from '@dronecast/protocol';

/**
 * Whether a button makes sense now, and if not why (shown as the button's hint): the contract's
 * rule (commandAllowed, which the ground agent applies too), after what only a page can know (the
 * ground station is offline). The drone has the last word: a command it refuses comes back with its reason.
 */
export function commandAvailability(command: DroneCommand, telemetry: Telemetry | null, agentOnline: boolean): { ok: boolean; why: string } {
  if (!agentOnline) return { ok: false, why: 'the ground station is offline' };
  const verdict = commandAllowed(command, telemetry);
  return verdict.ok ? { ok: true, why: '' } : { ok: false, why: verdict.why };
}
