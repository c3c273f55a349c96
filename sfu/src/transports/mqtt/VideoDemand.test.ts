import { describe, expect, it } from 'vitest';
import { VideoDemand } from './VideoDemand.ts';

describe('VideoDemand', () => {
  it('counts clients watching a drone video, directly or by wildcard, once each', () => {
    const changes: [string, number][] = [];
    const demand = new VideoDemand((drone, n) => changes.push([drone, n]));
    demand.subscribed('a', ['dronecast/drone1/video/jpeg', 'dronecast/drone1/#']);
    demand.subscribed('b', ['dronecast/drone1/telemetry']);
    demand.subscribed('c', ['dronecast/drone1/+/jpeg']);
    expect(demand.count('drone1')).toBe(2);
    demand.unsubscribed('a', ['dronecast/drone1/video/jpeg']);
    expect(demand.count('drone1')).toBe(2);
    demand.unsubscribed('a', ['dronecast/drone1/#']);
    demand.gone('c');
    expect(demand.count('drone1')).toBe(0);
    expect(changes).toEqual([
      ['drone1', 1],
      ['drone1', 2],
      ['drone1', 1],
      ['drone1', 0],
    ]);
  });

  it('is zero while the drone video is switched off, and counts who is left once it is back on', () => {
    const changes: [string, number][] = [];
    const off = new Set<string>();
    const demand = new VideoDemand((drone, n) => changes.push([drone, n]), (drone) => off.has(drone));
    demand.subscribed('a', ['dronecast/drone1/video/jpeg']);
    demand.subscribed('b', ['dronecast/drone1/#']);
    demand.subscribed('c', ['dronecast/drone2/video/jpeg']);
    off.add('drone1');
    demand.announce('drone1');
    expect(demand.count('drone1')).toBe(0);
    expect(demand.count('drone2')).toBe(1);
    // Changes while off are not told: the demand stays zero.
    demand.unsubscribed('a', ['dronecast/drone1/video/jpeg']);
    expect([...demand.watching('drone1').keys()]).toEqual(['b']);
    off.delete('drone1');
    demand.announce('drone1');
    expect(changes).toEqual([
      ['drone1', 1],
      ['drone1', 2],
      ['drone2', 1],
      ['drone1', 0],
      ['drone1', 1],
    ]);
  });
});
