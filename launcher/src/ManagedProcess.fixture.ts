// A child for ManagedProcess.test.ts: says when it was started and when it began to serve.
import { waitIfSpare } from '@dronecast/runtime';

const startedAt = Date.now();
await waitIfSpare();
process.send?.({ type: 'up', pid: process.pid, startedAt, servingAt: Date.now() });
setInterval(() => undefined, 60_000);
