import { describe, expect, it } from 'vitest';
import { turnQuotaHolder } from './turnQuotaHolder.ts';

describe('turnQuotaHolder: who a TURN allocation counts against', () => {
  it('is the person for a per-person link, whatever address or socket they come from', () => {
    const alice = { drone: 'd1', role: 'viewer', sub: 'link-3f2a' } as const;
    expect(turnQuotaHolder(alice, '10.0.0.5')).toBe('d1.link-3f2a');
    expect(turnQuotaHolder(alice, '192.168.1.9')).toBe('d1.link-3f2a');
  });

  it('is the address for a shared start-up link, which many phones hold', () => {
    const shared = { drone: 'd1', role: 'viewer', sub: 'viewer' } as const;
    expect(turnQuotaHolder(shared, '10.0.0.5')).toBe('d1.viewer@10.0.0.5');
    expect(turnQuotaHolder(shared, '10.0.0.6')).not.toBe(turnQuotaHolder(shared, '10.0.0.5'));
    // No colon may reach coturn after the expiry's separator.
    expect(turnQuotaHolder(shared, '::ffff:10.0.0.5')).toBe('d1.viewer@--ffff-10.0.0.5');
  });
});
