import { z } from 'zod';

/** The machine a bench ran on, with its load: every bench's results carry it. */
export const machineSchema = z.object({
  /** Cores this process may use (os.availableParallelism()); kept from the first version of this file. */
  cpus: z.number().int(),
  cpuModel: z.string(),
  /** Logical cores the kernel reports. */
  cores: z.number().int(),
  memoryMb: z.number(),
  os: z.string(),
  node: z.string(),
  chromium: z.string(),
  /** 1, 5 and 15 minute load averages when the bench started: other work on the machine skews the numbers. */
  loadAverage: z.array(z.number()).length(3),
});
export type Machine = z.infer<typeof machineSchema>;
