import { describe, expect, it } from 'vitest';
import { stickPosition } from './stickAxes.ts';

describe('a touch on a stick as axes', () => {
  it('reads zero in the dead zone, full at the edge, and up as positive', () => {
    expect(stickPosition(3, -3, 100)).toEqual({ x: 0, y: 0 });
    expect(stickPosition(0, -100, 100)).toEqual({ x: 0, y: 1 });
    expect(stickPosition(-100, 0, 100)).toEqual({ x: -1, y: 0 });
  });

  it('keeps the finger inside the circle: a corner is not faster than an edge', () => {
    const corner = stickPosition(200, -200, 100);
    expect(Math.hypot(corner.x, corner.y)).toBeLessThan(1);
    expect(corner.x).toBeCloseTo(corner.y);
  });

  it('is gentler near the centre than a straight line, and grows steadily', () => {
    const half = stickPosition(0, -50, 100).y;
    expect(half).toBeGreaterThan(0.2);
    expect(half).toBeLessThan(0.5);
    const steps = [20, 40, 60, 80, 100].map((d) => stickPosition(d, 0, 100).x);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});
