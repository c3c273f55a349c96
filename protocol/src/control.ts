import { z } from 'zod';
import { droneCommandSchema, type CommandOutcome } from './drone.ts';

/** Who holds the control lease (one pilot at a time may fly). */
export const leaseHolderSchema = z.object({ peerId: z.string(), since: z.number() }).nullable();
export type LeaseHolder = z.infer<typeof leaseHolderSchema>;

export const droneCommandRequest = z.strictObject({ command: droneCommandSchema });

/** How often the pilot's app says it is still there while it holds the lease, and how long the server waits. */
export const pilotAliveIntervalMs = 250;
export const pilotAliveTimeoutMs = 750;

/** The SFU -> ground agent command, with who sent it (a pilot, the console, or the failsafe). */
export const relayedCommandSchema = z.strictObject({
  command: droneCommandSchema,
  from: z.strictObject({
    peerId: z.string(),
    role: z.string(),
    failsafe: z.boolean(),
    /** pose: the pilot's body pose, seen by the pose worker, not a button. */
    source: z.enum(['manual', 'pose']).optional(),
  }),
});
export type RelayedCommand = z.infer<typeof relayedCommandSchema>;

export const commandOutcomeSchema: z.ZodType<CommandOutcome> = z.union([
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['timeout', 'denied', 'not-allowed', 'link-down']),
    message: z.string(),
    mavResult: z.string().optional(),
  }),
]);
