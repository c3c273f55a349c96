import { z } from 'zod';

/*
 * zod compiles object parsers with new Function() when it can, and probes for it on first use.
 * The pages run under a Content-Security-Policy without 'unsafe-eval' (the SFU's securityHeaders),
 * where that probe is a reported violation; the plain parsers are fast enough for every message
 * here (telemetry at 10/s), in the browser and in Node alike.
 */
z.config({ jitless: true });
