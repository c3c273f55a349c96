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
});
