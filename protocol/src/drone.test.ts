import { describe, expect, it } from 'vitest';
import { leavesDroneMoving } from './drone.ts';

describe('leavesDroneMoving', () => {
  it('is the one rule both failsafes use', () => {
    expect(leavesDroneMoving({ type: 'go', direction: 'North' })).toBe(true);
    expect(leavesDroneMoving({ type: 'go', direction: 'Up' })).toBe(true);
    expect(leavesDroneMoving({ type: 'goto', lat: 41, lon: 2, alt: 10 })).toBe(true);
    for (const type of ['land', 'rtl', 'disarm', 'disconnect'] as const) expect(leavesDroneMoving({ type })).toBe(false);
    expect(leavesDroneMoving({ type: 'go', direction: 'Stop' })).toBe(false);
    expect(leavesDroneMoving({ type: 'heading', degrees: 90 })).toBeUndefined();
    expect(leavesDroneMoving({ type: 'arm' })).toBeUndefined();
  });
});
