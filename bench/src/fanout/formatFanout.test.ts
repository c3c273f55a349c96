import { describe, expect, it } from 'vitest';
import { results } from '../testing/fixtures.ts';
import { formatFanout, formatFanoutComparison } from './formatFanout.ts';

describe('formatFanout', () => {
  it('leads with consumers carried and per core, then a line per step', () => {
    const fanout = results([]).fanout;
    if (!fanout) throw new Error('the fixture has a fan-out result');
    const lines = formatFanout(fanout).split('\n');
    expect(lines[1]).toContain('50 consumers within 1% loss and 95% of the worker');
    expect(lines[1]).toContain('526 consumers per worker core');
    expect(lines[2]).toContain('receivers lost 1.6%');
    expect(lines.slice(3)).toHaveLength(2);
    expect(lines[4]).toMatch(/100 consumers\s+worker\s+19.1%\s+loss\s+1.6%/);
  });

  it('compares worker counts: consumers and per core for each, and the most this machine carried', () => {
    const one = results([]).fanout!;
    const two = { ...one, options: { ...one.options, sfuWorkers: 2 }, maxConsumers: 800, consumersPerWorkerCore: 610, outMbpsPerWorkerCore: 590, stoppedBecause: 'an SFU worker used 97% of a core at 850 consumers' };
    const lines = formatFanoutComparison([one, two]).split('\n');
    expect(lines[1]).toMatch(/1 SFU worker :\s+50 consumers,\s+526 per worker core/);
    expect(lines[2]).toMatch(/2 SFU workers:\s+800 consumers,\s+610 per worker core, 590 Mbit\/s out per worker core \(an SFU worker used 97%/);
    expect(lines[3]).toContain('most on this machine: 800 consumers with 2 SFU worker(s)');
  });

  it('shows each worker\'s CPU on a step of a spread run', () => {
    const one = results([]).fanout!;
    const step = { consumers: 100, workerCpuPercent: 30, workerCpuPercents: [16, 14], receiverCpuPercent: 25, lossPercent: 0, outMbps: 100, workerRssMb: 40 };
    const text = formatFanout({ ...one, options: { ...one.options, sfuWorkers: 2 }, steps: [step] });
    expect(text.split('\n')[0]).toContain('over 2 SFU workers (pipeToRouter)');
    expect(text).toMatch(/100 consumers\s+worker\s+30%\s+\(16% \+ 14%\)\s+receiver 25%/);
  });
});
