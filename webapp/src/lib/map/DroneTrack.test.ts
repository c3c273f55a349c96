import { describe, expect, it } from 'vitest';
import { DroneTrack } from './DroneTrack.ts';
import { metresBetween, metresPerDegree } from './geo.ts';

/** A point `north` metres north of 47°N 8°E. */
const at = (north: number) => ({ lat: 47 + north / metresPerDegree, lon: 8 });

describe('the drone track', () => {
  it('starts with the first position and adds one each time the drone has moved half a metre', () => {
    const track = new DroneTrack();
    expect(track.add(at(0))).toEqual({ added: true, dropped: 0 });
    expect(track.add(at(0.3))).toEqual({ added: false, dropped: 0 });
    // Measured from the last point kept, not the last sample: slow drift still shows.
    expect(track.add(at(0.55))).toEqual({ added: true, dropped: 0 });
    expect(track.points).toHaveLength(2);
  });

  it('keeps the newest points when full, and says how many it let go', () => {
    const track = new DroneTrack(0.5, 3);
    for (const north of [0, 1, 2]) track.add(at(north));
    expect(track.add(at(3))).toEqual({ added: true, dropped: 1 });
    expect(track.points).toHaveLength(3);
    expect(metresBetween(track.points[0]!, at(1))).toBeLessThan(0.01);
    expect(metresBetween(track.points[2]!, at(3))).toBeLessThan(0.01);
  });

  it('measures east-west steps shorter towards the poles', () => {
    expect(metresBetween({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(metresPerDegree, 0);
    expect(metresBetween({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(metresPerDegree / 2, 0);
  });

  it('copies the positions it keeps', () => {
    const track = new DroneTrack();
    const position = at(0);
    track.add(position);
    position.lat = 0;
    expect(track.points[0]!.lat).toBeCloseTo(47, 6);
  });
});
