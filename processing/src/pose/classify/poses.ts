import type { CommandPose, PoseName } from '@dronecast/protocol';

/** The pose names (and what each commands) are the protocol's: protocol/src/pose.ts. */
export type { CommandPose, PoseName };

/** How one arm is held, judged in the body's own frame (see bodyFrame.ts). */
export type ArmState = 'down' | 'out' | 'up' | 'onHead' | 'crossed' | 'other';

/**
 * The pose table (processing/POSES.md explains each line). "Left" is the pilot's own left arm.
 * Compass poses point like the pilot's arm would if the pilot faced south: left arm out -> East.
 */
export const POSE_TABLE: readonly { left: ArmState; right: ArmState; pose: CommandPose }[] = [
  { left: 'down', right: 'down', pose: 'stop' },
  { left: 'out', right: 'down', pose: 'east' },
  { left: 'down', right: 'out', pose: 'west' },
  { left: 'up', right: 'up', pose: 'north' },
  { left: 'crossed', right: 'crossed', pose: 'south' },
  { left: 'onHead', right: 'onHead', pose: 'land' },
  { left: 'up', right: 'down', pose: 'rtl' },
  { left: 'down', right: 'up', pose: 'rtl' },
];

export function poseOfArms(left: ArmState, right: ArmState): PoseName {
  return POSE_TABLE.find((row) => row.left === left && row.right === right)?.pose ?? 'none';
}
