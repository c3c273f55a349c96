import { describe, expect, it } from 'vitest';
import { reachesOnlyVideo } from './mqttAccessRules.ts';

describe('reachesOnlyVideo', () => {
  it('names the filters refused while MQTT video is off: those that bring video and nothing else a tool reads', () => {
    for (const filter of ['dronecast/d1/video/jpeg', 'dronecast/d1/video/#', 'dronecast/d1/+/jpeg', 'dronecast/d1/video/+']) {
      expect(reachesOnlyVideo('d1', filter)).toBe(true);
    }
    for (const filter of ['dronecast/d1/#', 'dronecast/d1/telemetry', 'dronecast/d1/events', 'dronecast/d1/video/demand', 'dronecast/d2/video/jpeg']) {
      expect(reachesOnlyVideo('d1', filter)).toBe(false);
    }
  });
});
