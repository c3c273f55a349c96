import { z } from 'zod';

/**
 * ground (the agent) and processing are service roles; console is the ground station's button
 * panel (flies without the lease, picks the drone connection, watches every video); pilot flies
 * (one at a time, via the control lease); viewer only watches.
 */
export const roles = ['ground', 'console', 'pilot', 'viewer', 'processing'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** The kinds of video a router carries, named by where they come from. */
export const mediaSources = ['drone-camera', 'phone-camera', 'processed-camera'] as const;
export const mediaSourceSchema = z.enum(mediaSources);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

const producers: Record<Role, readonly MediaSource[]> = {
  ground: ['drone-camera'],
  console: [],
  pilot: ['phone-camera'],
  viewer: [],
  processing: ['processed-camera'],
};

const consumers: Record<Role, readonly MediaSource[]> = {
  ground: ['processed-camera', 'phone-camera'],
  console: ['drone-camera', 'processed-camera', 'phone-camera'],
  pilot: ['drone-camera', 'processed-camera'],
  viewer: ['drone-camera', 'processed-camera'],
  processing: ['phone-camera'],
};

export function mayProduce(role: Role, source: MediaSource): boolean {
  return producers[role].includes(source);
}

export function mayConsume(role: Role, source: MediaSource): boolean {
  return consumers[role].includes(source);
}

export const droneIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a drone id is 1-32 lowercase letters, digits or dashes');
