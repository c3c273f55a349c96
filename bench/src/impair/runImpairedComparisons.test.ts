import { describe, expect, it } from 'vitest';
import { networkConditionSchema } from '../resultsSchema.ts';
import { benchImpairments } from './ImpairmentProfile.ts';
import { networkCondition } from './runImpairedComparisons.ts';

describe('networkCondition', () => {
  it('records each bench impairment with its numbers and how it was made', () => {
    const [lossy, capped] = benchImpairments.map(networkCondition);
    expect(lossy).toMatchObject({ lossPercent: 2, delayMs: 50, rateKbps: null });
    expect(lossy?.description).toMatch(/^2% loss, 50 ms delay each way/);
    expect(capped).toMatchObject({ lossPercent: 0, delayMs: 0, rateKbps: 2000 });
    expect(capped?.description).toMatch(/^a 2 Mbit\/s cap/);
    for (const condition of [lossy, capped]) expect(networkConditionSchema.safeParse(condition).success).toBe(true);
  });
});
