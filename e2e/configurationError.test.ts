import { describe, expect, it } from 'vitest';
import { startLoopbackStack } from '@dronecast/launcher';

describe('a process that refuses its configuration', () => {
  it('is reported to the launcher (which then stops everything), not restarted forever', async () => {
    const stack = await startLoopbackStack({ drone: 'carrier-pigeon:7' });
    try {
      await expect.poll(() => stack.stack.refusedConfiguration, { timeout: 20_000 }).toEqual(['ground agent']);
      expect(await stack.logs()).toMatch(/bad connection "carrier-pigeon:7"[\s\S]*udpout:HOST:PORT/);
      // Not restarted: no second copy of the message appears.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await stack.logs()).match(/bad connection "carrier-pigeon:7"/g)).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
