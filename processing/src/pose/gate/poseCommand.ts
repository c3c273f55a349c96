import type { DroneCommand } from '@dronecast/protocol';

import type { CommandPose } from '../classify/poses.ts';

/** Each pose as the command a pilot's button would send (protocol's compass directions, land, RTL). */
export const POSE_COMMANDS: Readonly<Record<CommandPose, DroneCommand>> = {
  stop: { type: 'go', direction: 'Stop' },
  east: { type: 'go', direction: 'East' },
  west: { type: 'go', direction: 'West' },
  north: { type: 'go', direction: 'North' },
  south: { type: 'go', direction: 'South' },
  land: { type: 'land' },
  rtl: { type: 'rtl' },
};

export function commandForPose(pose: CommandPose): DroneCommand {
  return POSE_COMMANDS[pose];
}
