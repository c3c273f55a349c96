import { z } from 'zod';

/** --metrics-token: lets a Prometheus on another machine read /metrics (loopback needs no token). */
export const metricsFlags = {
  'metrics-token': { type: 'string' },
} as const;

export const metricsFlagSchema = {
  'metrics-token': z.string().min(16, '--metrics-token must be at least 16 characters').optional(),
};

export const metricsUsage = `  --metrics-token <t>       Bearer token for /metrics from other machines (also the console token works; loopback needs none)`;
