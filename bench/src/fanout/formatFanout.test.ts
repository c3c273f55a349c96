import { describe, expect, it } from 'vitest';
import { results } from '../testing/fixtures.ts';
import { formatFanout } from './formatFanout.ts';

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
});
