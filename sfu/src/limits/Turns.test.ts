import { describe, expect, it } from 'vitest';
import { Turns } from './Turns.ts';

/** A job the test finishes by hand. */
function heldJob() {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { job: () => done, finish: () => finish() };
}

describe('Turns', () => {
  it('runs at most its share at once, the rest in order of arrival, and refuses past its queue', async () => {
    const turns = new Turns(2, 2, 'gallery reads');
    const started: number[] = [];
    const jobs = [0, 1, 2, 3].map(() => heldJob());
    const runs = jobs.map((held, i) => turns.run(() => (started.push(i), held.job())));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    await expect(turns.run(() => Promise.resolve())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    jobs[1]!.finish();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect(turns.inFlight).toBe(2);
    for (const held of jobs) held.finish();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(turns.inFlight).toBe(0);
  });

  it('gives the place back when a job fails', async () => {
    const turns = new Turns(1, 0, 'photos');
    await expect(turns.run(() => Promise.reject(new Error('no camera')))).rejects.toThrow('no camera');
    await expect(turns.run(() => Promise.resolve('taken'))).resolves.toBe('taken');
  });
});
