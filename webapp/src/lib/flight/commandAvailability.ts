import type { DroneCommand, Telemetry } from '@dronecast/protocol';

export type FlightAction = 'arm' | 'disarm' | 'takeoff' | 'go' | 'land' | 'rtl';

/**
 * Whether a button makes sense now, from the drone's telemetry, and if not why (shown as the
 * button's hint). The drone has the last word: a command it refuses comes back with its reason.
 */
export function actionAvailability(action: FlightAction, telemetry: Telemetry | null, agentOnline: boolean): { ok: boolean; why: string } {
  if (!agentOnline) return { ok: false, why: 'the ground station is offline' };
  if (!telemetry || telemetry.state === 'disconnected') return { ok: false, why: 'no drone connected' };
  if (telemetry.linkLost) return { ok: false, why: 'the drone link is lost' };
  const { state, armed } = telemetry;
  const flying = state === 'flying' || state === 'takingOff' || state === 'returning' || state === 'landing';
  switch (action) {
    case 'arm':
      return armed ? { ok: false, why: 'already armed' } : { ok: true, why: '' };
    case 'disarm':
      return !armed ? { ok: false, why: 'not armed' } : flying ? { ok: false, why: 'in the air: land first' } : { ok: true, why: '' };
    case 'takeoff':
      return !armed ? { ok: false, why: 'arm first' } : flying ? { ok: false, why: 'already in the air' } : { ok: true, why: '' };
    case 'go':
      return state === 'flying' || state === 'returning' ? { ok: true, why: '' } : { ok: false, why: 'take off first' };
    case 'land':
    case 'rtl':
      return flying ? { ok: true, why: '' } : { ok: false, why: 'not in the air' };
  }
}

export function actionOf(command: DroneCommand): FlightAction | undefined {
  switch (command.type) {
    case 'arm':
    case 'disarm':
    case 'takeoff':
    case 'go':
    case 'land':
    case 'rtl':
      return command.type;
    default:
      return undefined;
  }
}
