import { common } from 'node-mavlink';

/** e.g. "MAV_RESULT_DENIED", the name pilots find in the MAVLink docs. */
export function mavResultName(result: number): string {
  return `MAV_RESULT_${(common.MavResult as Record<number, string | undefined>)[result] ?? result}`;
}

/** e.g. "MAV_CMD_NAV_TAKEOFF". */
export function mavCmdName(command: number): string {
  return `MAV_CMD_${(common.MavCmd as Record<number, string | undefined>)[command] ?? command}`;
}
