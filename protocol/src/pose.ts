import { z } from 'zod';
import { commandAllowed, type CommandVerdict, type RuleTelemetry } from './commandRules.ts';
import type { DroneCommand } from './drone.ts';

/**
 * The body poses the pose worker recognises (see processing/POSES.md for what each looks
 * like); `none` is a person in view in no command pose.
 */
export const poseNames = ['none', 'stop', 'north', 'south', 'east', 'west', 'land', 'rtl'] as const;
export const poseNameSchema = z.enum(poseNames);
export type PoseName = z.infer<typeof poseNameSchema>;
export type CommandPose = Exclude<PoseName, 'none'>;
export const commandPoseSchema = poseNameSchema.exclude(['none']);

/** What each command pose asks of the drone; it goes through the ordinary control path. */
export function poseCommand(pose: CommandPose): DroneCommand {
  switch (pose) {
    case 'stop':
      return { type: 'go', direction: 'Stop' };
    case 'north':
      return { type: 'go', direction: 'North' };
    case 'south':
      return { type: 'go', direction: 'South' };
    case 'east':
      return { type: 'go', direction: 'East' };
    case 'west':
      return { type: 'go', direction: 'West' };
    case 'land':
      return { type: 'land' };
    case 'rtl':
      return { type: 'rtl' };
  }
}

/**
 * Whether body poses may fly the drone now: the contract's rule for moving (commandAllowed: in the
 * air, in GUIDED, link up), and only once the take-off has finished: never on the ground, never
 * mid-take-off, never mid-landing or returning home.
 */
export function poseCommandsVerdict(telemetry: RuleTelemetry | null | undefined): CommandVerdict {
  const moving = commandAllowed({ type: 'go', direction: 'Forward' }, telemetry);
  if (!moving.ok || telemetry?.state === 'flying') return moving;
  return { ok: false, why: `the drone is ${telemetry?.state}, not flying yet` };
}

export const defaultPoseHoldMs = 500;

/** pilot -> SFU: turn pose control on or off (on takes the control lease, like flying does). */
export const poseControlRequest = z.strictObject({
  enabled: z.boolean(),
  /** How long a pose must be held before it becomes a command. */
  holdMs: z.number().int().min(200, 'hold a pose at least 200 ms').max(5000, 'hold a pose at most 5 s').optional(),
});

/** SFU -> everyone (and each client as it joins): whether pose control is on, and for whose camera. */
export const poseControlStateSchema = z.object({
  enabled: z.boolean(),
  holdMs: z.number().int(),
  /** The pilot whose phone camera drives the drone while enabled. */
  pilotPeerId: z.string().nullable(),
});
export type PoseControlState = z.infer<typeof poseControlStateSchema>;

/** processing -> SFU request: a pose was held long enough in this phone camera's video. */
export const poseCommandRequest = z.strictObject({ pose: commandPoseSchema, producerId: z.string().min(1).max(64) });

/** processing -> SFU notification (a few per second), relayed to everyone: what the worker sees. */
export const poseSeenSchema = z.object({
  producerId: z.string().min(1).max(64),
  /** null: nobody (fully) in view. */
  pose: poseNameSchema.nullable(),
  /** Frames the worker analysed per second, and what it skipped to stay live. */
  fps: z.number().min(0),
  inferenceMs: z.number().min(0),
  droppedFrames: z.number().int().min(0),
});
export type PoseSeen = z.infer<typeof poseSeenSchema>;

/** SFU -> everyone: a pose became a command (or was refused); shown on the phone. */
export const poseFiredSchema = z.object({
  pose: commandPoseSchema,
  ok: z.boolean(),
  message: z.string().max(500),
  time: z.number(),
});
export type PoseFired = z.infer<typeof poseFiredSchema>;
