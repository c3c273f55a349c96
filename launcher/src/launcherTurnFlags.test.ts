import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseLauncherConfig } from './LauncherConfig.ts';
import { sfuTurnArgs } from './TurnProcess.ts';

describe('npm start -- --turn', () => {
  it('is off unless asked, on the standard port when asked', () => {
    expect(parseLauncherConfig([]).turn).toBe(false);
    expect(parseLauncherConfig(['--turn'])).toMatchObject({ turn: true, 'turn-port': 3478 });
    expect(parseLauncherConfig(['--turn', '--turn-port', '3479'])['turn-port']).toBe(3479);
    expect(usageErrorOf(() => parseLauncherConfig(['--turn-port', '70000']))).toMatch(/--turn-port must be at most 65535/);
  });

  it("hands coturn's URLs and secret file to the SFU", () => {
    const ready = { type: 'turn:ready' as const, urls: ['turn:10.0.0.2:3478?transport=udp', 'turn:10.0.0.2:3478?transport=tcp'], secretFile: '/s/turn/secret', port: 3478 };
    expect(sfuTurnArgs(ready)).toEqual(['--turn-url', 'turn:10.0.0.2:3478?transport=udp,turn:10.0.0.2:3478?transport=tcp', '--turn-secret-file', '/s/turn/secret']);
  });
});
