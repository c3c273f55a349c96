import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCoturnConfig } from './renderCoturnConfig.ts';
import { parseTurnConfig } from './TurnConfig.ts';

const template = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../turnserver.conf.template'), 'utf8');
const secret = 'f'.repeat(64);

/** coturn's directives as "name" or "name=value", comments and blank lines dropped. */
function directives(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

describe('coturn configuration from the template', () => {
  it('writes the loopback test setup: address, ports, shared secret, limits, logs to stdout, loopback peers allowed', () => {
    const config = parseTurnConfig(['--listen-ip', '127.0.0.1', '--port', '3479', '--min-port', '30000', '--max-port', '30040', '--allow-loopback-peers', '--state-dir', '/srv/dc']);
    const lines = directives(renderCoturnConfig(template, { ...config, secret }));
    expect(lines).toEqual(
      expect.arrayContaining([
        'listening-ip=127.0.0.1',
        'listening-port=3479',
        'relay-ip=127.0.0.1',
        'min-port=30000',
        'max-port=30040',
        'use-auth-secret',
        `static-auth-secret=${secret}`,
        'realm=dronecast',
        'no-cli',
        'no-tls',
        'no-dtls',
        'log-file=stdout',
        'allow-loopback-peers',
        'no-tcp-relay',
        'user-quota=12',
        'total-quota=200',
        'max-bps=1000000',
        'pidfile=/srv/dc/turn/turnserver.pid',
      ]),
    );
    expect(lines.some((l) => l.startsWith('external-ip'))).toBe(false);
    expect(lines.join('\n')).not.toMatch(/\{\{/);
    // Only the SFU (here at the listen address) among private and loopback peers.
    expect(lines).toEqual(expect.arrayContaining(['denied-peer-ip=192.168.0.0-192.168.255.255', 'denied-peer-ip=127.0.0.0-127.255.255.255', 'allowed-peer-ip=127.0.0.1']));
  });

  it('keeps coturn refusing loopback peers unless asked, and lets it choose relay addresses for a wildcard', () => {
    const config = parseTurnConfig(['--external-ip', '203.0.113.7']);
    const lines = directives(renderCoturnConfig(template, { ...config, secret }));
    expect(lines).not.toContain('allow-loopback-peers');
    expect(lines.some((l) => l.startsWith('relay-ip'))).toBe(false);
    expect(lines).toContain('listening-ip=0.0.0.0');
    expect(lines).toContain('external-ip=203.0.113.7');
    expect(lines).toContain('denied-peer-ip=10.0.0.0-10.255.255.255');
    expect(lines).not.toContain('denied-peer-ip=127.0.0.0-127.255.255.255');
    expect(lines).toEqual(expect.arrayContaining(['denied-peer-ip=100.64.0.0-100.127.255.255', 'denied-peer-ip=169.254.0.0-169.254.255.255', 'denied-peer-ip=224.0.0.0-255.255.255.255', 'no-multicast-peers']));
    expect(directives(renderCoturnConfig(template, { ...parseTurnConfig(['--tcp-relay']), secret }))).not.toContain('no-tcp-relay');
    const sfu = directives(renderCoturnConfig(template, { ...parseTurnConfig(['--sfu-ip', '192.168.1.10', '--sfu-ip', '10.1.2.3']), secret }));
    expect(sfu.filter((l) => l.startsWith('allowed-peer-ip'))).toEqual(['allowed-peer-ip=192.168.1.10', 'allowed-peer-ip=10.1.2.3']);
  });

  it('refuses a value that would add a directive, and an unknown placeholder', () => {
    const config = parseTurnConfig([]);
    expect(() => renderCoturnConfig(template, { ...config, secret: 'abc\nno-auth' })).toThrow(/secret must be one line/);
    expect(() => renderCoturnConfig(`${template}\nx={{oops}}`, { ...config, secret })).toThrow(/unknown placeholder \{\{oops\}\}/);
  });
});
