import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { velocityFor } from './directions.ts';

const speeds = { horizontal: 2, vertical: 0.5 };

describe('velocityFor', () => {
  it('flies the compass points in the earth frame, diagonals at the same speed', () => {
    expect(velocityFor('North', speeds, 30)).toEqual({ frame: common.MavFrame.LOCAL_NED, vx: 2, vy: 0, vz: 0, yawDeg: 30 });
    expect(velocityFor('West', speeds, 30)).toMatchObject({ vx: 0, vy: -2 });
    const se = velocityFor('SouthEast', speeds, 0);
    expect(se.vx).toBeCloseTo(-Math.SQRT2, 10);
    expect(se.vy).toBeCloseTo(Math.SQRT2, 10);
    expect(Math.hypot(se.vx, se.vy)).toBeCloseTo(2, 10);
  });

  it('flies Forward/Back/Left/Right/Up/Down in the body frame, holding the heading given', () => {
    expect(velocityFor('Forward', speeds, 90)).toEqual({ frame: common.MavFrame.BODY_NED, vx: 2, vy: 0, vz: 0, yawDeg: 90 });
    expect(velocityFor('Left', speeds, 90)).toMatchObject({ vx: 0, vy: -2, vz: 0 });
    expect(velocityFor('Up', speeds, 90)).toMatchObject({ vx: 0, vy: 0, vz: -0.5 });
    expect(velocityFor('Down', speeds, 90)).toMatchObject({ vz: 0.5 });
  });
});
