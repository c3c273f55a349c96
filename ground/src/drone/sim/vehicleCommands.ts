import { ardupilotmega, common, minimal } from 'node-mavlink';
import type { CopterAutopilot } from './CopterAutopilot.ts';

const { MavCmd, MavResult } = common;
const Mode = ardupilotmega.CopterMode;

export interface CommandContext {
  autopilot: CopterAutopilot;
  /** Sends the message once to whoever asked; false if the vehicle can't produce it (yet). */
  sendOnce(msgid: number): boolean;
  /** MAV_CMD_SET_MESSAGE_INTERVAL on the asking channel; false if it can't be streamed. */
  setMessageInterval(msgid: number, intervalUs: number): boolean;
}

/**
 * A COMMAND_LONG or COMMAND_INT (params 1-7 as numbers) run the way ArduCopter runs it; the
 * result goes back in COMMAND_ACK. Commands it doesn't know are MAV_RESULT_UNSUPPORTED.
 */
export function executeCommand(ctx: CommandContext, command: number, p: readonly number[]): common.MavResult {
  const ap = ctx.autopilot;
  const param = (n: number): number => p[n - 1] ?? 0;
  switch (command) {
    case MavCmd.COMPONENT_ARM_DISARM:
      return param(1) === 1 ? ap.arm(param(2)) : param(1) === 0 ? ap.disarm(param(2)) : MavResult.DENIED;
    case MavCmd.DO_SET_MODE:
      // Only custom (ArduCopter) mode numbers: the generic base-mode flags can't name a copter mode.
      if (!(param(1) & minimal.MavModeFlag.CUSTOM_MODE_ENABLED)) return MavResult.DENIED;
      return ap.setMode(Math.round(param(2)));
    case MavCmd.NAV_TAKEOFF:
      return ap.takeoff(param(7));
    case MavCmd.NAV_LAND:
      return ap.setMode(Mode.LAND);
    case MavCmd.NAV_RETURN_TO_LAUNCH:
      return ap.setMode(Mode.RTL);
    case MavCmd.CONDITION_YAW:
      return ap.conditionYaw(param(1), param(2), param(3), param(4) === 1);
    case MavCmd.DO_CHANGE_SPEED:
      return ap.changeSpeed(param(2));
    case MavCmd.SET_MESSAGE_INTERVAL:
      return ctx.setMessageInterval(Math.round(param(1)), param(2)) ? MavResult.ACCEPTED : MavResult.FAILED;
    case MavCmd.REQUEST_MESSAGE:
      return ctx.sendOnce(Math.round(param(1))) ? MavResult.ACCEPTED : MavResult.FAILED;
    case MavCmd.GET_HOME_POSITION:
      return ctx.sendOnce(common.HomePosition.MSG_ID) ? MavResult.ACCEPTED : MavResult.FAILED;
    default:
      return MavResult.UNSUPPORTED;
  }
}
