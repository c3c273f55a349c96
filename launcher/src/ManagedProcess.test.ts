import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, processAlive } from '@dronecast/runtime';
import { ManagedProcess } from './ManagedProcess.ts';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ManagedProcess.fixture.ts');
type Up = { type: 'up'; pid: number; startedAt: number; servingAt: number };

let managed: ManagedProcess | undefined;
afterEach(async () => {
  await managed?.stop();
});

function nextUp(process: ManagedProcess): Promise<Up> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if ((message as Up).type !== 'up') return;
      process.off('message', onMessage);
      resolve(message as Up);
    };
    process.on('message', onMessage);
  });
}


describe('ManagedProcess with a spare', () => {
  it('after a crash, the spare started before it takes over (no cold start), and a new spare is made', async () => {
    managed = new ManagedProcess({ name: 'fixture', script: fixture, args: [], cwd: process.cwd(), restart: true, logger: createLogger('test'), spare: true });
    const first = nextUp(managed);
    managed.start();
    const up = await first;
    await expect.poll(() => managed?.loadedSparePid, { timeout: 20_000 }).toBeTypeOf('number');
    const sparePid = managed.loadedSparePid;
    const spareStarted = Date.now();
    const again = nextUp(managed);
    const killedAt = Date.now();
    managed.kill('SIGKILL');
    const taken = await again;
    expect(taken.pid).not.toBe(up.pid);
    expect(taken.pid).toBe(sparePid);
    expect(managed.pid).toBe(taken.pid);
    // Started before the crash, serving only after it: the spare, held until it was needed.
    expect(taken.startedAt).toBeLessThan(spareStarted);
    expect(taken.servingAt).toBeGreaterThanOrEqual(killedAt);
    // And another spare stands by for the next crash.
    await expect.poll(() => managed?.loadedSparePid, { timeout: 20_000 }).toBeTypeOf('number');
    expect(managed.loadedSparePid).not.toBe(taken.pid);
  }, 60_000);

  it('stops the spare with the process', async () => {
    managed = new ManagedProcess({ name: 'fixture', script: fixture, args: [], cwd: process.cwd(), restart: true, logger: createLogger('test'), spare: true });
    const first = nextUp(managed);
    managed.start();
    await first;
    await expect.poll(() => managed?.loadedSparePid, { timeout: 20_000 }).toBeTypeOf('number');
    const sparePid = managed.loadedSparePid ?? 0;
    await managed.stop();
    await expect.poll(() => processAlive(sparePid), { timeout: 5000 }).toBe(false);
  }, 60_000);
});
