import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@dronecast/protocol';
import { Allowance } from './Allowance.ts';

describe('Allowance', () => {
  it('refuses past its cap, and counts each place given back once', () => {
    const allowance = new Allowance(2, 'transports per client');
    const first = allowance.take();
    allowance.take();
    expect(() => allowance.take()).toThrow(ProtocolError);
    expect(() => allowance.take()).toThrow(/at most 2 transports per client/);
    first();
    first();
    expect(allowance.inUse).toBe(1);
    allowance.take();
    expect(() => allowance.take()).toThrow(/at most 2/);
  });
});
