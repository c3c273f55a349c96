import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseTurnConfig, turnUrls } from './TurnConfig.ts';

describe('npm run turn flags', () => {
  it('defaults to the standard port on every address, a relay range and loopback peers refused', () => {
    const config = parseTurnConfig([]);
    expect(config).toMatchObject({ listenIp: '0.0.0.0', port: 3478, minPort: 49160, maxPort: 49200, realm: 'dronecast', allowLoopbackPeers: false });
    expect(config.relayIp).toBeUndefined();
    expect(config.stateDir).toMatch(/\.dronecast\/turn$/);
  });

  it('relays from the listening address when it is a single one, and names it in the URLs', () => {
    const config = parseTurnConfig(['--listen-ip', '127.0.0.1', '--port', '3479', '--allow-loopback-peers', '--state-dir', '/tmp/x']);
    expect(config).toMatchObject({ relayIp: '127.0.0.1', publicHost: '127.0.0.1', allowLoopbackPeers: true, stateDir: '/tmp/x/turn' });
    expect(turnUrls(config)).toEqual(['turn:127.0.0.1:3479?transport=udp', 'turn:127.0.0.1:3479?transport=tcp']);
    expect(turnUrls({ publicHost: '::1', port: 3478 })[0]).toBe('turn:[::1]:3478?transport=udp');
  });

  it('explains bad values with the usage', () => {
    const error = (argv: string[]) => usageErrorOf(() => parseTurnConfig(argv));
    expect(error(['--port', '0'])).toMatch(/--port must be at least 1[\s\S]*Usage: npm run turn/);
    expect(error(['--listen-ip', 'everywhere'])).toMatch(/--listen-ip: expected an IP address/);
    expect(error(['--min-port', '50000', '--max-port', '49999'])).toMatch(/--min-port must be below --max-port/);
    expect(error(['--realm', 'a\nno-auth'])).toMatch(/--realm: letters, digits, dots and dashes/);
    expect(error(['--max-bps', '10'])).toMatch(/--max-bps must be at least 10000/);
    expect(error(['--static-auth-secret', 'x'])).toMatch(/Unknown option '--static-auth-secret'/);
  });
});
