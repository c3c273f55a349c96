import { describe, expect, it } from 'vitest';
import { droneCommandSchema } from './drone.ts';
import { commandPoseSchema, poseCommand, poseControlRequest, poseNames } from './pose.ts';

describe('pose commands', () => {
  it('maps every command pose to a valid drone command', () => {
    for (const pose of poseNames.filter((p) => p !== 'none')) {
      expect(droneCommandSchema.safeParse(poseCommand(commandPoseSchema.parse(pose))).success).toBe(true);
    }
    expect(poseCommand('stop')).toEqual({ type: 'go', direction: 'Stop' });
    expect(poseCommand('rtl')).toEqual({ type: 'rtl' });
  });

  it('refuses "none" as a command and hold times out of range', () => {
    expect(commandPoseSchema.safeParse('none').success).toBe(false);
    expect(poseControlRequest.safeParse({ enabled: true, holdMs: 50 }).success).toBe(false);
    expect(poseControlRequest.safeParse({ enabled: true, holdMs: 500 }).success).toBe(true);
  });
});
