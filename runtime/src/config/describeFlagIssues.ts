import type { z } from 'zod';
import type { FlagOrigins } from './layeredFlagValues.ts';

/**
 * Like describeIssues, but a value that came from the environment or the configuration file is
 * named by that source: "dronecast.json: sfu.port must be 1-65535", "DRONECAST_PORT: must be a
 * number", so the user knows which of the three places to fix.
 */
export function describeFlagIssues(error: z.ZodError, origins: FlagOrigins): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const key = issue.path.length ? String(issue.path[0]) : undefined;
      const origin = key === undefined ? undefined : origins[key];
      const path = issue.path.length ? issue.path.join('.') : 'payload';
      if (!key || !origin || origin === `--${key}`) return `${path}: ${issue.message}`;
      const flag = `--${key}`;
      return issue.message.includes(flag) ? issue.message.replace(flag, origin) : `${origin}: ${issue.message}`;
    })
    .join('; ');
}
