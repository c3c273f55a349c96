import { stickCentred, type DroneCommand, type DroneState, type Telemetry } from './drone.ts';

/** What the rule reads of the drone's telemetry. */
export type RuleTelemetry = Pick<Telemetry, 'state' | 'linkLost' | 'armed' | 'flightMode'>;

/** Whether a command makes sense now and, if not, why, in words a pilot can act on. */
export type CommandVerdict = { ok: true } | { ok: false; why: string };

const allowed: CommandVerdict = { ok: true };
const refused = (why: string): CommandVerdict => ({ ok: false, why });

/** In the air, from lift-off to touch-down. */
export const airborneStates: ReadonlySet<DroneState> = new Set(['takingOff', 'flying', 'returning', 'landing']);

/** Flight modes ArduCopter arms in; from the others (LAND, RTL) the ground agent switches to GUIDED first. */
export const armableModes: ReadonlySet<string> = new Set(['STABILIZE', 'GUIDED', 'LOITER']);

/**
 * THE rule for what may be sent when, from the drone's telemetry: the phone's and the console's
 * buttons, the pose gate and the ground agent's own pre-checks all ask it, so a control is never
 * enabled and then always refused. The vehicle still has the last word (pre-arm checks, a GPS fix);
 * its refusals come back with its reason.
 *
 * The dead ends it rules out:
 * - Take off works from any landed state: the ground agent sets GUIDED and arms as needed.
 * - During Return home or a landing the sticks and the pad give way to taking over (setMode
 *   GUIDED, which hovers), since the vehicle ignores setpoints outside GUIDED.
 */
export function commandAllowed(command: DroneCommand, telemetry: RuleTelemetry | null | undefined): CommandVerdict {
  // Not about the vehicle's state: the link itself, and a setting kept for the next move.
  if (command.type === 'connect' || command.type === 'disconnect' || command.type === 'setSpeed') return allowed;
  if (!telemetry || telemetry.state === 'disconnected') return refused('no drone connected');
  if (telemetry.linkLost) return refused('the drone link is lost');
  const airborne = airborneStates.has(telemetry.state);
  switch (command.type) {
    case 'arm':
      if (telemetry.armed) return refused('already armed');
      return airborne ? refused('in the air') : allowed;
    case 'disarm':
      if (!telemetry.armed) return refused('not armed');
      return airborne ? refused('in the air: land first') : allowed;
    case 'takeoff':
      return airborne ? refused('already in the air') : allowed;
    case 'setMode':
      return allowed;
    case 'go':
      // Stop is always safe: in the air it hovers, on the ground it ends any stream of setpoints.
      if (command.direction === 'Stop') return allowed;
      return guidedFlight(telemetry);
    case 'stick':
      // Sticks let go are a Stop.
      return stickCentred(command) ? allowed : guidedFlight(telemetry);
    case 'heading':
    case 'goto':
      return guidedFlight(telemetry);
    case 'land':
      if (!airborne) return refused('not in the air');
      return telemetry.state === 'landing' ? refused('already landing') : allowed;
    case 'rtl':
      if (!airborne) return refused('not in the air');
      return telemetry.state === 'returning' ? refused('already returning home') : allowed;
  }
}

/** Moving and turning: the vehicle follows setpoints only in the air and in GUIDED. */
function guidedFlight(telemetry: RuleTelemetry): CommandVerdict {
  if (!airborneStates.has(telemetry.state)) return refused('take off first');
  if (telemetry.state === 'returning') return refused('returning home: take over first');
  if (telemetry.state === 'landing') return refused('landing: take over first');
  if (telemetry.flightMode !== 'GUIDED') return refused(`the drone is in ${telemetry.flightMode}: take over first`);
  return allowed;
}

/**
 * Whether "Take over" makes sense: the drone flies itself (returning home, landing, or another
 * mode) and GUIDED would hand it back to the pilot, hovering where it is.
 */
export function canTakeOver(telemetry: RuleTelemetry | null | undefined): boolean {
  return !!telemetry && !telemetry.linkLost && airborneStates.has(telemetry.state) && telemetry.flightMode !== 'GUIDED';
}
